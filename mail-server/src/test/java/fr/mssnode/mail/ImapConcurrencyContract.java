package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.testing.ImapDialogue;
import fr.mssnode.mail.testing.ImapDialogue.Answer;
import fr.mssnode.mail.testing.TestNode;

/**
 * A hospital secretariat's organisation mailbox, used by several people at once: ten IMAPS clients on one
 * mailbox append, flag, fetch, search and expunge together, and no command may fail for a lock. The status
 * stays consistent (no more RECENT than EXISTS).
 * <p>
 * Runs on PostgreSQL only for now. On Derby, James's JPA store still deadlocks when an EXPUNGE (whose cascading
 * delete locks the whole JAMES_MAIL_PROPERTY table) meets an APPEND (whose property rows are inserted at commit):
 * about one EXPUNGE in ten fails with "NO EXPUNGE processing failed". The node now has Derby detect deadlocks
 * after 1 s instead of 20 s, so the others no longer stall; the fix is the store's (issue 15, JDBC mappers).
 */
abstract class ImapConcurrencyContract {
    static final String SECRETARIAT = "secretariat.cardio@" + TestNode.DOMAIN;
    static final String PASSWORD = "Hortensia-Rose-2033";
    static final Duration RUN = Duration.ofSeconds(20);
    static final int CLIENTS = 10;
    private static final Pattern STATUS = Pattern.compile("MESSAGES (\\d+) RECENT (\\d+)");

    abstract TestDatabase newDatabase();

    @Test
    void tenClientsOnOneMailboxNeverFailACommand() throws Exception {
        TestDatabase database = newDatabase();
        try (TestNode node = new TestNode(database, Files.createTempDirectory("node")).start()) {
            node.createAccount(SECRETARIAT, AccountKind.ORGANISATION, PASSWORD);
            AtomicInteger commands = new AtomicInteger();
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
            long deadline = System.nanoTime() + RUN.toNanos();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    Random random = new Random(client);
                    try (ImapDialogue imap = ImapDialogue.login(node.imapsPort, node.clientTls(), SECRETARIAT, PASSWORD)) {
                        check(imap.send("SELECT INBOX"), "SELECT", commands, failures);
                        for (int n = 0; System.nanoTime() < deadline; n++) {
                            imap.append("INBOX", "", ImapSearchContract.message("Dossier " + client + "-" + n,
                                "accueil@example.test", "Tue, 1 Dec 2026 09:00:00 +0100", "text/plain", "Demande de rendez-vous"));
                            commands.incrementAndGet();
                            switch (random.nextInt(5)) {
                                case 0 -> check(imap.send("FETCH 1:* (FLAGS UID)"), "FETCH", commands, failures);
                                case 1 -> check(imap.send("UID STORE 1:* +FLAGS (\\Seen)"), "STORE", commands, failures);
                                case 2 -> check(imap.send("SEARCH UNSEEN SUBJECT dossier"), "SEARCH", commands, failures);
                                case 3 -> {
                                    check(imap.send("STORE 1 +FLAGS (\\Deleted)"), "STORE", commands, failures);
                                    check(imap.send("EXPUNGE"), "EXPUNGE", commands, failures);
                                }
                                default -> check(imap.send("NOOP"), "NOOP", commands, failures);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> client : running) {
                client.get();
            }
            clients.shutdown();
            System.out.printf("%d IMAP commands from %d clients on one mailbox in %d s, %d failed%n", commands.get(), CLIENTS,
                RUN.toSeconds(), failures.size());
            assertThat(failures).as("commands that failed out of %d", commands.get()).isEmpty();
            try (ImapDialogue imap = ImapDialogue.login(node.imapsPort, node.clientTls(), SECRETARIAT, PASSWORD)) {
                Matcher status = STATUS.matcher(String.join(" ", imap.expectOk("STATUS INBOX (MESSAGES RECENT)").untagged()));
                assertThat(status.find()).isTrue();
                assertThat(Integer.parseInt(status.group(2))).isLessThanOrEqualTo(Integer.parseInt(status.group(1)));
            }
        } finally {
            database.close();
        }
    }

    private static void check(Answer answer, String command, AtomicInteger commands, List<String> failures) {
        commands.incrementAndGet();
        if (!answer.ok()) {
            failures.add(command + ": " + answer.status());
        }
    }
}
