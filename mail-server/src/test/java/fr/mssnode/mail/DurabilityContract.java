package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;
import fr.mssnode.fixtures.cda.CdaBuilder;
import fr.mssnode.directory.extract.SmallListing;
import fr.mssnode.mail.testing.FreePorts;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.NodeProcess;
import fr.mssnode.mail.testing.SlowDown;
import fr.mssnode.mail.testing.SmtpDialogue;
import fr.mssnode.mail.testing.TestNode;

import jakarta.mail.Session;
import jakarta.mail.search.SubjectTerm;
import tools.jackson.databind.json.JsonMapper;

/**
 * A message answered with 250 is never lost: not on a clean restart, not on kill -9 while it is still in the
 * spool. Each carries a CDA letter: after the crash every one is filed exactly once and the dossier index agrees
 * with the database (repaired at start), and the operator's reindex command rebuilds the same index. The node
 * runs as a child process, created and administered with its own command line.
 */
abstract class DurabilityContract {
    static final String GP = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String CARDIO = "dr.benali@" + TestNode.DOMAIN;
    static final String PASSWORD = "Tulipe-Verte-2031";
    static final int MESSAGES = 30;
    static final String INS = Ins.withComputedKey("2850575120005").matricule();

    abstract TestDatabase newDatabase();

    @Test
    void acceptedMailSurvivesKillMinus9AndRestartExactlyOnce() throws Exception {
        Path var = Files.createTempDirectory("durable-node");
        TestDatabase database = newDatabase();
        TestNode settings = new TestNode(database, var).with("server.port", String.valueOf(FreePorts.next()));
        List<NodeProcess> started = new ArrayList<>();
        try {
            createAccountsWithTheCommandLine(var, settings);

            // Hold each message 300 ms in the pipeline, one spool thread: accepted mail piles up in the spool.
            Path slowTemplates = SlowDown.pipelineTemplates(var, 300);
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
                    assertThat(smtp.data(letterWithCda(subject, i))).startsWith("250");
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
            List<String> stored = withNodeErrors(var.resolve("run2.log"), () -> Mailboxes.subjects(session, CARDIO, PASSWORD));
            assertThat(stored.stream().map(subject -> subject.replaceAll(" \\[.*]$", "")).toList())
                .containsExactlyInAnyOrderElementsOf(subjects);
            assertThat(stored).doesNotHaveDuplicates();
            // And every one is searchable: the search index was rebuilt after the crash.
            List<String> delivered = Mailboxes.search(session, CARDIO, PASSWORD, new SubjectTerm("Durable"));
            assertThat(delivered).hasSize(MESSAGES);
            assertThat(new HashSet<>(delivered)).containsExactlyInAnyOrderElementsOf(subjects);

            // Every letter filed once, and the index (repaired at start) finds each of them.
            assertThat(dossierSearchTotal(settings)).isEqualTo(MESSAGES);

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

            List<String> reindex = new ArrayList<>(List.of("dossier", "reindex"));
            reindex.addAll(settings.arguments());
            NodeProcess.Result rebuilt = NodeProcess.run(var.resolve("admin.log"), reindex);
            assertThat(rebuilt.exitCode()).as(rebuilt.output()).isZero();
            assertThat(rebuilt.output()).contains("Rebuilt the dossier index").contains(": " + MESSAGES + " documents");
            NodeProcess fourth = NodeProcess.serve(var.resolve("run4.log"), settings.arguments());
            started.add(fourth);
            assertThat(dossierSearchTotal(settings)).isEqualTo(MESSAGES);
            fourth.stop();
        } finally {
            for (NodeProcess process : started) {
                if (!Boolean.getBoolean("durability.keepNodes")) {
                    process.kill();
                }
            }
            database.close();
        }
    }

    /**
     * An access is answered only once its event is durable: kill -9 right after the answer, and the event is in the
     * history, read with the command line; the chain holds. Then an event changed by hand in the database is found by
     * {@code dossier verify-audit}, which names it.
     */
    @Test
    void anAccessIsInTheHistoryAfterKillMinus9AndAHandEditedEventIsFound() throws Exception {
        Path var = Files.createTempDirectory("audited-node");
        TestDatabase database = newDatabase();
        TestNode settings = new TestNode(database, var).with("server.port", String.valueOf(FreePorts.next()));
        NodeProcess node = null;
        try {
            createAccountsWithTheCommandLine(var, settings);
            node = NodeProcess.serve(var.resolve("run1.log"), settings.arguments());
            sendLetter(settings, "Lettre auditee", 1);
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (dossierSearchTotal(settings) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            HttpResponse<String> read = https(settings, "/api/dossiers/" + INS);
            assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
            node.kill();
            node = null;

            NodeProcess.Result accesses = NodeProcess.run(var.resolve("admin.log"), command(settings, "dossier", "accesses",
                "--ins", INS));
            assertThat(accesses.exitCode()).as(accesses.output()).isZero();
            String dossierRead = accesses.output().lines().filter(line -> line.contains(" dossier ")).findFirst().orElseThrow(
                () -> new AssertionError("the dossier read is not in the history:\n" + accesses.output()));
            assertThat(dossierRead).contains("granted").contains("care-team").contains("<" + CARDIO + ">");
            NodeProcess.Result intact = NodeProcess.run(var.resolve("admin.log"), command(settings, "dossier", "verify-audit"));
            assertThat(intact.exitCode()).as(intact.output()).isZero();
            assertThat(intact.output()).contains("The access history is intact");

            long seq = Long.parseLong(dossierRead.strip().split("\\s+")[0]);
            try (java.sql.Connection connection = settings.database().vendor() == TestDatabase.Vendor.POSTGRESQL
                ? java.sql.DriverManager.getConnection(settings.database().url(), settings.database().user(), "")
                : java.sql.DriverManager.getConnection("jdbc:derby:" + var.resolve("db").toAbsolutePath());
                 java.sql.Statement edit = connection.createStatement()) {
                if (settings.database().vendor() == TestDatabase.Vendor.POSTGRESQL) {
                    edit.execute("ALTER TABLE dossier_audit DISABLE TRIGGER dossier_audit_append_only");
                }
                assertThat(edit.executeUpdate("UPDATE dossier_audit SET actor_address = 'quelqu.un@ailleurs.test' WHERE seq = "
                    + seq)).isEqualTo(1);
            } finally {
                if (settings.database().vendor() == TestDatabase.Vendor.DERBY) {
                    try {
                        java.sql.DriverManager.getConnection("jdbc:derby:" + var.resolve("db").toAbsolutePath() + ";shutdown=true");
                    } catch (java.sql.SQLException shutDown) {
                        // Derby says a database shut down with an exception (08006)
                    }
                }
            }
            NodeProcess.Result broken = NodeProcess.run(var.resolve("admin.log"), command(settings, "dossier", "verify-audit"));
            assertThat(broken.exitCode()).as(broken.output()).isEqualTo(1);
            assertThat(broken.output()).contains("BROKEN at event " + seq).contains("changed after it was written");
        } finally {
            if (node != null) {
                node.kill();
            }
            database.close();
        }
    }

    interface Read<T> {
        T read() throws Exception;
    }

    /** A read whose failure carries the node's ERROR lines (a CI run keeps no node log). */
    static <T> T withNodeErrors(Path log, Read<T> read) throws Exception {
        try {
            return read.read();
        } catch (Exception | AssertionError e) {
            String errors = Files.exists(log) ? String.join("\n", Files.readAllLines(log).stream()
                .filter(line -> line.contains(" ERROR ") || line.startsWith("\tat ") || line.contains("Exception"))
                .limit(80).toList()) : "(no log)";
            throw new AssertionError(e + "\nThe node's errors (" + log + "):\n" + errors, e);
        }
    }

    /** The GP sends the cardiologist a letter with its CDA over submission; each command answered as expected. */
    static void sendLetter(TestNode settings, String subject, int i) throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(settings.submissionPort, settings.clientTls())) {
            smtp.ehlo("client.test");
            smtp.startTls("client.test");
            assertThat(smtp.authPlain(GP, PASSWORD)).startsWith("235");
            assertThat(smtp.send("MAIL FROM:<" + GP + ">")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + CARDIO + ">")).startsWith("250");
            assertThat(smtp.data(letterWithCda(subject, i))).startsWith("250");
        }
    }

    static List<String> command(TestNode settings, String... words) {
        List<String> args = new ArrayList<>(List.of(words));
        args.addAll(settings.arguments());
        return args;
    }

    static HttpResponse<String> https(TestNode settings, String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(settings.clientTls()).build();
        String port = settings.arguments().stream().filter(a -> a.startsWith("--server.port=")).findFirst().orElseThrow()
            .substring("--server.port=".length());
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + path))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((CARDIO + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8))).build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    static String letterWithCda(String subject, int i) {
        String cda = CdaBuilder.of("11490-0", "Lettre de liaison à la sortie").title("Lettre durable " + i)
            .id("1.2.250.1.999.1.1", "durable-" + i).patient(InsOid.NIR_TEST.oid(), INS, "DURAND", "Camille", "19850512", "F")
            .section("18776-5", "Conclusion", "Surveillance tensionnelle, courrier " + i).build();
        String encoded = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(cda.getBytes(StandardCharsets.UTF_8));
        String headers = Mailboxes.message(GP, CARDIO, subject, "").strip();
        return headers + "\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"lettre\"\r\n\r\n"
            + "--lettre\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\nMessage " + i + "\r\n"
            + "--lettre\r\nContent-Type: application/hl7-cda+xml\r\nContent-Disposition: attachment; filename=\"lettre.xml\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n" + encoded + "\r\n--lettre--\r\n";
    }

    /**
     * How many current documents the dossier search finds for the patient, read by the recipient over HTTPS (none
     * while the first document is still on its way: the dossier does not exist yet, 404).
     */
    static int dossierSearchTotal(TestNode settings) throws Exception {
        HttpResponse<String> response = https(settings, "/api/dossiers/search?ins=" + INS + "&size=100");
        if (response.statusCode() == 404 && response.body().contains("No dossier for INS")) {
            return 0;
        }
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JsonMapper.builder().build().readTree(response.body()).get("total").asInt();
    }

    static void createAccountsWithTheCommandLine(Path var, TestNode settings) throws Exception {
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
