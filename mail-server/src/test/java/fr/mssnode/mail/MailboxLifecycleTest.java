package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.lifecycle.IdleMailbox;
import fr.mssnode.directory.lifecycle.MailboxLifecycle;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.admin.AdminCommands;
import fr.mssnode.mail.testing.ImapDialogue;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.SmtpDialogue;
import fr.mssnode.mail.testing.TestNode;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;

/**
 * Mailboxes nobody signs in to, through the real protocols: sign-ins over IMAP and SMTP are remembered, {@code account
 * inactive} lists the idle ones, their owners get a letter in their mailbox, a sign-in keeps a mailbox open, and a
 * mailbox left alone after its warning is closed: mail to it is refused and it cannot be signed in to.
 */
class MailboxLifecycleTest {
    static final String GP = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String RETIRED = "dr.ancien@" + TestNode.DOMAIN;
    static final String SECRETARIAT = "secretariat.ancien@" + TestNode.DOMAIN;
    static final String PASSWORD = "Tulipe-Verte-2031";

    @Test
    void idleMailboxesAreWarnedThenClosedAndASignInKeepsThemOpen() throws Exception {
        TestDatabase database = TestDatabase.derby();
        try (TestNode node = new TestNode(database, Files.createTempDirectory("node"))
            .with("node.lifecycle.sweep", "PT1S")
            .with("node.lifecycle.warn-before", "PT15S")
            .start()) {
            node.createAccount(GP, AccountKind.PROFESSIONAL, PASSWORD);
            node.createAccount(RETIRED, AccountKind.PROFESSIONAL, PASSWORD);
            node.createAccount(SECRETARIAT, AccountKind.ORGANISATION, PASSWORD);
            try (ImapDialogue imap = ImapDialogue.login(node.imapsPort, node.clientTls(), GP, PASSWORD)) {
                assertThat(imap.send("SELECT INBOX").ok()).isTrue();
            }
            // All three mailboxes were made 400 days ago; only the GP has signed in since (just now, over IMAP).
            JdbcTemplate jdbc = new JdbcTemplate(node.bean(DataSource.class));
            jdbc.update("UPDATE node_account SET created_at = ?", Timestamp.from(Instant.now().minus(Duration.ofDays(400))));

            AdminCommands commands = node.bean(AdminCommands.class);
            String inactive = run(commands, "account", "inactive", "--days", "300");
            assertThat(inactive).contains(RETIRED, SECRETARIAT, "never (created ", "yes, after 365 days")
                .contains("2 open mailboxes without a sign-in for 300 days or more.").doesNotContain(GP);
            assertThat(run(commands, "account", "inactive", "--days", "0")).contains(GP);
            assertThat(run(commands, "account", "inactive")).contains("Missing --days.");

            // The sweep warns both owners (in their own mailboxes) and traces it; nobody is closed at once.
            MailboxLifecycle lifecycle = node.bean(MailboxLifecycle.class);
            awaitWarned(lifecycle, RETIRED, SECRETARIAT);
            assertThat(node.directory().findAccount(RETIRED).orElseThrow().active()).isTrue();
            OperatorTrace trace = node.bean(OperatorTrace.class);
            trace.flush();
            assertThat(trace.search(SECRETARIAT, Instant.EPOCH, 100)).extracting(TraceEvent::action)
                .contains(TraceEvent.Action.MAILBOX_WARNED);

            // The retired doctor reads the letter (an IMAP sign-in): the mailbox is in use again.
            assertThat(Mailboxes.awaitSubject(node.mailSession(), RETIRED, PASSWORD, "faute d'utilisation", 1,
                Duration.ofSeconds(60))).isEqualTo(1);
            byte[] letter = Mailboxes.awaitRaw(node.mailSession(), RETIRED, PASSWORD, "faute d'utilisation",
                Duration.ofSeconds(10));
            assertThat(new String(letter, StandardCharsets.UTF_8)).contains("=?UTF-8?");
            assertThat(lifecycle.idleFor(Duration.ofDays(300))).extracting(IdleMailbox::address).containsExactly(SECRETARIAT);

            // Fifteen seconds after its warning the secretariat's mailbox, never signed in to, is closed.
            awaitClosed(node, SECRETARIAT, Duration.ofSeconds(60));
            assertThat(node.directory().findAccount(RETIRED).orElseThrow().active()).isTrue();
            try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls())) {
                smtp.ehlo("cabinet.test");
                smtp.startTls("cabinet.test");
                assertThat(smtp.authPlain(SECRETARIAT, PASSWORD)).startsWith("535");
                assertThat(smtp.authPlain(GP, PASSWORD)).startsWith("235");
                assertThat(smtp.send("MAIL FROM:<" + GP + ">")).startsWith("250");
                assertThat(smtp.send("RCPT TO:<" + SECRETARIAT + ">")).startsWith("550").contains("disabled");
                assertThat(smtp.send("RCPT TO:<" + RETIRED + ">")).startsWith("250");
            }
            trace.flush();
            assertThat(trace.search(SECRETARIAT, Instant.EPOCH, 100)).extracting(TraceEvent::action)
                .contains(TraceEvent.Action.MAILBOX_CLOSED);

            // The operator opens it again: it can be signed in to.
            assertThat(run(commands, "account", "enable", "--address", SECRETARIAT)).contains("Enabled");
            try (ImapDialogue imap = ImapDialogue.login(node.imapsPort, node.clientTls(), SECRETARIAT, PASSWORD)) {
                assertThat(imap.send("SELECT INBOX").ok()).isTrue();
            }
            assertThat(lifecycle.idleFor(Duration.ofDays(300))).isEmpty();
        } finally {
            database.close();
        }
    }

    private static void awaitWarned(MailboxLifecycle lifecycle, String... addresses) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        List<IdleMailbox> idle = List.of();
        while (Instant.now().isBefore(deadline)) {
            idle = lifecycle.idleFor(Duration.ofDays(300));
            if (idle.stream().filter(m -> m.warnedAt().isPresent()).count() == addresses.length) {
                assertThat(idle).extracting(IdleMailbox::address).containsExactlyInAnyOrder(addresses);
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Not warned within 30 s: " + idle);
    }

    private static void awaitClosed(TestNode node, String address, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!node.directory().findAccount(address).orElseThrow().active()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(address + " was not closed within " + timeout);
    }

    private static String run(AdminCommands commands, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stream = new PrintStream(out, true, StandardCharsets.UTF_8);
        commands.run(List.of(args), stream, stream);
        return out.toString(StandardCharsets.UTF_8);
    }
}
