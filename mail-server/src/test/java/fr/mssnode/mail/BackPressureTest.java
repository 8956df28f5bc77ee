package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.SlowDown;
import fr.mssnode.mail.testing.SmtpDialogue;
import fr.mssnode.mail.testing.TestNode;

/**
 * A spool deeper than the node delivers within its visibility target: new mail is told to come back later
 * (451 4.3.2, with a sentence) before it sends any data; once the spool has drained, mail is accepted again, and
 * every message that was accepted is delivered. The pipeline is slowed down (one spool thread, 700 ms a message)
 * so that the spool fills from one client.
 */
class BackPressureTest {
    static final String GP = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String CARDIO = "dr.benali@" + TestNode.DOMAIN;
    static final String PASSWORD = "Tulipe-Verte-2031";

    @Test
    void aDeepSpoolAsksSendersToComeBackLaterAndLosesNothing() throws Exception {
        Path var = Files.createTempDirectory("node");
        Path templates = SlowDown.pipelineTemplates(var, 700);
        TestDatabase database = TestDatabase.derby();
        try (TestNode node = new TestNode(database, var)
            .with("node.james-templates", templates.toString())
            .with("node.spooler-threads", "1")
            .with("node.back-pressure.visibility-target-seconds", "1")
            .with("node.back-pressure.minimum-depth", "3")
            .start()) {
            node.createAccount(GP, AccountKind.PROFESSIONAL, PASSWORD);
            node.createAccount(CARDIO, AccountKind.PROFESSIONAL, PASSWORD);
            List<String> accepted = new ArrayList<>();
            String refusal = null;
            try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls())) {
                smtp.ehlo("client.test");
                smtp.startTls("client.test");
                assertThat(smtp.authPlain(GP, PASSWORD)).startsWith("235");
                for (int i = 0; i < 40 && refusal == null; i++) {
                    String reply = smtp.send("MAIL FROM:<" + GP + ">");
                    if (reply.startsWith("451")) {
                        refusal = reply;
                        break;
                    }
                    assertThat(smtp.send("RCPT TO:<" + CARDIO + ">")).startsWith("250");
                    String subject = "Sous pression " + i;
                    assertThat(smtp.data(Mailboxes.message(GP, CARDIO, subject, "Message " + i))).startsWith("250");
                    accepted.add(subject);
                    Thread.sleep(100);
                }
            }
            assertThat(refusal).as("a deep spool refuses for now").isNotNull()
                .startsWith("451 4.3.2").contains("messages are waiting for delivery", "try again");

            // Every accepted message arrives; then the spool is shallow and mail is welcome again.
            for (String subject : accepted) {
                assertThat(Mailboxes.awaitSubject(node.mailSession(), CARDIO, PASSWORD, subject, 1, Duration.ofSeconds(60)))
                    .isEqualTo(1);
            }
            Thread.sleep(1500);
            try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls())) {
                smtp.ehlo("client.test");
                smtp.startTls("client.test");
                assertThat(smtp.authPlain(GP, PASSWORD)).startsWith("235");
                assertThat(smtp.send("MAIL FROM:<" + GP + ">")).startsWith("250");
            }
        } finally {
            database.close();
        }
    }
}
