package bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** One IMAPS connection, commands one at a time, APPEND with a non-synchronising literal (LITERAL+). */
final class ImapClient implements AutoCloseable {
    private final SSLSocket socket;
    private final InputStream in;
    private final OutputStream out;
    private int tag;

    ImapClient(SSLContext tls, int port) throws IOException {
        socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port);
        socket.setSoTimeout(120_000);
        socket.setTcpNoDelay(true);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        line();
    }

    List<String> ok(String command) throws IOException {
        String t = "t" + (++tag);
        out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return answer(t);
    }

    /** The tagged status line of one command, whatever it says (OK, NO or BAD). */
    String status(String command) throws IOException {
        String t = "t" + (++tag);
        out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return tagged(t);
    }

    /** SEARCH CHARSET UTF-8 TEXT with the words as a literal, as mail clients send accented words. */
    List<String> search(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        String t = "t" + (++tag);
        ByteArrayOutputStream command = new ByteArrayOutputStream();
        command.writeBytes((t + " SEARCH CHARSET UTF-8 TEXT {" + bytes.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
        command.writeBytes(bytes);
        command.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write(command.toByteArray());
        out.flush();
        return answer(t);
    }

    void append(String mailbox, String message) throws IOException {
        String status = appendStatus(mailbox, message);
        if (!status.contains(" OK")) {
            throw new IOException("Refused: " + status);
        }
    }

    /** APPEND, and its tagged status line whatever it says. */
    String appendStatus(String mailbox, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        String t = "t" + (++tag);
        // One write, one TLS record: three small writes would each wait for the server's delayed ACK (Nagle).
        ByteArrayOutputStream command = new ByteArrayOutputStream(bytes.length + 64);
        command.writeBytes((t + " APPEND " + mailbox + " {" + bytes.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
        command.writeBytes(bytes);
        command.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.write(command.toByteArray());
        out.flush();
        return tagged(t);
    }

    /** Bytes as they are, out of turn: for a client that does not wait for the server. */
    void raw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The server's next line, whatever it is. */
    String nextLine() throws IOException {
        return line();
    }

    private String tagged(String t) throws IOException {
        for (String line = line(); ; line = line()) {
            if (line.startsWith(t + " ")) {
                return line;
            }
        }
    }

    private List<String> answer(String t) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = line();
            if (line.startsWith(t + " ")) {
                if (!line.startsWith(t + " OK")) {
                    throw new IOException("Refused: " + line);
                }
                return lines;
            }
            lines.add(line);
        }
    }

    private String line() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
