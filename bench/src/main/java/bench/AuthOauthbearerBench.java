package bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * IMAP AUTHENTICATE OAUTHBEARER latency: a real OpenID provider (mock-oauth2-server) in this process, a fresh demo
 * node that trusts it, {@code clients} IMAPS clients at once, each connecting again and again and signing in with its
 * access token (as a mail client does with the token it holds until it expires). The figure is the time from writing
 * the AUTHENTICATE command to reading its tagged OK; connection and TLS set-up are outside it. With an interval,
 * each client starts a sign-in every {@code interval} ms (a pace), otherwise as soon as the previous one ends.
 */
public final class AuthOauthbearerBench {
    /** The demo GP's national id (DemoData): the token's preferred_username. */
    private static final String GP_NATIONAL_ID = "810000000017";

    private AuthOauthbearerBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int clients = Integer.parseInt(args[1]);
        int perClient = Integer.parseInt(args[2]);
        long intervalMillis = args.length > 3 ? Long.parseLong(args[3]) : 0;
        MockOAuth2Server provider = new MockOAuth2Server();
        provider.start();
        String issuer = provider.issuerUrl("psc").toString();
        try (DemoNode node = DemoNode.start(jar, "bench-oauthbearer",
            List.of("--node.oidc.issuer=" + issuer, "--node.oidc.audience=mss-node"))) {
            String gp = node.address(1);
            ExecutorService pool = Executors.newFixedThreadPool(clients, runnable -> {
                Thread thread = new Thread(runnable);
                thread.setDaemon(true);
                return thread;
            });
            List<Long> warmUp = Collections.synchronizedList(new ArrayList<>());
            rounds(pool, node, provider, gp, clients, Math.max(5, perClient / 5), 0, warmUp);
            List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
            long started = System.nanoTime();
            rounds(pool, node, provider, gp, clients, perClient, intervalMillis, nanos);
            double seconds = (System.nanoTime() - started) / 1e9;
            pool.shutdown();
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            String how = String.format("%s, %s, %s, %d IMAPS clients at once, %d sign-ins each after %d warm-up, %s, %.0f"
                    + " sign-ins/s; p50 %.1f ms, max %.1f ms; bash bench/auth-oauthbearer.sh %d %d %d", LocalDate.now(),
                Machine.describe(), DemoNode.database(), clients, perClient, Math.max(5, perClient / 5),
                intervalMillis == 0 ? "each reconnecting at once (closed loop, CPU saturated)"
                    : "each reconnecting every " + intervalMillis + " ms", sorted.size() / seconds,
                percentile(sorted, 50), sorted.get(sorted.size() - 1) / 1e6, clients, perClient, intervalMillis);
            System.out.printf("%nauth-oauthbearer-p99-ms: %.1f ms (%s)%n", percentile(sorted, 99), how);
        } finally {
            provider.shutdown();
        }
    }

    private static void rounds(ExecutorService pool, DemoNode node, MockOAuth2Server provider, String gp, int clients,
                               int perClient, long intervalMillis, List<Long> nanos) throws Exception {
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            String token = provider.issueToken("psc", "psc-" + c, "mss-node",
                Map.of("preferred_username", GP_NATIONAL_ID), 3600).serialize();
            String initialResponse = Base64.getEncoder().encodeToString(("n,a=" + gp + ",\u0001auth=Bearer " + token
                + "\u0001\u0001").getBytes(StandardCharsets.UTF_8));
            running.add(pool.submit(() -> {
                for (int i = 0; i < perClient; i++) {
                    long due = System.nanoTime() + intervalMillis * 1_000_000;
                    try (ImapClient imap = new ImapClient(node.tls, node.imaps)) {
                        long start = System.nanoTime();
                        String status = imap.status("AUTHENTICATE OAUTHBEARER " + initialResponse);
                        long took = System.nanoTime() - start;
                        if (!status.contains(" OK")) {
                            throw new IllegalStateException("AUTHENTICATE answered " + status);
                        }
                        nanos.add(took);
                        try {
                            imap.status("LOGOUT");
                        } catch (java.io.IOException closedEarly) {
                            // James 3.8.1 sometimes closes a LOGOUT sent right after sign-in before its answer
                        }
                    }
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000);
                    }
                }
                return null;
            }));
        }
        for (Future<?> one : running) {
            one.get();
        }
    }

    private static double percentile(List<Long> sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }
}
