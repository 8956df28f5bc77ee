package fr.mssnode.mail.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

/**
 * A raw IMAP conversation over IMAPS, one tagged command at a time, for tests that must send the exact command a
 * client sends and read the exact answer (what Jakarta Mail's IMAP client would rewrite or hide).
 */
public final class ImapDialogue implements AutoCloseable {
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int tag;

    private ImapDialogue(Socket socket) throws IOException {
        this.socket = socket;
        this.socket.setSoTimeout(Integer.getInteger("imap.test.timeout", 60_000));
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        String greeting = readLine();
        if (!greeting.startsWith("* OK")) {
            throw new IOException("Unexpected greeting: " + greeting);
        }
    }

    public static ImapDialogue connect(int imapsPort, SSLContext tls) throws IOException {
        return connectFrom(InetAddress.getLoopbackAddress(), imapsPort, tls);
    }

    /** Connects from another local address (127.0.0.2 and so on: another client, as far as the node can tell). */
    public static ImapDialogue connectFrom(InetAddress client, int imapsPort, SSLContext tls) throws IOException {
        Socket plain = new Socket(InetAddress.getLoopbackAddress(), imapsPort, client, 0);
        return new ImapDialogue(tls.getSocketFactory().createSocket(plain, "127.0.0.1", imapsPort, true));
    }

    public static ImapDialogue login(int imapsPort, SSLContext tls, String user, String password) throws IOException {
        ImapDialogue dialogue = connect(imapsPort, tls);
        dialogue.expectOk("LOGIN " + quoted(user) + " " + quoted(password));
        return dialogue;
    }

    /** The answer of one command: its untagged lines (literals inlined) and its tagged status line. */
    public record Answer(List<String> untagged, String status) {
        public boolean ok() {
            return status.contains(" OK");
        }

        /** The numbers of the untagged SEARCH (or SORT) answer, as written. */
        public String numbers(String keyword) {
            return untagged.stream().filter(line -> line.startsWith("* " + keyword))
                .map(line -> line.substring(("* " + keyword).length()).trim())
                .findFirst().orElseThrow(() -> new AssertionError("no * " + keyword + " in " + this));
        }
    }

    /** Sends one command; a literal written in it as {n}CRLF waits for the server's go-ahead, as RFC 3501 asks. */
    public Answer send(String command) throws IOException {
        String t = "a" + (++tag);
        String[] pieces = command.split("(?<=\\{\\d{1,9}})\r\n");
        write(t + " " + pieces[0] + "\r\n");
        for (int i = 1; i < pieces.length; i++) {
            String go = readLine();
            if (!go.startsWith("+")) {
                return new Answer(List.of(), go);
            }
            write(pieces[i] + "\r\n");
        }
        return readAnswer(t);
    }

    public Answer expectOk(String command) throws IOException {
        Answer answer = send(command);
        if (!answer.ok()) {
            throw new IOException(command + " answered " + answer.status());
        }
        return answer;
    }

    /** APPEND with a synchronising literal, as mail clients send it. */
    public Answer append(String mailbox, String flags, String message) throws IOException {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        String t = "a" + (++tag);
        write(t + " APPEND " + quoted(mailbox) + (flags.isEmpty() ? "" : " (" + flags + ")") + " {" + bytes.length + "}\r\n");
        String go = readLine();
        if (!go.startsWith("+")) {
            throw new IOException("APPEND refused its literal: " + go);
        }
        out.write(bytes);
        write("\r\n");
        Answer answer = readAnswer(t);
        if (!answer.ok()) {
            throw new IOException("APPEND answered " + answer.status());
        }
        return answer;
    }

    /** Writes bytes as they are (a command line, part of a literal): for tests that speak out of turn. */
    public void writeRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** The next line from the server, as it comes; empty at the end of the stream. */
    public java.util.Optional<String> nextLine() throws IOException {
        try {
            return java.util.Optional.of(rawLine());
        } catch (IOException closed) {
            if (socket.isClosed() || closed.getMessage().contains("closed")) {
                return java.util.Optional.empty();
            }
            throw closed;
        }
    }

    private Answer readAnswer(String t) throws IOException {
        List<String> untagged = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line.startsWith(t + " ")) {
                return new Answer(untagged, line);
            }
            untagged.add(line);
        }
    }

    /** One response line, with any literal it announces read into it. */
    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(rawLine());
        Matcher literal = LITERAL.matcher(line);
        while (literal.find()) {
            byte[] data = in.readNBytes(Integer.parseInt(literal.group(1)));
            line.append("\r\n").append(new String(data, StandardCharsets.UTF_8)).append(rawLine());
            literal = LITERAL.matcher(line);
        }
        return line.toString();
    }

    private String rawLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("The server closed the connection");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    public static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public void close() throws IOException {
        try {
            send("LOGOUT");
        } catch (IOException e) {
            // already gone
        }
        socket.close();
    }
}
