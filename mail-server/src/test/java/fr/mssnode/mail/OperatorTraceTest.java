package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.admin.AdminCommands;
import fr.mssnode.mail.testing.ImapDialogue;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.SmtpDialogue;
import fr.mssnode.mail.testing.TestNode;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;

/**
 * The operator's trace through the real protocols: sign-ins (good and bad, SMTP and IMAP), a message accepted and
 * delivered, a recipient refused, an admin command; read back with {@code trace search}; no content in it; purged.
 */
class OperatorTraceTest {
    static final String GP = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String CARDIO = "dr.benali@" + TestNode.DOMAIN;
    static final String PASSWORD = "Tulipe-Verte-2031";

    @Test
    void everySignInMessageAndCommandIsTracedWithoutContent() throws Exception {
        TestDatabase database = TestDatabase.derby();
        try (TestNode node = new TestNode(database, Files.createTempDirectory("node")).start()) {
            node.createAccount(GP, AccountKind.PROFESSIONAL, PASSWORD);
            node.createAccount(CARDIO, AccountKind.PROFESSIONAL, PASSWORD);
            AdminCommands commands = node.bean(AdminCommands.class);
            assertThat(commands.run(List.of("account", "reset-password", "--address", CARDIO, "--password", PASSWORD),
                new PrintStream(new ByteArrayOutputStream()), System.err)).isZero();

            try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls())) {
                smtp.ehlo("cabinet.test");
                smtp.startTls("cabinet.test");
                assertThat(smtp.authPlain(GP, "not-the-password")).startsWith("535");
                assertThat(smtp.authPlain(GP, PASSWORD)).startsWith("235");
                assertThat(smtp.send("MAIL FROM:<" + GP + ">")).startsWith("250");
                assertThat(smtp.send("RCPT TO:<nobody@" + TestNode.DOMAIN + ">")).startsWith("550");
                assertThat(smtp.send("RCPT TO:<" + CARDIO + ">")).startsWith("250");
                assertThat(smtp.data(Mailboxes.message(GP, CARDIO, "Secret medical subject", "Confidential body text")))
                    .startsWith("250");
            }
            assertThat(Mailboxes.awaitSubject(node.mailSession(), CARDIO, PASSWORD, "Secret medical subject", 1,
                Duration.ofSeconds(60))).isEqualTo(1);
            try (ImapDialogue imap = ImapDialogue.login(node.imapsPort, node.clientTls(), CARDIO, PASSWORD)) {
                assertThat(imap.send("SELECT INBOX").ok()).isTrue();
                assertThat(imap.send("STORE 1 +FLAGS (\\Deleted)").ok()).isTrue();
                assertThat(imap.send("EXPUNGE").ok()).isTrue();
            }

            String gp = search(commands, GP);
            assertThat(gp).contains("SMTP", "SIGN_IN_FAILED", "535 5.7.8", "SIGN_IN ", "235", "MAIL_REFUSED",
                "nobody@" + TestNode.DOMAIN, "MAIL_ACCEPTED", "RCPT TO:[" + CARDIO + "]", "DELIVERED");
            String cardio = search(commands, CARDIO);
            assertThat(cardio).contains("ADMIN", "account reset-password --address " + CARDIO, "--password ***", "exit 0",
                "IMAP", "SIGN_IN", "DELIVERED", "stored in INBOX").doesNotContain(PASSWORD);
            assertThat(gp + cardio).doesNotContain("Secret medical subject", "Confidential body text");
            assertThat(awaitTrace(commands, CARDIO, "DELETED")).contains("expunge from INBOX uids", "1 message removed");

            OperatorTrace trace = node.bean(OperatorTrace.class);
            assertThat(trace.search(GP, Instant.EPOCH, 1000)).extracting(TraceEvent::action)
                .contains(TraceEvent.Action.SIGN_IN, TraceEvent.Action.MAIL_ACCEPTED);
            assertThat(trace.purge(Instant.now().plusSeconds(1))).isGreaterThanOrEqualTo(8);
            assertThat(trace.search(GP, Instant.EPOCH, 1000)).isEmpty();
        } finally {
            database.close();
        }
    }

    /** The trace of the address once it holds the action (deletions are traced from the mailbox's event bus). */
    private static String awaitTrace(AdminCommands commands, String address, String action) throws InterruptedException {
        String found = "";
        for (int i = 0; i < 100 && !found.contains(action); i++) {
            Thread.sleep(100);
            found = search(commands, address);
        }
        return found;
    }

    private static String search(AdminCommands commands, String address) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(commands.run(List.of("trace", "search", "--address", address), new PrintStream(out, true,
            StandardCharsets.UTF_8), System.err)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }
}
