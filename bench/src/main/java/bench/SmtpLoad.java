package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Load over submission (STARTTLS + AUTH once a session, then MAIL/RCPT/DATA in a loop) against a fresh demo node,
 * with one IMAPS reader per mailbox noting when each message becomes visible. Loopback only; bounded in count and
 * time. Three ways to run it:
 * <ul>
 * <li>{@code burst jar messages sessions kind}: every session sends as fast as it is answered;</li>
 * <li>{@code paced jar rate seconds sessions kind}: message n is due at n / rate seconds, sent by the first free
 * session of its sender (an offered load; a message sent late is counted);</li>
 * <li>{@code compare jar messages sessions kind postfixPort maildir}: a burst against the node, then the same messages
 * in the same sessions against a Postfix on loopback (STARTTLS, no AUTH), in the same run.</li>
 * </ul>
 * {@code kind}: {@code cda} (a 15 KB CDA-shaped note each) or {@code realistic} (one document of the realistic
 * corpus each). A {@code 451} answer (the node's back-pressure) is retried after a second, as a sending MTA would,
 * and counted; visibility is measured from the final {@code 250}.
 */
public final class SmtpLoad {
    private static final String MACHINE = Machine.describe();
    /**
     * Messages sent first and not measured (BENCH_WARMUP, default 5000): a node runs for weeks, and a fresh JVM
     * spends most of a core compiling (C2) for its first minutes: measured at 100 messages a second, the compilers'
     * time fell from about one core to 20 % of one three minutes after the start and to 3 % after eight.
     */
    private static final int WARMUP = Integer.parseInt(System.getenv().getOrDefault("BENCH_WARMUP", "5000"));

    private final BenchMessages messages;
    private final ConcurrentHashMap<Integer, Long> acceptedAt = new ConcurrentHashMap<>();
    private final AtomicInteger deferred = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicLong late = new AtomicLong();
    private final List<Long> lateness = java.util.Collections.synchronizedList(new ArrayList<>());

    private SmtpLoad(BenchMessages messages) {
        this.messages = messages;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Path jar = Path.of(args[1]);
        switch (mode) {
            case "burst" -> {
                int count = Integer.parseInt(args[2]);
                new SmtpLoad(messages(args[4], WARMUP + count)).burst(jar, count, Integer.parseInt(args[3]), args[4], null);
            }
            case "compare" -> {
                int count = Integer.parseInt(args[2]);
                new SmtpLoad(messages(args[4], WARMUP + count)).burst(jar, count, Integer.parseInt(args[3]), args[4],
                    new Postfix(Integer.parseInt(args[5]), Path.of(args[6])));
            }
            case "paced" -> {
                int rate = Integer.parseInt(args[2]);
                int seconds = Integer.parseInt(args[3]);
                new SmtpLoad(messages(args[5], WARMUP + rate * seconds)).paced(jar, rate, seconds, Integer.parseInt(args[4]), args[5]);
            }
            default -> throw new IllegalArgumentException("burst, paced or compare, not " + mode);
        }
    }

    /** Realistic messages are written to bench/target/messages before the clock starts (and kept for the next run). */
    private static BenchMessages messages(String kind, int count) throws IOException {
        return switch (kind) {
            case "cda" -> BenchMessages.cda();
            case "realistic" -> BenchMessages.realisticOnDisk(count, Path.of("bench/target/messages"));
            default -> throw new IllegalArgumentException("cda or realistic, not " + kind);
        };
    }

    /** A Postfix on loopback to send the same load to, delivering into one Maildir. */
    private record Postfix(int port, Path maildir) {
        /** Messages delivered into the Maildir so far. */
        long delivered() throws IOException {
            return countFiles(maildir.resolve("new")) + countFiles(maildir.resolve("cur"));
        }
    }

    private void burst(Path jar, int count, int sessions, String kind, Postfix postfix) throws Exception {
        String how = postfix == null ? "bash bench/smtp-load.sh " + count + " " + sessions + " " + kind
            : "bash bench/postfix-compare.sh " + count + " " + sessions + " " + kind;
        String date = LocalDate.now().toString();
        List<String[]> accounts;
        double nodePerSecond;
        try (DemoNode node = DemoNode.start(jar, "bench-node")) {
            accounts = node.professionalAccounts();
            try (VisibilityWatch watch = new VisibilityWatch(node.tls, node.imaps, accounts)) {
                Connect submission = account -> SmtpClient.submission(node.tls, node.submission, account);
                int warm = warmUp(sessions, accounts, submission, watch);
                long cpuBefore = node.cpuMillis();
                CpuShares shares = CpuShares.from(node.process.pid());
                long begin = System.nanoTime();
                send(sessions, accounts, WARMUP, WARMUP + count, submission, null, 0);
                long lastAccepted = acceptedAt.values().stream().mapToLong(Long::longValue).max().orElse(begin);
                nodePerSecond = acceptedAt.size() / ((lastAccepted - begin) / 1e9);
                if (!watch.awaitVisible(warm + acceptedAt.size(), 900)) {
                    throw new IllegalStateException((warm + acceptedAt.size() - watch.visible()) + " accepted messages never became visible");
                }
                double cpuPerMessage = (node.cpuMillis() - cpuBefore) / (double) count;
                String cpu = shares.since();
                Visibility visibility = visibility(watch);
                String context = String.format(Locale.ROOT, "%s, %s, %s, %d messages over %d submission sessions (STARTTLS + AUTH), %s,"
                        + " signed on behalf and filed, after %d such messages to warm the node up; %d deferred with 451; %s; %s", date,
                    MACHINE, DemoNode.database(), count, sessions, messages.description(), WARMUP, deferred.get(), cpu, how);
                if (kind.equals("realistic")) {
                    System.out.printf(Locale.ROOT, "%nsmtp-filing-realistic-msgs-per-s: %.1f msgs/s (messages divided by the time from"
                            + " the first MAIL to the last one visible over IMAPS; %s)%n",
                        acceptedAt.size() / ((visibility.lastVisible - begin) / 1e9), context);
                }
                System.out.printf(Locale.ROOT, "%nsmtp-ingest-msgs-per-s: %.1f msgs/s (%s)%n", nodePerSecond, context);
                System.out.printf(Locale.ROOT, "smtp-visible-p50-ms: %d ms (unpaced, %s)%n", visibility.p50, context);
                System.out.printf(Locale.ROOT, "smtp-visible-p99-ms-unpaced: %d ms (%s)%n", visibility.p99, context);
                System.out.printf(Locale.ROOT, "node-cpu-ms-per-msg: %.1f ms (the node's user + system CPU from the first MAIL to the"
                    + " last message visible, divided by the messages; %s)%n", cpuPerMessage, context);
                System.out.printf(Locale.ROOT, "node-start-s: %.1f s (%s)%n", node.startSeconds, context);
                System.out.printf(Locale.ROOT, "node-rss-mb: %d MB (after the run; %s)%n", node.residentMb(), context);
                System.out.printf("(%d refused, max visibility %d ms)%n", refused.get(), visibility.max);
                Thread.sleep(10_000);
                long after10 = node.residentMb();
                Thread.sleep(20_000);
                System.out.printf(Locale.ROOT, "node-rss-after-load-mb: %d MB (30 s after the last message was visible (%d MB"
                    + " after 10 s), JVM"
                    + " settings of the node's own defaults%s; %s)%n", node.residentMb(), after10,
                    System.getenv().getOrDefault("NODE_JAVA_OPTS", "").isBlank() ? "" : " plus NODE_JAVA_OPTS="
                        + System.getenv("NODE_JAVA_OPTS"), context);
                long logBefore = node.logSize();
                double stopping = node.stop();
                List<String> stopLog = node.logFrom(logBefore);
                long errors = stopLog.stream().filter(line -> line.contains(" ERROR ")).count();
                long warnings = stopLog.stream().filter(line -> line.contains(" WARN ")).count();
                System.out.printf(Locale.ROOT, "node-shutdown-s: %.1f s (SIGTERM to exit, right after the load; %d ERROR and %d WARN"
                    + " lines logged while stopping; %s)%n", stopping, errors, warnings, context);
                stopLog.stream().filter(line -> line.contains(" ERROR ") || line.contains(" WARN ")).limit(10)
                    .forEach(line -> System.out.println("  stop log: " + line));
            }
        }
        if (postfix != null) {
            acceptedAt.clear();
            deferred.set(0);
            SSLContext anyCertificate = trustingAnyCertificate();
            long before = postfix.delivered();
            long begin = System.nanoTime();
            send(sessions, accounts, WARMUP, WARMUP + count, account -> SmtpClient.relay(anyCertificate, postfix.port), null, 0);
            long lastAccepted = acceptedAt.values().stream().mapToLong(Long::longValue).max().orElse(begin);
            double postfixPerSecond = acceptedAt.size() / ((lastAccepted - begin) / 1e9);
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
            while (postfix.delivered() - before < acceptedAt.size() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long delivered = postfix.delivered() - before;
            if (delivered < acceptedAt.size()) {
                throw new IllegalStateException("Postfix delivered " + delivered + " of the " + acceptedAt.size()
                    + " messages it accepted into " + postfix.maildir() + " within 15 minutes: see its log");
            }
            double deliveredPerSecond = delivered / ((System.nanoTime() - begin) / 1e9);
            String context = String.format(Locale.ROOT, "%s, %s, Postfix %s from Debian on loopback, local delivery to Maildir,"
                    + " the same %d messages (%s) over %d sessions (STARTTLS, no AUTH), right after the node's run; %s", date, MACHINE,
                postfixVersion(), count, messages.description(), sessions, how);
            System.out.printf(Locale.ROOT, "%npostfix-accepted-msgs-per-s: %.1f msgs/s (%s)%n", postfixPerSecond, context);
            System.out.printf(Locale.ROOT, "postfix-delivered-msgs-per-s: %.1f msgs/s (first MAIL to last file in the Maildir; %s)%n",
                deliveredPerSecond, context);
            System.out.printf(Locale.ROOT, "smtp-ingest-vs-postfix-ratio: %.2f (node %.1f msgs/s on %s ÷ Postfix %.1f msgs/s; %s)%n",
                nodePerSecond / postfixPerSecond, nodePerSecond, DemoNode.database(), postfixPerSecond, context);
        }
    }

    private void paced(Path jar, int rate, int seconds, int sessions, String kind) throws Exception {
        int count = rate * seconds;
        String how = "bash bench/smtp-paced.sh " + rate + " " + seconds + " " + sessions + " " + kind;
        try (DemoNode node = DemoNode.start(jar, "bench-node")) {
            List<String[]> accounts = node.professionalAccounts();
            try (VisibilityWatch watch = new VisibilityWatch(node.tls, node.imaps, accounts)) {
                Connect submission = account -> SmtpClient.submission(node.tls, node.submission, account);
                int warm = warmUp(sessions, accounts, submission, watch);
                long cpuBefore = node.cpuMillis();
                CpuShares shares = CpuShares.from(node.process.pid());
                long begin = System.nanoTime();
                send(sessions, accounts, WARMUP, WARMUP + count, submission, begin, 1_000_000_000L / rate);
                long lastAccepted = acceptedAt.values().stream().mapToLong(Long::longValue).max().orElse(begin);
                boolean allVisible = watch.awaitVisible(warm + acceptedAt.size(), 900);
                double cpuPerMessage = (node.cpuMillis() - cpuBefore) / (double) count;
                String cpu = shares.since();
                if (!allVisible) {
                    throw new IllegalStateException((warm + acceptedAt.size() - watch.visible()) + " accepted messages never became visible");
                }
                Visibility visibility = visibility(watch);
                long[] lateMs = lateness.stream().mapToLong(Long::longValue).sorted().toArray();
                String context = String.format(Locale.ROOT, "%s, %s, %s, offered %d msgs/s for %d s (%d messages %s) over %d"
                        + " submission sessions (STARTTLS + AUTH), signed on behalf and filed, after %d messages to warm the node up; accepted"
                        + " %.1f msgs/s, %d deferred with 451,"
                        + " %d sent over 1 s late (p99 %d ms late); %s; %s",
                    LocalDate.now(), MACHINE, DemoNode.database(), rate, seconds, count, messages.description(), sessions, WARMUP,
                    acceptedAt.size() / ((lastAccepted - begin) / 1e9), deferred.get(), late.get(), percentile(lateMs, 99), cpu, how);
                System.out.printf(Locale.ROOT, "%nsmtp-visible-p99-ms: %d ms (p50 %d ms, max %d ms; %s)%n", visibility.p99,
                    visibility.p50, visibility.max, context);
                System.out.printf(Locale.ROOT, "node-cpu-ms-per-msg-paced: %.1f ms (%s)%n", cpuPerMessage, context);
                System.out.printf(Locale.ROOT, "node-rss-mb-paced: %d MB (after the run; %s)%n", node.residentMb(), context);
            }
        }
    }

    /** The warm-up messages, sent as fast as they are answered and awaited; how many became visible. */
    private int warmUp(int sessions, List<String[]> accounts, Connect connect, VisibilityWatch watch) throws Exception {
        if (WARMUP == 0) {
            return 0;
        }
        send(sessions, accounts, 0, WARMUP, connect, null, 0);
        if (!watch.awaitVisible(acceptedAt.size(), 900)) {
            throw new IllegalStateException("The warm-up messages did not all become visible");
        }
        int warm = acceptedAt.size();
        acceptedAt.clear();
        deferred.set(0);
        lateness.clear();
        System.out.printf("warmed up with %d messages%n", warm);
        return warm;
    }

    private record Visibility(long p50, long p99, long max, long lastVisible) {
    }

    private Visibility visibility(VisibilityWatch watch) {
        long[] delays = acceptedAt.entrySet().stream()
            .mapToLong(e -> Math.max(0, TimeUnit.NANOSECONDS.toMillis(watch.visibleAt(BenchMessages.id(e.getKey())) - e.getValue())))
            .sorted().toArray();
        long lastVisible = acceptedAt.keySet().stream().mapToLong(n -> watch.visibleAt(BenchMessages.id(n))).max().orElse(0);
        return new Visibility(percentile(delays, 50), percentile(delays, 99), delays[delays.length - 1], lastVisible);
    }

    private interface Connect {
        SmtpClient open(String[] account) throws IOException;
    }

    /**
     * The sessions send messages {@code from} to {@code to - 1}, each session as one account (a group of sessions an
     * account); paced when {@code begin} is given: message n not before begin + (n - from) * interval.
     */
    private void send(int sessions, List<String[]> accounts, int from, int to, Connect connect, Long begin, long interval)
        throws Exception {
        int groups = BenchMessages.groups(sessions, accounts.size());
        BenchMessages.Numbers numbers = new BenchMessages.Numbers(from, to, groups);
        ExecutorService senders = Executors.newFixedThreadPool(sessions);
        List<Future<?>> running = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            int group = s % groups;
            String[] account = BenchMessages.sessionAccount(accounts, s, groups);
            running.add(senders.submit(() -> {
                try (SmtpClient smtp = connect.open(account)) {
                    for (int n = numbers.next(group); n >= 0; n = numbers.next(group)) {
                        if (begin != null) {
                            long due = begin + (n - from) * interval;
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                TimeUnit.NANOSECONDS.sleep(wait);
                            } else {
                                lateness.add(TimeUnit.NANOSECONDS.toMillis(-wait));
                                if (wait < -1_000_000_000L) {
                                    late.incrementAndGet();
                                }
                            }
                        }
                        String recipient = accounts.get(BenchMessages.recipient(n, groups, accounts.size()))[0];
                        sendOne(smtp, n, account[0], recipient);
                    }
                }
                return null;
            }));
        }
        for (Future<?> session : running) {
            session.get(2, TimeUnit.HOURS);
        }
        senders.shutdown();
    }

    private void sendOne(SmtpClient smtp, int n, String from, String to) throws IOException, InterruptedException {
        String text = messages.text(n, from, to);
        while (true) {
            String mail = smtp.command("MAIL FROM:<" + from + ">");
            if (mail.startsWith("451")) {
                deferred.incrementAndGet();
                Thread.sleep(1000);
                continue;
            }
            if (!mail.startsWith("250")) {
                throw new IOException("MAIL answered: " + mail);
            }
            smtp.expect("RCPT TO:<" + to + ">", "250");
            smtp.expect("DATA", "354");
            String reply = smtp.data(text);
            if (reply.startsWith("250")) {
                acceptedAt.put(n, System.nanoTime());
            } else {
                refused.incrementAndGet();
                System.err.println("Refused " + BenchMessages.id(n) + ": " + reply);
            }
            return;
        }
    }

    private static SSLContext trustingAnyCertificate() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
                // Postfix on loopback with the certificate bench/postfix-compare.sh made a moment ago.
            }

            @Override
            public java.security.cert.X509Certificate[] getAcceptedIssuers() {
                return new java.security.cert.X509Certificate[0];
            }
        }}, null);
        return context;
    }

    private static String postfixVersion() {
        try {
            Process postconf = new ProcessBuilder("postconf", "-h", "mail_version").redirectErrorStream(true).start();
            return new String(postconf.getInputStream().readAllBytes()).trim();
        } catch (IOException e) {
            return "?";
        }
    }

    static long percentile(long[] sorted, int percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(percent / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    /** Files in a folder of the Maildir. */
    private static long countFiles(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.count();
        }
    }
}
