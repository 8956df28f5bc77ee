package bench;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A minimal SMTP client on loopback: one command, one (possibly multi-line) reply. */
final class SmtpClient implements AutoCloseable {
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;

    private SmtpClient(int port) throws IOException {
        attach(new Socket(InetAddress.getLoopbackAddress(), port));
        socket.setSoTimeout(60_000);
        reply();
    }

    /** The node's submission port: EHLO, STARTTLS, EHLO again, AUTH PLAIN as the account; ready for MAIL. */
    static SmtpClient submission(SSLContext tls, int port, String[] account) throws IOException {
        SmtpClient smtp = new SmtpClient(port);
        try {
            smtp.expect("EHLO bench.test", "250");
            smtp.startTls(tls);
            smtp.expect("EHLO bench.test", "250");
            String token = Base64.getEncoder().encodeToString(("\0" + account[0] + "\0" + account[1]).getBytes(StandardCharsets.UTF_8));
            smtp.expect("AUTH PLAIN " + token, "235");
            return smtp;
        } catch (IOException | RuntimeException e) {
            smtp.socket.close();
            throw e;
        }
    }

    /** Another MTA on loopback: EHLO, STARTTLS, EHLO again, no AUTH; ready for MAIL. */
    static SmtpClient relay(SSLContext tls, int port) throws IOException {
        SmtpClient smtp = new SmtpClient(port);
        try {
            smtp.expect("EHLO bench.test", "250");
            smtp.startTls(tls);
            smtp.expect("EHLO bench.test", "250");
            return smtp;
        } catch (IOException | RuntimeException e) {
            smtp.socket.close();
            throw e;
        }
    }

    private void attach(Socket newSocket) throws IOException {
        socket = newSocket;
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        out = new BufferedOutputStream(socket.getOutputStream(), 32 * 1024);
    }

    private void startTls(SSLContext tls) throws IOException {
        expect("STARTTLS", "220");
        SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
        secure.startHandshake();
        attach(secure);
    }

    /** Sends one command and returns its reply, whatever it says. */
    String command(String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply();
    }

    /** Sends one command; fails unless the reply starts with the code. */
    void expect(String command, String code) throws IOException {
        String reply = command(command);
        if (!reply.startsWith(code)) {
            throw new IOException(command.split(" ")[0] + " answered: " + reply);
        }
    }

    /** The message after DATA's 354 (its lines never start with a dot), then the end of data; the reply. */
    String data(String message) throws IOException {
        out.write(message.getBytes(StandardCharsets.UTF_8));
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return reply();
    }

    private String reply() throws IOException {
        String line;
        StringBuilder all = new StringBuilder();
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("Connection closed after: " + all);
            }
            all.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        return all.toString().trim();
    }

    @Override
    public void close() throws IOException {
        try {
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } finally {
            socket.close();
        }
    }
}
