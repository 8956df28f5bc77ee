package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.testing.ImapDialogue;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.TestNode;

/**
 * IMAP literals over IMAPS (CVE-2024-37358): an oversized literal is refused before the server says "+", before
 * and after sign-in, alone, summed over a command, or announced by a hundred connections at once; a real message
 * larger than what is kept in memory still goes in whole.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ImapLiteralLimitsTest {
    static final String DOCTOR = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String PASSWORD = "Tulipe-Verte-2031";

    private TestDatabase database;
    private TestNode node;

    @BeforeAll
    void start() throws Exception {
        database = TestDatabase.derby();
        node = new TestNode(database, Files.createTempDirectory("node")).start();
        node.createAccount(DOCTOR, AccountKind.PROFESSIONAL, PASSWORD);
    }

    @AfterAll
    void stop() {
        node.close();
        database.close();
    }

    @Test
    void beforeSignInOnlySmallLiteralsAreRead() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(node.imapsPort, node.clientTls())) {
            ImapDialogue.Answer refused = imap.send("LOGIN {100000}\r\n" + "x".repeat(100_000) + " pass");
            assertThat(refused.status()).startsWith("a1 BAD Literal of 100000 bytes refused: at most 65536 bytes");
            // Nothing more was read: the connection is in step, and a literal of the right size is fine.
            assertThat(imap.send("LOGIN {" + DOCTOR.length() + "}\r\n" + DOCTOR + " " + ImapDialogue.quoted(PASSWORD)).ok())
                .isTrue();
        }
    }

    @Test
    void anAppendOfTwoGigabytesIsRefusedBeforeTheContinuation() throws Exception {
        try (ImapDialogue imap = ImapDialogue.login(node.imapsPort, node.clientTls(), DOCTOR, PASSWORD)) {
            ImapDialogue.Answer refused = imap.send("APPEND INBOX {2147483648}\r\nnever sent");
            assertThat(refused.status()).startsWith("a2 NO [TOOBIG] The message (2147483648 bytes) is larger than this node accepts");
            ImapDialogue.Answer overflowing = imap.send("APPEND INBOX {99999999999999999999999}\r\nnever sent");
            assertThat(overflowing.status()).startsWith("a3 NO [TOOBIG]");
            assertThat(imap.send("NOOP").ok()).isTrue();
        }
    }

    @Test
    void aCommandLineLongerThan64KbIsDroppedAndRefused() throws Exception {
        try (ImapDialogue imap = ImapDialogue.login(node.imapsPort, node.clientTls(), DOCTOR, PASSWORD)) {
            imap.writeRaw(("x1 SEARCH SUBJECT \"" + "z".repeat(100_000) + "\"\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(imap.nextLine()).hasValueSatisfying(line -> assertThat(line)
                .isEqualTo("* BAD Command line longer than 65536 bytes; ignored."));
            assertThat(imap.send("NOOP").ok()).isTrue();
        }
    }

    @Test
    void aNonSynchronisingLiteralTooLargeClosesTheConnection() throws Exception {
        try (ImapDialogue imap = ImapDialogue.login(node.imapsPort, node.clientTls(), DOCTOR, PASSWORD)) {
            imap.writeRaw("x1 APPEND INBOX {4294967296+}\r\nFrom: someone\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(imap.nextLine()).hasValueSatisfying(line -> assertThat(line).startsWith("x1 NO [TOOBIG]"));
            assertThat(imap.nextLine()).hasValueSatisfying(line -> assertThat(line).startsWith("* BYE"));
            assertThat(imap.nextLine()).isEmpty();
        }
    }

    @Test
    void aCommandsLiteralsAddUp() throws Exception {
        try (ImapDialogue imap = ImapDialogue.login(node.imapsPort, node.clientTls(), DOCTOR, PASSWORD)) {
            imap.expectOk("SELECT INBOX");
            String words = "w".repeat(40_000);
            ImapDialogue.Answer refused = imap.send("SEARCH TEXT {40000}\r\n" + words + " TEXT {40000}\r\n" + words);
            assertThat(refused.status()).startsWith("a3 BAD Literal of 40000 bytes refused");
            // James holds half a command that cannot be finished: the connection ends.
            assertThat(imap.nextLine()).hasValueSatisfying(line -> assertThat(line).startsWith("* BYE"));
            assertThat(imap.nextLine()).isEmpty();
        }
    }

    @Test
    void aRealMessageLargerThanTheInMemoryPartGoesInWhole() throws Exception {
        String body = "Compte rendu opératoire, ligne de texte assez longue pour un vrai courrier.\r\n".repeat(6_000);
        String message = Mailboxes.message(DOCTOR, DOCTOR, "Gros compte rendu", body);
        assertThat(message.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(400_000);
        try (ImapDialogue imap = ImapDialogue.login(node.imapsPort, node.clientTls(), DOCTOR, PASSWORD)) {
            imap.append("INBOX", "", message);
            imap.expectOk("SELECT INBOX");
            ImapDialogue.Answer search = imap.expectOk("SEARCH SUBJECT \"Gros compte rendu\"");
            String number = search.numbers("SEARCH").split(" ")[0];
            ImapDialogue.Answer size = imap.expectOk("FETCH " + number + " RFC822.SIZE");
            assertThat(size.untagged().get(0)).contains("RFC822.SIZE " + message.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void aHundredConnectionsAnnouncingTwoGigabytesAreAllRefused() throws Exception {
        ExecutorService clients = Executors.newFixedThreadPool(20);
        try {
            List<Future<String>> answers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                answers.add(clients.submit(() -> {
                    try (ImapDialogue imap = ImapDialogue.login(node.imapsPort, node.clientTls(), DOCTOR, PASSWORD)) {
                        return imap.send("APPEND INBOX {2147483648}\r\nnever sent").status();
                    }
                }));
            }
            for (Future<String> answer : answers) {
                assertThat(answer.get()).contains("NO [TOOBIG]");
            }
        } finally {
            clients.shutdownNow();
        }
        try (ImapDialogue imap = ImapDialogue.login(node.imapsPort, node.clientTls(), DOCTOR, PASSWORD)) {
            assertThat(imap.send("SELECT INBOX").ok()).isTrue();
        }
    }
}
