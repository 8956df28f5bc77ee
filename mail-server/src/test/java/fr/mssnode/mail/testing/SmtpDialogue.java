package fr.mssnode.mail.testing;

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

/**
 * A raw SMTP client for asserting the node's exact replies (code, enhanced status, sentence).
 * Lines end in CRLF, as SMTP requires.
 */
public final class SmtpDialogue implements AutoCloseable {
    private Socket socket;
    private BufferedReader in;
    private OutputStream out;
    private final SSLContext tls;

    private SmtpDialogue(Socket socket, SSLContext tls) throws IOException {
        this.tls = tls;
        attach(socket);
    }

    public static SmtpDialogue connect(int port, SSLContext tls) throws IOException {
        return connectFrom(InetAddress.getLoopbackAddress(), port, tls);
    }

    /** Connects from another local address (127.0.0.2 and so on: another client, as far as the node can tell). */
    public static SmtpDialogue connectFrom(InetAddress client, int port, SSLContext tls) throws IOException {
        SmtpDialogue dialogue = new SmtpDialogue(new Socket(InetAddress.getLoopbackAddress(), port, client, 0), tls);
        dialogue.socket.setSoTimeout(30_000);
        String greeting = dialogue.readReply();
        if (!greeting.startsWith("220")) {
            throw new IOException("Unexpected greeting: " + greeting);
        }
        return dialogue;
    }

    private void attach(Socket newSocket) throws IOException {
        socket = newSocket;
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
        out = socket.getOutputStream();
    }

    /** Sends one command line and returns the whole (possibly multi-line) reply. */
    public String send(String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readReply();
    }

    public String ehlo(String name) throws IOException {
        return send("EHLO " + name);
    }

    /** STARTTLS, then EHLO again as RFC 3207 requires. */
    public String startTls(String ehloName) throws IOException {
        String reply = send("STARTTLS");
        if (!reply.startsWith("220")) {
            throw new IOException("STARTTLS refused: " + reply);
        }
        SSLSocket secure = (SSLSocket) tls.getSocketFactory()
            .createSocket(socket, "localhost", socket.getPort(), true);
        secure.setUseClientMode(true);
        secure.startHandshake();
        attach(secure);
        return ehlo(ehloName);
    }

    public String authPlain(String user, String password) throws IOException {
        String token = Base64.getEncoder().encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
        return send("AUTH PLAIN " + token);
    }

    /** DATA with the given message (CRLF line ends, dot-stuffed here). */
    public String data(String message) throws IOException {
        String reply = send("DATA");
        if (!reply.startsWith("354")) {
            return reply;
        }
        StringBuilder body = new StringBuilder();
        for (String line : message.split("\r?\n", -1)) {
            body.append(line.startsWith(".") ? "." + line : line).append("\r\n");
        }
        body.append(".\r\n");
        out.write(body.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        return readReply();
    }

    public boolean isTls() {
        return socket instanceof SSLSocket;
    }

    public String tlsProtocol() {
        return ((SSLSocket) socket).getSession().getProtocol();
    }

    private String readReply() throws IOException {
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("Connection closed; reply so far: " + reply);
            }
            reply.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        return reply.toString().trim();
    }

    @Override
    public void close() throws IOException {
        try {
            if (!socket.isClosed()) {
                out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException ignored) {
            // already gone
        } finally {
            socket.close();
        }
    }
}
