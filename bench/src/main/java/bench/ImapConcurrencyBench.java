package bench;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A secretariat's organisation mailbox used by several people at once: N IMAPS clients on one mailbox of a fresh
 * demo node, each looping APPEND then one of FETCH, STORE, SEARCH, STORE \Deleted + EXPUNGE or NOOP, for a while.
 * Prints imap-concurrent-cmds-per-s and imap-concurrent-failed-cmds (every NO or BAD, listed).
 */
public final class ImapConcurrencyBench {
    private ImapConcurrencyBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int seconds = Integer.parseInt(args[1]);
        int clients = Integer.parseInt(args[2]);
        try (DemoNode node = DemoNode.start(jar, "bench-imap-concurrency")) {
            AtomicInteger commands = new AtomicInteger();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<?>> running = new ArrayList<>();
            long started = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                int client = c;
                running.add(pool.submit(() -> {
                    Random random = new Random(client);
                    try (ImapClient imap = new ImapClient(node.tls, node.imaps)) {
                        imap.ok("LOGIN \"" + node.address(1) + "\" \"" + node.password(1) + "\"");
                        imap.ok("SELECT INBOX");
                        for (int n = 0; System.nanoTime() < deadline; n++) {
                            record(imap.appendStatus("INBOX", letter(client, n)), "APPEND", commands, failures);
                            switch (random.nextInt(5)) {
                                case 0 -> record(imap.status("FETCH 1:* (FLAGS UID)"), "FETCH", commands, failures);
                                case 1 -> record(imap.status("UID STORE 1:* +FLAGS (\\Seen)"), "STORE", commands, failures);
                                case 2 -> record(imap.status("SEARCH UNSEEN SUBJECT dossier"), "SEARCH", commands, failures);
                                case 3 -> {
                                    record(imap.status("STORE 1 +FLAGS (\\Deleted)"), "STORE", commands, failures);
                                    record(imap.status("EXPUNGE"), "EXPUNGE", commands, failures);
                                }
                                default -> record(imap.status("NOOP"), "NOOP", commands, failures);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
            pool.shutdown();
            double elapsed = (System.nanoTime() - started) / 1e9;
            String how = String.format("%s, %s, %s, %d IMAPS clients on one mailbox for %d s, each looping APPEND then one of "
                    + "FETCH 1:* (FLAGS UID), UID STORE 1:* +FLAGS (\\Seen), SEARCH UNSEEN SUBJECT, STORE 1 +FLAGS (\\Deleted) + "
                    + "EXPUNGE, NOOP; %d commands; bash bench/imap-concurrency.sh %d %d",
                LocalDate.now(), Machine.describe(), DemoNode.database(), clients, seconds, commands.get(), seconds, clients);
            System.out.printf("%nimap-concurrent-cmds-per-s: %.1f cmds/s (%s)%n", commands.get() / elapsed, how);
            System.out.printf("imap-concurrent-failed-cmds: %d (%s)%n", failures.size(), how);
            failures.stream().limit(20).forEach(failure -> System.out.println("  failed: " + failure));
        }
    }

    private static void record(String status, String command, AtomicInteger commands, List<String> failures) {
        commands.incrementAndGet();
        if (!status.contains(" OK")) {
            failures.add(command + ": " + status);
        }
    }

    private static String letter(int client, int n) {
        return "From: accueil@example.test\r\nSubject: Dossier " + client + "-" + n
            + "\r\nDate: Tue, 1 Dec 2026 09:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii"
            + "\r\n\r\nDemande de rendez-vous pour le dossier " + client + "-" + n + ".\r\n";
    }
}
