package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.testing.ImapDialogue;
import fr.mssnode.mail.testing.ImapDialogue.Answer;
import fr.mssnode.mail.testing.TestNode;

/**
 * A secretariat's organisation mailbox used by ten people at once for a minute, over IMAPS: each client appends a
 * letter, then fetches, flags, searches, deletes and expunges one of its own, or idles, in a loop. No command may
 * fail (a lost lock conflict is the store's to run again, not the client's to see), no answer may count more RECENT
 * than EXISTS, and at the end the mailbox holds exactly what was appended and not expunged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ImapConcurrencyContract {
    static final String USER = "secretariat.cardio@" + TestNode.DOMAIN;
    static final String PASSWORD = "Secretariat-Partage-2031";
    static final int CLIENTS = 10;
    static final long SECONDS = 60;
    private static final Pattern APPENDUID = Pattern.compile("\\[APPENDUID \\d+ (\\d+)]");
    private static final Pattern COUNT = Pattern.compile("^\\* (\\d+) (EXISTS|RECENT)$");

    TestNode node;

    abstract TestDatabase newDatabase();

    @BeforeAll
    void startNode() throws Exception {
        node = new TestNode(newDatabase(), Files.createTempDirectory("node")).start();
        node.createAccount(USER, AccountKind.ORGANISATION, PASSWORD);
    }

    @AfterAll
    void stopNode() throws Exception {
        if (node != null) {
            node.close();
            node.database().close();
        }
    }

    @Test
    void tenClientsOnOneMailboxForAMinuteNeverSeeACommandFail() throws Exception {
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger commands = new AtomicInteger();
        AtomicInteger appended = new AtomicInteger();
        AtomicInteger expunged = new AtomicInteger();
        long deadline = System.nanoTime() + SECONDS * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            int client = c;
            running.add(pool.submit(() -> {
                Random random = new Random(client);
                try (ImapDialogue imap = ImapDialogue.login(node.imapsPort, node.clientTls(), USER, PASSWORD)) {
                    check(imap.send("SELECT INBOX"), "SELECT", commands, failures);
                    for (int n = 0; System.nanoTime() < deadline; n++) {
                        Answer append = imap.send("APPEND INBOX " + literal(letter(client, n)));
                        check(append, "APPEND", commands, failures);
                        Matcher uid = APPENDUID.matcher(append.status());
                        if (!uid.find()) {
                            failures.add("APPEND without APPENDUID: " + append.status());
                            continue;
                        }
                        appended.incrementAndGet();
                        switch (random.nextInt(5)) {
                            case 0 -> check(imap.send("FETCH 1:* (FLAGS UID)"), "FETCH", commands, failures);
                            case 1 -> check(imap.send("UID STORE 1:* +FLAGS (\\Seen)"), "STORE", commands, failures);
                            case 2 -> check(imap.send("UID SEARCH UNSEEN SUBJECT courrier"), "SEARCH", commands, failures);
                            case 3 -> {
                                check(imap.send("UID STORE " + uid.group(1) + " +FLAGS (\\Deleted)"), "STORE", commands,
                                    failures);
                                check(imap.send("EXPUNGE"), "EXPUNGE", commands, failures);
                                expunged.incrementAndGet();
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
        pool.shutdown();

        assertThat(failures).as("%d commands", commands.get()).isEmpty();
        assertThat(commands.get()).as("commands in a minute").isGreaterThan(CLIENTS * 10);
        try (ImapDialogue imap = ImapDialogue.login(node.imapsPort, node.clientTls(), USER, PASSWORD)) {
            int expected = appended.get() - expunged.get();
            Answer select = imap.expectOk("SELECT INBOX");
            assertThat(count(select, "EXISTS")).isEqualTo(expected);
            assertThat(imap.expectOk("UID SEARCH ALL").numbers("SEARCH").split(" ")).hasSize(expected);
            assertThat(imap.expectOk("STATUS INBOX (MESSAGES)").untagged())
                .containsExactly("* STATUS \"INBOX\" (MESSAGES " + expected + ")");
        }
    }

    private static void check(Answer answer, String command, AtomicInteger commands, List<String> failures) {
        commands.incrementAndGet();
        if (!answer.ok()) {
            failures.add(command + ": " + answer.status());
        }
        int exists = count(answer, "EXISTS");
        int recent = count(answer, "RECENT");
        if (exists >= 0 && recent > exists) {
            failures.add(command + ": " + recent + " RECENT for " + exists + " EXISTS");
        }
    }

    /** The last {@code * n EXISTS} (or RECENT) of an answer, -1 when it has none. */
    private static int count(Answer answer, String what) {
        int count = -1;
        for (String line : answer.untagged()) {
            Matcher matcher = COUNT.matcher(line);
            if (matcher.matches() && matcher.group(2).equals(what)) {
                count = Integer.parseInt(matcher.group(1));
            }
        }
        return count;
    }

    private static String literal(String message) {
        return "{" + message.getBytes(StandardCharsets.UTF_8).length + "}\r\n" + message;
    }

    private static String letter(int client, int n) {
        return "From: dr.lefebvre@" + TestNode.DOMAIN + "\r\nTo: " + USER + "\r\nSubject: Courrier " + client + "-" + n
            + "\r\nDate: Thu, 3 Dec 2026 10:00:00 +0100\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
            + "Merci de fixer un rendez-vous de contrôle pour le patient, dossier " + client + "-" + n + ".\r\n";
    }
}
