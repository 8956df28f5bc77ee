package fr.mssnode.mail.testing;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Debian's HAProxy in front of several nodes, on loopback: one TCP frontend per service (TLS passes through to the
 * nodes), round robin, a node taken out after two failed checks half a second apart, and a connection refused by a
 * dead node tried again on another one.
 */
public final class HaProxy implements AutoCloseable {
    private final Process process;
    private final Map<String, Integer> frontends;

    private HaProxy(Process process, Map<String, Integer> frontends) {
        this.process = process;
        this.frontends = frontends;
    }

    /** Whether haproxy can be run here; the tests that need it skip with a loud notice otherwise. */
    public static boolean installed() {
        try {
            Process version = new ProcessBuilder("haproxy", "-v").redirectErrorStream(true).start();
            version.getInputStream().readAllBytes();
            return version.waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /**
     * @param services service name to the node ports behind it (one per node, in node order)
     */
    public static HaProxy start(Path folder, Map<String, List<Integer>> services) throws IOException, InterruptedException {
        StringBuilder config = new StringBuilder("""
            global
              maxconn 4000
            defaults
              mode tcp
              timeout connect 2s
              timeout client 300s
              timeout server 300s
              retries 2
              option redispatch
            """);
        Map<String, Integer> frontends = new LinkedHashMap<>();
        services.forEach((service, ports) -> {
            int front = FreePorts.next();
            frontends.put(service, front);
            config.append("frontend ").append(service).append("\n  bind 127.0.0.1:").append(front)
                .append("\n  default_backend ").append(service).append("_nodes\n")
                .append("backend ").append(service).append("_nodes\n  balance roundrobin\n");
            for (int i = 0; i < ports.size(); i++) {
                config.append("  server node").append(i).append(" 127.0.0.1:").append(ports.get(i))
                    .append(" check inter 500ms fall 2 rise 2\n");
            }
        });
        Path file = folder.resolve("haproxy.cfg");
        Files.writeString(file, config.toString(), StandardCharsets.US_ASCII);
        Process process = new ProcessBuilder("haproxy", "-f", file.toString(), "-db")
            .redirectErrorStream(true).redirectOutput(folder.resolve("haproxy.log").toFile()).start();
        HaProxy proxy = new HaProxy(process, frontends);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        for (int port : frontends.values()) {
            while (!listening(port)) {
                if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                    proxy.close();
                    throw new IllegalStateException("HAProxy did not start: " + Files.readString(folder.resolve("haproxy.log")));
                }
                Thread.sleep(50);
            }
        }
        return proxy;
    }

    public int port(String service) {
        return frontends.get(service);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
