package bench;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

/**
 * A fresh demo node in its own process and var/ folder, on free loopback ports (its database: embedded Derby, or
 * the one NODE_DATABASE_URL names, passed on through the environment), ready when demo.properties is written.
 */
final class DemoNode implements AutoCloseable {
    final Process process;
    final Path var;
    final int imaps;
    final Properties demo = new Properties();
    final SSLContext tls;

    private DemoNode(Process process, Path var, int imaps) throws Exception {
        this.process = process;
        this.var = var;
        this.imaps = imaps;
        Path ready = var.resolve("demo.properties");
        long started = System.nanoTime();
        while (!Files.exists(ready)) {
            if (!process.isAlive() || System.nanoTime() - started > TimeUnit.SECONDS.toNanos(180)) {
                process.destroy();
                throw new IllegalStateException("The node did not start; see " + var.resolve("node.log"));
            }
            Thread.sleep(50);
        }
        try (InputStream in = Files.newInputStream(ready)) {
            demo.load(in);
        }
        tls = SmtpLoad.trusting(var.resolve("tls/dev-certificate.pem"));
    }

    static DemoNode start(Path jar, String name) throws Exception {
        Path var = Files.createTempDirectory(name);
        int imaps = SmtpLoad.freePort();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-jar", jar.toAbsolutePath().toString(), "demo", "--node.var-dir=" + var, "--node.bind-address=127.0.0.1",
            "--node.ports.smtp=" + SmtpLoad.freePort(), "--node.ports.submission=" + SmtpLoad.freePort(),
            "--node.ports.imap=" + SmtpLoad.freePort(), "--node.ports.imaps=" + imaps, "--server.port=" + SmtpLoad.freePort(),
            "--logging.level.root=WARN"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(var.resolve("node.log").toFile()).start();
        return new DemoNode(process, var, imaps);
    }

    String address(int account) {
        return demo.getProperty("account." + account + ".address");
    }

    String password(int account) {
        return demo.getProperty("account." + account + ".password");
    }

    static String database() {
        String url = System.getenv().getOrDefault("NODE_DATABASE_URL", "");
        return url.isEmpty() ? "embedded Derby" : "PostgreSQL local";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
