package bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * IMAP SEARCH TEXT (substring, RFC 3501) in one mailbox of many messages, over IMAPS, against a fresh demo node:
 * the messages are APPENDed (a realistic letter each: a subject, a sender, a body of clinical French of 1-3 KB),
 * then each query is a slice of a word or of a message's own reference, so that answers range from thousands of
 * messages to one. Prints imap-search-p50-ms and imap-search-p99-ms.
 */
public final class ImapSearchBench {
    private static final String[] WORDS = ("consultation cardiologie échographie insuffisance cardiaque hypertension "
        + "artérielle diabète glycémie hémoglobine ordonnance traitement radiographie thoracique scanner abdominal "
        + "biologie créatinine kaliémie natrémie cholestérol triglycérides vaccination grippe rappel allergie pénicilline "
        + "fracture poignet rééducation kinésithérapie douleur thoracique dyspnée œdème membres inférieurs fibrillation "
        + "auriculaire anticoagulant surveillance tensionnelle compte rendu hospitalisation sortie médecin traitant "
        + "secrétariat adressage avis spécialisé résultats normaux contrôle trimestriel").split(" ");
    private static final String[] SENDERS = {"Dr Léa Martin <lea.martin@chu-sud.test>", "Secrétariat cardiologie <cardio@hopital-nord.test>",
        "Laboratoire Bio+ <resultats@labo.test>", "Dr Hugo Bernard <hugo.bernard@cabinet.test>", "Radiologie <imagerie@clinique.test>"};

    private ImapSearchBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int messages = Integer.parseInt(args[1]);
        int queries = Integer.parseInt(args[2]);
        Path var = Files.createTempDirectory("bench-imap");
        int imaps = SmtpLoad.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", jar.toAbsolutePath().toString(), "demo", "--node.var-dir=" + var, "--node.bind-address=127.0.0.1",
            "--node.ports.smtp=" + SmtpLoad.freePort(), "--node.ports.submission=" + SmtpLoad.freePort(),
            "--node.ports.imap=" + SmtpLoad.freePort(), "--node.ports.imaps=" + imaps, "--server.port=" + SmtpLoad.freePort(),
            "--logging.level.root=WARN"));
        Process node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(var.resolve("node.log").toFile()).start();
        try {
            Path ready = var.resolve("demo.properties");
            long started = System.nanoTime();
            while (!Files.exists(ready)) {
                if (!node.isAlive() || System.nanoTime() - started > TimeUnit.SECONDS.toNanos(180)) {
                    throw new IllegalStateException("The node did not start; see " + var.resolve("node.log"));
                }
                Thread.sleep(50);
            }
            Properties demo = new Properties();
            try (InputStream in = Files.newInputStream(ready)) {
                demo.load(in);
            }
            SSLContext tls = SmtpLoad.trusting(var.resolve("tls/dev-certificate.pem"));
            try (Imap imap = new Imap(tls, imaps)) {
                imap.ok("LOGIN \"" + demo.getProperty("account.1.address") + "\" \"" + demo.getProperty("account.1.password") + "\"");
                imap.ok("CREATE Correspondance");
                Random random = new Random(42);
                long appendStart = System.nanoTime();
                for (int n = 0; n < messages; n++) {
                    imap.append("Correspondance", letter(n, random));
                    if ((n + 1) % 10_000 == 0) {
                        System.out.printf("appended %d messages (%.0f/s)%n", n + 1, (n + 1) / ((System.nanoTime() - appendStart) / 1e9));
                    }
                }
                double appendPerSecond = messages / ((System.nanoTime() - appendStart) / 1e9);
                // EXAMINE, not SELECT: SELECT first clears \Recent on all 50,000 new messages, which James's JPA
                // store does one message at a time (minutes); that is the store's cost, not the search's.
                imap.ok("EXAMINE Correspondance");
                for (int i = 0; i < 50; i++) {
                    imap.search(query(random, messages));
                }
                long[] latencies = new long[queries];
                long hits = 0;
                for (int i = 0; i < queries; i++) {
                    String query = query(random, messages);
                    long t0 = System.nanoTime();
                    List<String> answer = imap.search(query);
                    latencies[i] = System.nanoTime() - t0;
                    hits += answer.stream().filter(line -> line.startsWith("* SEARCH")).mapToLong(line -> line.split(" ").length - 2).sum();
                }
                Arrays.sort(latencies);
                String how = String.format("%s, %s, %s, one mailbox of %,d messages APPENDed over IMAPS (%.0f/s), "
                        + "%d SEARCH TEXT queries of a 3-9 character slice of a word or of a message reference, %.0f hits on average, "
                        + "one connection, after 50 warm-up queries; bash bench/imap-search.sh %d %d",
                    LocalDate.now(), Machine.describe(), database(), messages, appendPerSecond, queries, hits / (double) queries, messages, queries);
                System.out.printf("%nimap-search-p50-ms: %.2f ms (%s)%n", SmtpLoad.percentile(latencies, 50) / 1e6, how);
                System.out.printf("imap-search-p99-ms: %.2f ms (%s)%n", SmtpLoad.percentile(latencies, 99) / 1e6, how);
            }
        } finally {
            node.destroy();
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    private static String database() {
        String url = System.getenv().getOrDefault("NODE_DATABASE_URL", "");
        return url.isEmpty() ? "embedded Derby" : "PostgreSQL local";
    }

    private static String letter(int n, Random random) {
        StringBuilder body = new StringBuilder();
        int words = 150 + random.nextInt(300);
        for (int i = 0; i < words; i++) {
            body.append(WORDS[random.nextInt(WORDS.length)]).append(i % 12 == 11 ? ".\r\n" : " ");
        }
        return "From: " + SENDERS[random.nextInt(SENDERS.length)] + "\r\nTo: dr.lefebvre@hopital-nord.test\r\n"
            + "Subject: " + WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)] + " réf. R" + (100000 + n)
            + "\r\nDate: Mon, 7 Dec 2026 10:" + String.format("%02d", n % 60) + ":00 +0100\r\nMessage-ID: <r" + n + "@bench.test>"
            + "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + body + "\r\nRéférence du dossier : R" + (100000 + n) + "\r\n";
    }

    /** Half slices of words (many hits), half slices of one message's reference (one to a few hits). */
    private static String query(Random random, int messages) {
        String source = random.nextBoolean() ? WORDS[random.nextInt(WORDS.length)] : "R" + (100000 + random.nextInt(messages));
        int length = Math.min(source.length(), 3 + random.nextInt(7));
        int from = random.nextInt(source.length() - length + 1);
        return source.substring(from, from + length);
    }

    /** One IMAPS connection, commands one at a time, APPEND with a non-synchronising literal (LITERAL+). */
    private static final class Imap implements AutoCloseable {
        private final SSLSocket socket;
        private final InputStream in;
        private final OutputStream out;
        private int tag;

        Imap(SSLContext tls, int port) throws IOException {
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
            byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
            String t = "t" + (++tag);
            // One write, one TLS record: three small writes would each wait for the server's delayed ACK (Nagle).
            ByteArrayOutputStream command = new ByteArrayOutputStream(bytes.length + 64);
            command.writeBytes((t + " APPEND " + mailbox + " {" + bytes.length + "+}\r\n").getBytes(StandardCharsets.US_ASCII));
            command.writeBytes(bytes);
            command.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(command.toByteArray());
            out.flush();
            answer(t);
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
}
