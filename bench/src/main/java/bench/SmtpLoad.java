package bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;


/**
 * Load over submission (STARTTLS + AUTH, many transactions per connection) against a fresh demo node, with one
 * IMAPS reader per mailbox noting when each message becomes visible. Loopback only; bounded in count and time.
 */
public final class SmtpLoad {
    private static final String MACHINE = Machine.describe();

    private final ConcurrentHashMap<String, Long> acceptedAt = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Long> visibleAt = new ConcurrentHashMap<>();

    /** What each message carries: the same 15 KB CDA-like note, or one document of the realistic corpus each. */
    private final boolean realistic;
    private String[] prepared;

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int messages = Integer.parseInt(args[1]);
        int connections = Integer.parseInt(args[2]);
        new SmtpLoad(args.length > 3 && args[3].equals("realistic")).run(jar, messages, connections);
    }

    private SmtpLoad(boolean realistic) {
        this.realistic = realistic;
    }

    private void run(Path jar, int messages, int connections) throws Exception {
        if (realistic) {
            prepare(messages);
        }
        Path var = Files.createTempDirectory("bench-node");
        int submission = freePort();
        int imaps = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        // NODE_JAVA_OPTS: extra JVM options for the node (a profiler, a heap size), split on spaces.
        String javaOptions = System.getenv().getOrDefault("NODE_JAVA_OPTS", "").trim();
        if (!javaOptions.isEmpty()) {
            command.addAll(List.of(javaOptions.split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "demo", "--node.var-dir=" + var, "--node.bind-address=127.0.0.1",
            "--node.ports.smtp=" + freePort(), "--node.ports.submission=" + submission, "--node.ports.imap=" + freePort(),
            "--node.ports.imaps=" + imaps, "--server.port=" + freePort(), "--logging.level.root=WARN"));
        // NODE_ARGS: extra node settings (--name=value), split on spaces, e.g. another mail pipeline to compare.
        String nodeArguments = System.getenv().getOrDefault("NODE_ARGS", "").trim();
        if (!nodeArguments.isEmpty()) {
            command.addAll(List.of(nodeArguments.split("\\s+")));
        }
        long startedAt = System.nanoTime();
        Process node = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(var.resolve("node.log").toFile()).start();
        try {
            Path ready = var.resolve("demo.properties");
            while (!Files.exists(ready)) {
                if (!node.isAlive() || System.nanoTime() - startedAt > TimeUnit.SECONDS.toNanos(180)) {
                    throw new IllegalStateException("The node did not start; see " + var.resolve("node.log"));
                }
                Thread.sleep(50);
            }
            double startSeconds = (System.nanoTime() - startedAt) / 1e9;
            Properties demo = new Properties();
            try (InputStream in = Files.newInputStream(ready)) {
                demo.load(in);
            }
            SSLContext tls = trusting(var.resolve("tls/dev-certificate.pem"));
            List<String[]> accounts = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                accounts.add(new String[] {demo.getProperty("account." + i + ".address"), demo.getProperty("account." + i + ".password")});
            }
            long cpuBefore = cpuMillis(node.pid());
            Result result = load(tls, submission, imaps, accounts, messages, connections);
            double cpuPerMessage = (cpuMillis(node.pid()) - cpuBefore) / (double) messages;
            long rssMb = residentMb(node.pid());
            String date = LocalDate.now().toString();
            String how = "bash bench/smtp-load.sh " + messages + " " + connections + (realistic ? " realistic" : "");
            if (realistic) {
                System.out.printf("%nsmtp-filing-realistic-msgs-per-s: %.1f msgs/s (%s, %s, %s, %d messages over %d submission"
                        + " sessions (STARTTLS + AUTH), each with one document of the realistic corpus (%.1f MB in all, largest %.1f MB),"
                        + " signed on behalf, filed, delivered: messages divided by the time from the first MAIL to the last one"
                        + " visible over IMAPS; accepted %.1f msgs/s, visible p50 %d ms, p99 %d ms; %s)%n", result.pipelinePerSecond,
                    date, MACHINE, database(), messages, connections, preparedBytes / 1e6, largestPrepared / 1048576.0,
                    result.perSecond, result.p50, result.p99, how);
            }
            System.out.printf("%nsmtp-ingest-msgs-per-s: %.1f msgs/s (%s, %s, %s)%n", result.perSecond, date, MACHINE, how);
            System.out.printf("smtp-visible-p50-ms: %d ms (%s, %s, %s)%n", result.p50, date, MACHINE, how);
            System.out.printf("smtp-visible-p99-ms: %d ms (%s, %s, %s)%n", result.p99, date, MACHINE, how);
            System.out.printf("node-start-s: %.1f s (%s, %s, %s)%n", startSeconds, date, MACHINE, how);
            System.out.printf("node-rss-mb: %d MB (%s, %s, %s)%n", rssMb, date, MACHINE, how);
            System.out.printf("(%d messages of %d bytes, %d refused, max visibility %d ms, node CPU %.1f ms per message)%n",
                messages, result.size, result.refused, result.max, cpuPerMessage);
        } finally {
            node.destroy();
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroyForcibly();
            }
        }
    }

    private record Result(double perSecond, long p50, long p99, long max, int size, int refused, double pipelinePerSecond) {
    }

    private long preparedBytes;
    private long largestPrepared;

    /** One message per realistic document, written before the clock starts (the generator is not what is measured). */
    private void prepare(int messages) {
        fr.mssnode.fixtures.cda.RealisticCorpus corpus = new fr.mssnode.fixtures.cda.RealisticCorpus(7);
        prepared = new String[messages];
        java.util.stream.IntStream.range(0, messages).parallel().forEach(n -> {
            fr.mssnode.fixtures.cda.RealisticCorpus.Document document = corpus.document(n);
            prepared[n] = message("bench-" + n, "%FROM%", "%TO%", document.bytes(), document.mediaType(), document.fileName());
        });
        for (String message : prepared) {
            preparedBytes += message.length();
            largestPrepared = Math.max(largestPrepared, message.length());
        }
        System.out.printf("prepared %d messages with realistic documents, %.1f MB%n", messages, preparedBytes / 1e6);
    }

    private static String database() {
        String url = System.getenv().getOrDefault("NODE_DATABASE_URL", "");
        return url.isEmpty() ? "embedded Derby" : "PostgreSQL local (" + url.replaceAll("\\?.*", "") + ")";
    }

    private Result load(SSLContext tls, int submission, int imaps, List<String[]> accounts, int messages, int connections)
        throws Exception {
        AtomicBoolean reading = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(accounts.size());
        CountDownLatch readersReady = new CountDownLatch(accounts.size());
        List<Future<?>> readerTasks = new ArrayList<>();
        for (String[] account : accounts) {
            readerTasks.add(readers.submit(() -> {
                watch(tls, imaps, account[0], account[1], reading, readersReady);
                return null;
            }));
        }
        readersReady.await(60, TimeUnit.SECONDS);

        String attachment = cdaLikeXml();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        ExecutorService senders = Executors.newFixedThreadPool(connections);
        List<Future<?>> sent = new ArrayList<>();
        long begin = System.nanoTime();
        for (int c = 0; c < connections; c++) {
            String[] sender = accounts.get(c % accounts.size());
            sent.add(senders.submit(() -> {
                send(tls, submission, sender, accounts, attachment, next, messages, refused);
                return null;
            }));
        }
        for (Future<?> task : sent) {
            task.get(30, TimeUnit.MINUTES);
        }
        long lastAccepted = acceptedAt.values().stream().mapToLong(Long::longValue).max().orElse(begin);
        double perSecond = acceptedAt.size() / ((lastAccepted - begin) / 1e9);
        senders.shutdown();

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(900);
        while (visibleAt.size() < acceptedAt.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        reading.set(false);
        readers.shutdown();
        readers.awaitTermination(30, TimeUnit.SECONDS);
        if (visibleAt.size() < acceptedAt.size()) {
            throw new IllegalStateException((acceptedAt.size() - visibleAt.size()) + " accepted messages never became visible");
        }
        long[] delays = acceptedAt.entrySet().stream()
            .mapToLong(e -> Math.max(0, TimeUnit.NANOSECONDS.toMillis(visibleAt.get(e.getKey()) - e.getValue())))
            .sorted().toArray();
        long lastVisible = visibleAt.values().stream().mapToLong(Long::longValue).max().orElse(begin);
        return new Result(perSecond, percentile(delays, 50), percentile(delays, 99), delays[delays.length - 1],
            message("x", "a@b", "c@d", attachment).length(), refused.get(), acceptedAt.size() / ((lastVisible - begin) / 1e9));
    }

    private void send(SSLContext tls, int port, String[] sender, List<String[]> accounts, String attachment,
                      AtomicInteger next, int total, AtomicInteger refused) throws IOException {
        try (Smtp smtp = new Smtp(tls, port)) {
            smtp.expect("EHLO bench.test", "250");
            smtp.startTls();
            smtp.expect("EHLO bench.test", "250");
            String token = Base64.getEncoder().encodeToString(("\0" + sender[0] + "\0" + sender[1]).getBytes(StandardCharsets.UTF_8));
            smtp.expect("AUTH PLAIN " + token, "235");
            int n;
            while ((n = next.getAndIncrement()) < total) {
                String id = "bench-" + n;
                String recipient = accounts.get((accounts.indexOf(sender) + 1 + n % (accounts.size() - 1)) % accounts.size())[0];
                smtp.expect("MAIL FROM:<" + sender[0] + ">", "250");
                smtp.expect("RCPT TO:<" + recipient + ">", "250");
                smtp.expect("DATA", "354");
                String reply = smtp.data(realistic ? prepared[n].replace("%FROM%", sender[0]).replace("%TO%", recipient)
                    : message(id, sender[0], recipient, attachment));
                if (reply.startsWith("250")) {
                    acceptedAt.put(id, System.nanoTime());
                } else {
                    refused.incrementAndGet();
                    System.err.println("Refused " + id + ": " + reply);
                }
            }
        }
    }

    /** Polls one INBOX over a raw IMAPS connection and notes when each bench message first shows up. */
    private void watch(SSLContext tls, int port, String user, String password, AtomicBoolean reading, CountDownLatch ready)
        throws Exception {
        try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(60_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            in.readLine();
            imap(in, out, "a LOGIN \"" + user + "\" \"" + password + "\"");
            // EXISTS may come with any response (NOOP or FETCH): always keep the latest.
            int exists = exists(imap(in, out, "b SELECT INBOX"), 0);
            int seen = exists;
            ready.countDown();
            int tag = 0;
            while (reading.get()) {
                exists = exists(imap(in, out, "n" + (tag++) + " NOOP"), exists);
                if (exists > seen) {
                    long now = System.nanoTime();
                    int upTo = exists;
                    List<String> fetched = imap(in, out, "f" + (tag++) + " FETCH " + (seen + 1) + ":" + upTo
                        + " (BODY.PEEK[HEADER.FIELDS (X-BENCH-ID)])");
                    for (String line : fetched) {
                        if (line.regionMatches(true, 0, "X-Bench-Id:", 0, 11)) {
                            visibleAt.putIfAbsent(line.substring(11).trim(), now);
                        }
                    }
                    exists = exists(fetched, exists);
                    seen = upTo;
                } else {
                    Thread.sleep(20);
                }
            }
            imap(in, out, "z LOGOUT");
        }
    }

    /** Sends one tagged IMAP command and returns every line up to its tagged completion. */
    private static List<String> imap(BufferedReader in, OutputStream out, String command) throws IOException {
        String tag = command.substring(0, command.indexOf(' '));
        out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        List<String> lines = new ArrayList<>();
        String line;
        while ((line = in.readLine()) != null) {
            lines.add(line);
            if (line.startsWith(tag + " ")) {
                if (!line.startsWith(tag + " OK")) {
                    throw new IOException(command.split(" ")[1] + " answered: " + line);
                }
                return lines;
            }
        }
        throw new IOException("IMAP connection closed");
    }

    private static int exists(List<String> lines, int otherwise) {
        int count = otherwise;
        for (String line : lines) {
            if (line.startsWith("* ") && line.endsWith(" EXISTS")) {
                count = Integer.parseInt(line.substring(2, line.length() - 7).trim());
            }
        }
        return count;
    }

    private static String message(String id, String from, String to, String attachment) {
        return message(id, from, to, attachment.replace("BENCH-DOCUMENT-ID", id).getBytes(StandardCharsets.UTF_8),
            "application/hl7-cda+xml", "cr.xml");
    }

    private static String message(String id, String from, String to, byte[] document, String mediaType, String fileName) {
        String boundary = "=_bench_" + id;
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: Compte rendu " + id + "\r\nX-Bench-Id: " + id
            + "\r\nMessage-ID: <" + id + "@bench.test>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\""
            + boundary + "\"\r\n\r\n--" + boundary + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + "Veuillez trouver ci-joint le compte rendu de consultation.\r\n\r\n--" + boundary
            + "\r\nContent-Type: " + mediaType + "; name=\"" + fileName + "\"\r\nContent-Disposition: attachment; filename=\""
            + fileName + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(document)
            + "\r\n--" + boundary + "--\r\n";
    }

    /**
     * About 15 KB of a synthetic CDA consultation note (no real data), valid enough to be filed in the dossier of a
     * demonstration patient: each message carries its own document id (BENCH-DOCUMENT-ID is replaced).
     */
    private static String cdaLikeXml() {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\">\n"
            + "  <id root=\"1.2.250.1.999.2.1\" extension=\"BENCH-DOCUMENT-ID\"/>\n"
            + "  <code code=\"11488-4\" codeSystem=\"2.16.840.1.113883.6.1\" displayName=\"Consultation note\"/>\n"
            + "  <title>Compte rendu de consultation</title>\n  <confidentialityCode code=\"N\"/>\n"
            + "  <recordTarget><patientRole><id root=\"1.2.250.1.213.1.4.10\" extension=\"285057512000579\"/><patient><name>"
            + "<given>Camille</given><family qualifier=\"BR\">DURAND</family></name></patient></patientRole></recordTarget>\n"
            + "  <author><assignedAuthor><id root=\"1.2.250.1.71.4.2.1\" extension=\"810000000017\"/></assignedAuthor></author>\n"
            + "  <component><structuredBody>\n");
        int section = 0;
        while (xml.length() < 15_000) {
            xml.append("    <component><section><title>Section ").append(++section)
                .append("</title><text>Examen clinique sans particularité. Tension artérielle 12/8, fréquence cardiaque 72, ")
                .append("auscultation normale, pas de souffle. Poursuite du traitement en cours.</text></section></component>\n");
        }
        return xml.append("  </structuredBody></component>\n</ClinicalDocument>\n").toString();
    }

    static long percentile(long[] sorted, int percent) {
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static long residentMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    /** CPU time (user + system) the process has used so far, from /proc (clock ticks of 10 ms). */
    private static long cpuMillis(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    static SSLContext trusting(Path pem) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            store.setCertificateEntry("node", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    /** A minimal SMTP client: one command, one (possibly multi-line) reply. */
    private static final class Smtp implements AutoCloseable {
        private final SSLContext tls;
        private Socket socket;
        private BufferedReader in;
        private OutputStream out;

        Smtp(SSLContext tls, int port) throws IOException {
            this.tls = tls;
            attach(new Socket(InetAddress.getLoopbackAddress(), port));
            socket.setSoTimeout(60_000);
            reply();
        }

        private void attach(Socket newSocket) throws IOException {
            socket = newSocket;
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            out = new java.io.BufferedOutputStream(socket.getOutputStream(), 32 * 1024);
        }

        void startTls() throws IOException {
            expect("STARTTLS", "220");
            SSLSocket secure = (SSLSocket) tls.getSocketFactory().createSocket(socket, "localhost", socket.getPort(), true);
            secure.startHandshake();
            attach(secure);
        }

        void expect(String command, String code) throws IOException {
            out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String reply = reply();
            if (!reply.startsWith(code)) {
                throw new IOException(command.split(" ")[0] + " answered: " + reply);
            }
        }

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

}
