package bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A fresh demo node in its own process and var/ folder, on free loopback ports (its database: embedded Derby, or
 * the one NODE_DATABASE_URL names, passed on through the environment), ready when demo.properties is written.
 * NODE_JAVA_OPTS adds JVM options (a profiler, a heap size), NODE_ARGS node settings (--name=value), both split on
 * spaces.
 */
final class DemoNode implements AutoCloseable {
    final Process process;
    final Path var;
    final int submission;
    final int imaps;
    final int https;
    final double startSeconds;
    final Properties demo = new Properties();
    final SSLContext tls;

    private DemoNode(Process process, Path var, int submission, int imaps, int https, long launchedAt) throws Exception {
        this.process = process;
        this.https = https;
        this.var = var;
        this.submission = submission;
        this.imaps = imaps;
        Path ready = var.resolve("demo.properties");
        while (!Files.exists(ready)) {
            if (!process.isAlive() || System.nanoTime() - launchedAt > TimeUnit.SECONDS.toNanos(180)) {
                process.destroy();
                throw new IllegalStateException("The node did not start; see " + var.resolve("node.log"));
            }
            Thread.sleep(50);
        }
        startSeconds = (System.nanoTime() - launchedAt) / 1e9;
        try (InputStream in = Files.newInputStream(ready)) {
            demo.load(in);
        }
        tls = trusting(var.resolve("tls/dev-certificate.pem"));
    }

    static DemoNode start(Path jar, String name) throws Exception {
        return start(jar, name, List.of());
    }

    /** A demo node with these node settings ({@code --name=value}) added. */
    static DemoNode start(Path jar, String name, List<String> settings) throws Exception {
        return startIn(jar, Files.createTempDirectory(name), settings);
    }

    /** A demo node on this var/ folder (one a previous node left, or one prepared beforehand). */
    static DemoNode startIn(Path jar, Path var, List<String> settings) throws Exception {
        Files.createDirectories(var);
        Files.deleteIfExists(var.resolve("demo.properties"));
        int submission = freePort();
        int imaps = freePort();
        int https = freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(fromEnvironment("NODE_JAVA_OPTS"));
        command.addAll(List.of("-jar", jar.toAbsolutePath().toString(), "demo", "--node.var-dir=" + var,
            "--node.bind-address=127.0.0.1", "--node.ports.smtp=" + freePort(), "--node.ports.submission=" + submission,
            "--node.ports.imap=" + freePort(), "--node.ports.imaps=" + imaps, "--server.port=" + https,
            "--management.server.port=" + freePort(),
            "--logging.level.root=WARN"));
        command.addAll(fromEnvironment("NODE_ARGS"));
        command.addAll(settings);
        long launchedAt = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(var.resolve("node.log").toFile()).start();
        return new DemoNode(process, var, submission, imaps, https, launchedAt);
    }

    private static List<String> fromEnvironment(String variable) {
        String value = System.getenv().getOrDefault(variable, "").trim();
        return value.isEmpty() ? List.of() : List.of(value.split("\\s+"));
    }

    String address(int account) {
        return demo.getProperty("account." + account + ".address");
    }

    String password(int account) {
        return demo.getProperty("account." + account + ".password");
    }

    /** The demo's professional and organisation accounts ({address, password}), in order; patients only answer. */
    List<String[]> professionalAccounts() {
        List<String[]> accounts = new ArrayList<>();
        for (int n = 1; demo.getProperty("account." + n + ".address") != null; n++) {
            if (!"patient".equals(demo.getProperty("account." + n + ".kind"))) {
                accounts.add(new String[] {address(n), password(n)});
            }
        }
        return accounts;
    }

    /** CPU time (user + system) the node has used so far, from /proc (clock ticks of 10 ms). */
    long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10;
    }

    /** The node's resident memory (VmRSS). */
    long residentMb() throws IOException {
        return residentKb() / 1024;
    }

    long residentKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static String database() {
        String url = System.getenv().getOrDefault("NODE_DATABASE_URL", "");
        return url.isEmpty() ? "embedded Derby" : "PostgreSQL local";
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

    /** Stops the node as an operator does (SIGTERM) and says how long it took to exit, in seconds. */
    double stop() throws InterruptedException {
        long started = System.nanoTime();
        process.destroy();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("The node did not stop within 120 s");
        }
        return (System.nanoTime() - started) / 1e9;
    }

    /** The lines the node logged from this byte offset of var/node.log on. */
    List<String> logFrom(long offset) throws IOException {
        byte[] log = Files.readAllBytes(var.resolve("node.log"));
        int from = (int) Math.min(offset, log.length);
        return List.of(new String(log, from, log.length - from, java.nio.charset.StandardCharsets.UTF_8).split("\n"));
    }

    long logSize() throws IOException {
        return Files.size(var.resolve("node.log"));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
