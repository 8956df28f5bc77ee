package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.extract.SmallListing;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.NodeProcess;
import fr.mssnode.mail.testing.SmtpDialogue;
import fr.mssnode.mail.testing.TestNode;

import jakarta.mail.Session;
import jakarta.mail.search.SubjectTerm;

/**
 * A message answered with 250 is never lost: not on a clean restart, not on kill -9 while it is still in the
 * spool. The node runs as a child process, created and administered with its own command line.
 */
abstract class DurabilityContract {
    static final String GP = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String CARDIO = "dr.benali@" + TestNode.DOMAIN;
    static final String PASSWORD = "Tulipe-Verte-2031";
    static final int MESSAGES = 30;

    abstract TestDatabase newDatabase();

    @Test
    void acceptedMailSurvivesKillMinus9AndRestartExactlyOnce() throws Exception {
        Path var = Files.createTempDirectory("durable-node");
        TestDatabase database = newDatabase();
        TestNode settings = new TestNode(database, var);
        List<NodeProcess> started = new ArrayList<>();
        try {
            createAccountsWithTheCommandLine(var, settings);

            // Hold each message 300 ms in the pipeline, one spool thread: accepted mail piles up in the spool.
            Path slowTemplates = Files.createDirectories(var.resolve("slow-templates"));
            String pipeline = new String(getClass().getClassLoader().getResourceAsStream("james-conf/mailetcontainer.xml")
                .readAllBytes(), StandardCharsets.UTF_8);
            Files.writeString(slowTemplates.resolve("mailetcontainer.xml"), pipeline.replace(
                "<processor state=\"transport\" enableJmx=\"false\">",
                "<processor state=\"transport\" enableJmx=\"false\">\n"
                    + "<mailet match=\"All\" class=\"fr.mssnode.mail.testing.SlowDown\"><millis>300</millis></mailet>"));
            List<String> slow = new ArrayList<>(settings.arguments());
            slow.add("--node.james-templates=" + slowTemplates);
            slow.add("--node.spooler-threads=1");

            NodeProcess node = NodeProcess.serve(var.resolve("run1.log"), slow);
            started.add(node);
            List<String> subjects = new ArrayList<>();
            try (SmtpDialogue smtp = SmtpDialogue.connect(settings.submissionPort, settings.clientTls())) {
                smtp.ehlo("client.test");
                smtp.startTls("client.test");
                assertThat(smtp.authPlain(GP, PASSWORD)).startsWith("235");
                for (int i = 0; i < MESSAGES; i++) {
                    String subject = "Durable " + i;
                    assertThat(smtp.send("MAIL FROM:<" + GP + ">")).startsWith("250");
                    assertThat(smtp.send("RCPT TO:<" + CARDIO + ">")).startsWith("250");
                    assertThat(smtp.data(Mailboxes.message(GP, CARDIO, subject, "Message " + i))).startsWith("250");
                    subjects.add(subject);
                }
            }
            Session session = settings.mailSession();
            int deliveredBeforeKill = Mailboxes.count(session, CARDIO, PASSWORD);
            node.kill();
            assertThat(deliveredBeforeKill).as("some accepted mail must still be in the spool at kill time")
                .isLessThan(MESSAGES);

            NodeProcess restarted = NodeProcess.serve(var.resolve("run2.log"), settings.arguments());
            started.add(restarted);
            assertThat(Mailboxes.awaitStableCount(session, CARDIO, PASSWORD, MESSAGES, Duration.ofSeconds(90)))
                .as("each message exactly once").isEqualTo(MESSAGES);
            List<String> stored = Mailboxes.subjects(session, CARDIO, PASSWORD);
            assertThat(stored.stream().map(subject -> subject.replaceAll(" \\[.*]$", "")).toList())
                .containsExactlyInAnyOrderElementsOf(subjects);
            assertThat(stored).doesNotHaveDuplicates();
            // And every one is searchable: the search index was rebuilt after the crash.
            List<String> delivered = Mailboxes.search(session, CARDIO, PASSWORD, new SubjectTerm("Durable"));
            assertThat(delivered).hasSize(MESSAGES);
            assertThat(new HashSet<>(delivered)).containsExactlyInAnyOrderElementsOf(subjects);

            // A clean stop and start: accounts and mail are still there.
            restarted.stop();
            NodeProcess third = NodeProcess.serve(var.resolve("run3.log"), settings.arguments());
            started.add(third);
            assertThat(Mailboxes.count(session, CARDIO, PASSWORD)).isEqualTo(MESSAGES);
            assertThat(Mailboxes.search(session, CARDIO, PASSWORD, new SubjectTerm("Durable"))).hasSize(MESSAGES);
            assertThat(var.resolve("run3.log")).content().doesNotContain("was not closed cleanly");
            try (SmtpDialogue smtp = SmtpDialogue.connect(settings.submissionPort, settings.clientTls())) {
                smtp.ehlo("client.test");
                smtp.startTls("client.test");
                assertThat(smtp.authPlain(GP, PASSWORD)).startsWith("235");
            }
            third.stop();
        } finally {
            for (NodeProcess process : started) {
                if (!Boolean.getBoolean("durability.keepNodes")) {
                    process.kill();
                }
            }
            database.close();
        }
    }

    private void createAccountsWithTheCommandLine(Path var, TestNode settings) throws Exception {
        for (String address : List.of(GP, CARDIO)) {
            List<String> args = new ArrayList<>(List.of("account", "create", "--address", address,
                "--kind", "professional", "--name", address, "--password", PASSWORD));
            args.addAll(settings.arguments());
            NodeProcess.Result result = NodeProcess.run(var.resolve("admin.log"), args);
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("Created professional account " + address);
        }
        // List them in the health directory the way an operator does: import the extracts with the command line.
        SmallListing.Files extracts = SmallListing.write(var.resolve("extracts"), List.of(
            TestNode.listingOf(GP, AccountKind.PROFESSIONAL), TestNode.listingOf(CARDIO, AccountKind.PROFESSIONAL)));
        for (String[] command : List.of(new String[] {"import-professionals", extracts.professionals().toString()},
                                        new String[] {"import-mailboxes", extracts.mailboxes().toString()})) {
            List<String> args = new ArrayList<>(List.of("directory", command[0], "--file", command[1]));
            args.addAll(settings.arguments());
            NodeProcess.Result result = NodeProcess.run(var.resolve("admin.log"), args);
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.output()).contains("2 added");
        }
        List<String> duplicate = new ArrayList<>(List.of("account", "create", "--address", GP,
            "--kind", "professional", "--password", PASSWORD));
        duplicate.addAll(settings.arguments());
        NodeProcess.Result refused = NodeProcess.run(var.resolve("admin.log"), duplicate);
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.output()).contains("Refused: An account for " + GP + " already exists.");
    }
}
