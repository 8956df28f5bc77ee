package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.NodeTrust;
import fr.mssnode.mail.testing.SmtpDialogue;
import fr.mssnode.mail.testing.TestNode;
import fr.mssnode.mail.tls.TlsMaterial;

import jakarta.mail.Session;

/** Starting the node: configured certificates, clear failures, and the demo mode the README promises. */
class NodeStartupTest {

    @Test
    void configuredPemCertificateIsServedOnEveryListener() throws Exception {
        Path folder = Files.createTempDirectory("operator-tls");
        // A certificate made at test time stands in for the operator's own (IGC Santé in production).
        TlsMaterial operatorCertificate = TlsMaterial.development(folder, List.of("mail.chu-nord.test"));
        Path certificate = Files.move(operatorCertificate.certificate(), folder.resolve("fullchain.pem"));
        Path privateKey = Files.move(operatorCertificate.privateKey(), folder.resolve("privkey.pem"));
        try (TestNode node = new TestNode(TestDatabase.derby(), Files.createTempDirectory("node"))
            .with("node.tls.certificate", certificate.toString())
            .with("node.tls.private-key", privateKey.toString())
            .start()) {
            assertThat(node.tls().development()).isFalse();
            assertThat(Files.exists(node.varDir().resolve("tls/dev-certificate.pem"))).isFalse();
            var trust = NodeTrust.trusting(certificate);
            try (SSLSocket imaps = (SSLSocket) trust.getSocketFactory().createSocket("127.0.0.1", node.imapsPort)) {
                imaps.startHandshake();
                assertThat(imaps.getSession().getPeerCertificates()[0]).isEqualTo(operatorCertificate.leaf());
            }
            try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, trust)) {
                smtp.ehlo("client.test");
                assertThat(smtp.startTls("client.test")).contains("AUTH");
            }
        }
    }

    @Test
    void missingCertificateFileStopsTheStartWithItsName() throws Exception {
        TestNode node = new TestNode(TestDatabase.derby(), Files.createTempDirectory("node"))
            .with("node.tls.certificate", "/nonexistent/fullchain.pem")
            .with("node.tls.private-key", "/nonexistent/privkey.pem");
        assertThatThrownBy(node::start).hasStackTraceContaining("/nonexistent/fullchain.pem does not exist or cannot be read");
    }

    @Test
    void aNodeProcessThatCannotStartSaysWhyAndExits() throws Exception {
        Path var = Files.createTempDirectory("node");
        TestNode settings = new TestNode(TestDatabase.derby(), var);
        try (ServerSocket taken = new ServerSocket(settings.smtpPort, 1, InetAddress.getLoopbackAddress())) {
            List<String> args = new java.util.ArrayList<>(List.of("serve"));
            args.addAll(settings.arguments());
            fr.mssnode.mail.testing.NodeProcess.Result result = fr.mssnode.mail.testing.NodeProcess.run(var.resolve("serve.log"), args);
            assertThat(result.exitCode()).isEqualTo(1);
            assertThat(result.output()).contains("The node could not start: BindException: Address already in use");
        }
        // The newer administration commands are reached from the executable too.
        List<String> show = new java.util.ArrayList<>(List.of("patient", "show", "--ins",
            fr.mssnode.directory.Ins.withComputedKey("2850575120005").matricule()));
        show.addAll(settings.arguments());
        fr.mssnode.mail.testing.NodeProcess.Result patient = fr.mssnode.mail.testing.NodeProcess.run(var.resolve("admin.log"), show);
        assertThat(patient.exitCode()).as(patient.output()).isEqualTo(1);
        assertThat(patient.output()).contains("Refused: No patient");
    }

    /**
     * The executable's {@code mailbox copy-from-jpa} on the embedded default: nothing to copy on a new node; on an old
     * node's JPA tables a line per mailbox and the totals; nothing to copy again once finished. (What the copy keeps
     * is tested in mailbox-store, on tables and rows written by James's own JPA mappers; here the tables are those
     * OpenJPA created on Derby, reduced to what the copy reads.)
     */
    @Test
    void mailboxCopyFromJpaCopiesAnOldNodesMailOnce() throws Exception {
        Path var = Files.createTempDirectory("node");
        TestNode settings = new TestNode(TestDatabase.derby(), var);
        List<String> copyCommand = new ArrayList<>(List.of("mailbox", "copy-from-jpa"));
        copyCommand.addAll(settings.arguments());

        fr.mssnode.mail.testing.NodeProcess.Result fresh = fr.mssnode.mail.testing.NodeProcess.run(var.resolve("fresh.log"), copyCommand);
        assertThat(fresh.exitCode()).as(fresh.output()).isZero();
        assertThat(fresh.output()).contains("Nothing to copy: this database has no James JPA mailbox tables");

        String martin = "dr.martin@" + TestNode.DOMAIN;
        String url = "jdbc:derby:" + var.resolve("db").toAbsolutePath();
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(url);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE JAMES_MAILBOX (MAILBOX_ID BIGINT NOT NULL, MAILBOX_HIGHEST_MODSEQ BIGINT,"
                + " MAILBOX_LAST_UID BIGINT, MAILBOX_NAME VARCHAR(200) NOT NULL, MAILBOX_NAMESPACE VARCHAR(200) NOT NULL,"
                + " MAILBOX_UID_VALIDITY BIGINT NOT NULL, USER_NAME VARCHAR(200), PRIMARY KEY (MAILBOX_ID))");
            statement.execute("CREATE TABLE JAMES_MAIL (MAILBOX_ID BIGINT NOT NULL, MAIL_UID BIGINT NOT NULL,"
                + " MAIL_IS_ANSWERED SMALLINT NOT NULL, MAIL_BODY_START_OCTET INTEGER NOT NULL, MAIL_CONTENT_OCTETS_COUNT BIGINT NOT NULL,"
                + " MAIL_IS_DELETED SMALLINT NOT NULL, MAIL_IS_DRAFT SMALLINT NOT NULL, MAIL_IS_FLAGGED SMALLINT NOT NULL,"
                + " MAIL_DATE TIMESTAMP, MAIL_MIME_TYPE VARCHAR(200), MAIL_MODSEQ BIGINT, MAIL_IS_RECENT SMALLINT NOT NULL,"
                + " MAIL_IS_SEEN SMALLINT NOT NULL, MAIL_MIME_SUBTYPE VARCHAR(200), MAIL_TEXTUAL_LINE_COUNT BIGINT,"
                + " MAIL_BYTES BLOB(2147483647) NOT NULL, HEADER_BYTES BLOB(2147483647) NOT NULL, PRIMARY KEY (MAILBOX_ID, MAIL_UID))");
            statement.execute("CREATE TABLE JAMES_MAIL_USERFLAG (USERFLAG_ID BIGINT NOT NULL, USERFLAG_NAME VARCHAR(500) NOT NULL,"
                + " MAILBOX_ID BIGINT, MAIL_UID BIGINT, PRIMARY KEY (USERFLAG_ID))");
            statement.execute("CREATE TABLE JAMES_MAIL_PROPERTY (PROPERTY_ID BIGINT NOT NULL, PROPERTY_LINE_NUMBER INTEGER NOT NULL,"
                + " PROPERTY_LOCAL_NAME VARCHAR(500) NOT NULL, PROPERTY_NAME_SPACE VARCHAR(500) NOT NULL,"
                + " PROPERTY_VALUE VARCHAR(1024) NOT NULL, MAILBOX_ID BIGINT, MAIL_UID BIGINT, PRIMARY KEY (PROPERTY_ID))");
            statement.execute("CREATE TABLE JAMES_SUBSCRIPTION (SUBSCRIPTION_ID BIGINT NOT NULL, MAILBOX_NAME VARCHAR(100) NOT NULL,"
                + " USER_NAME VARCHAR(100) NOT NULL, PRIMARY KEY (SUBSCRIPTION_ID))");
            statement.execute("CREATE TABLE JAMES_MAILBOX_ANNOTATION (ANNOTATION_KEY VARCHAR(200) NOT NULL, MAILBOX_ID BIGINT NOT NULL,"
                + " VALUE VARCHAR(255), PRIMARY KEY (MAILBOX_ID, ANNOTATION_KEY))");
            statement.execute("INSERT INTO JAMES_MAILBOX VALUES (7, 5, 3, 'INBOX', '#private', 1764000001, '" + martin + "')");
            try (java.sql.PreparedStatement mail = connection.prepareStatement("INSERT INTO JAMES_MAIL VALUES"
                + " (7, ?, 0, ?, ?, 0, 0, 0, ?, 'text', ?, 0, ?, 'plain', 1, ?, ?)")) {
                for (int uid : new int[] {1, 3}) {
                    byte[] header = ("Subject: Lettre " + uid + "\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
                    byte[] body = "Chère consœur,\r\n".getBytes(StandardCharsets.UTF_8);
                    mail.setInt(1, uid);
                    mail.setInt(2, header.length);
                    mail.setLong(3, header.length + body.length);
                    mail.setTimestamp(4, java.sql.Timestamp.from(Instant.parse("2026-11-02T08:00:00Z")));
                    mail.setLong(5, uid + 2);
                    mail.setInt(6, uid == 1 ? 1 : 0);
                    mail.setBytes(7, body);
                    mail.setBytes(8, header);
                    mail.executeUpdate();
                }
            }
            statement.execute("INSERT INTO JAMES_MAIL_USERFLAG VALUES (1, '$Forwarded', 7, 1)");
            statement.execute("INSERT INTO JAMES_MAIL_PROPERTY VALUES (1, 0, 'mediaType', 'http://james.apache.org/rfc2045', 'text', 7, 1)");
            statement.execute("INSERT INTO JAMES_SUBSCRIPTION VALUES (1, 'INBOX', '" + martin + "')");
            statement.execute("INSERT INTO JAMES_MAILBOX_ANNOTATION VALUES ('/private/comment', 7, 'Boîte du Dr Martin')");
        }
        try {
            java.sql.DriverManager.getConnection(url + ";shutdown=true");
        } catch (java.sql.SQLException shutDown) {
            assertThat(shutDown.getSQLState()).as("Derby released the database for the next command").isEqualTo("08006");
        }

        fr.mssnode.mail.testing.NodeProcess.Result copied = fr.mssnode.mail.testing.NodeProcess.run(var.resolve("copy.log"), copyCommand);
        assertThat(copied.exitCode()).as(copied.output()).isZero();
        assertThat(copied.output()).contains("mailbox 7 (" + martin + " INBOX): 2 messages copied")
            .contains("Copied 1 mailboxes, 2 messages, 1 subscriptions, 1 annotations");

        fr.mssnode.mail.testing.NodeProcess.Result again = fr.mssnode.mail.testing.NodeProcess.run(var.resolve("again.log"), copyCommand);
        assertThat(again.exitCode()).as(again.output()).isZero();
        assertThat(again.output()).contains("Nothing to copy: the copy from James's JPA mailbox store has already finished");
    }

    @Test
    void busyPortStopsTheStartCleanlyWithTheReason() throws Exception {
        TestNode node = new TestNode(TestDatabase.derby(), Files.createTempDirectory("node"));
        try (ServerSocket taken = new ServerSocket(node.submissionPort, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(node::start)
                .hasStackTraceContaining("The mail server could not start")
                .hasStackTraceContaining("Address already in use");
        }
        // Nothing half-started is left behind: the node starts normally once the port is free.
        node.start();
        node.close();
    }

    @Test
    void demoModeCreatesTheDemoAccountsAndWritesDemoProperties() throws Exception {
        Path var = Files.createTempDirectory("demo-node");
        TestNode ports = new TestNode(TestDatabase.derby(), var);
        List<String> args = new ArrayList<>(List.of("demo"));
        args.addAll(ports.arguments());
        args.removeIf(arg -> arg.startsWith("--node.domain="));
        Process process = new ProcessBuilder(javaCommand(args)).redirectErrorStream(true)
            .redirectOutput(var.resolve("demo.log").toFile()).start();
        try {
            Path demoProperties = var.resolve("demo.properties");
            Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
            while (!Files.exists(demoProperties) && Instant.now().isBefore(deadline) && process.isAlive()) {
                Thread.sleep(200);
            }
            assertThat(demoProperties).as(Files.readString(var.resolve("demo.log"))).exists();
            Properties demo = new Properties();
            demo.load(Files.newBufferedReader(demoProperties, StandardCharsets.UTF_8));
            assertThat(demo.getProperty("submission.port")).isEqualTo(String.valueOf(ports.submissionPort));
            assertThat(demo.getProperty("imaps.port")).isEqualTo(String.valueOf(ports.imapsPort));
            assertThat(demo.getProperty("domain")).isEqualTo("hopital-demo.test");
            assertThat(demo.getProperty("https.port")).matches("[0-9]+");
            assertThat(List.of(demo.getProperty("account.1.kind"), demo.getProperty("account.2.kind"),
                demo.getProperty("account.3.kind"), demo.getProperty("account.4.kind"), demo.getProperty("account.5.kind")))
                .containsExactly("professional", "professional", "organisation", "patient", "professional");
            assertThat(demo.getProperty("account.4.address")).endsWith("@patient.hopital-demo.test");
            assertThat(demo.getProperty("account.6.address")).isNull();

            String gp = demo.getProperty("account.1.address");
            String cardio = demo.getProperty("account.2.address");
            try (SmtpDialogue smtp = SmtpDialogue.connect(ports.submissionPort, ports.clientTls())) {
                smtp.ehlo("client.test");
                smtp.startTls("client.test");
                assertThat(smtp.authPlain(gp, demo.getProperty("account.1.password"))).startsWith("235");
                assertThat(smtp.send("MAIL FROM:<" + gp + ">")).startsWith("250");
                assertThat(smtp.send("RCPT TO:<" + cardio + ">")).startsWith("250");
                assertThat(smtp.data(Mailboxes.message(gp, cardio, "Demo letter", "Hello"))).startsWith("250");
                // the README's walk-through: the sample messages the demo wrote, sent as they are
                for (String sample : List.of("lettre-de-sortie.eml", "compte-rendu-biologie.eml")) {
                    assertThat(smtp.send("MAIL FROM:<" + gp + ">")).startsWith("250");
                    assertThat(smtp.send("RCPT TO:<" + cardio + ">")).startsWith("250");
                    assertThat(smtp.data(Files.readString(var.resolve("demo").resolve(sample), StandardCharsets.UTF_8)))
                        .startsWith("250");
                }
            }
            Session session = ports.mailSession();
            assertThat(Mailboxes.awaitSubject(session, cardio, demo.getProperty("account.2.password"), "Demo letter", 1,
                Duration.ofSeconds(20))).isEqualTo(1);
            for (String subject : List.of("Lettre de sortie Mme Durand", "Compte rendu de biologie")) {
                assertThat(new String(Mailboxes.awaitRaw(session, cardio, demo.getProperty("account.2.password"), subject,
                    Duration.ofSeconds(30)), StandardCharsets.UTF_8)).as(subject)
                    .contains("X-MSS-Dossier: filed=1; refused=0; codecda=ok; ins=ok");
            }
            for (String acknowledged : List.of("XDM/1.0/DDM+Lettre de liaison de sortie", "XDM/1.0/DDM+R")) {
                assertThat(Mailboxes.awaitRaw(session, gp, demo.getProperty("account.1.password"), acknowledged,
                    Duration.ofSeconds(30))).isNotEmpty();
            }

            // The README's patient walk-through: the copy in her inbox, break-the-glass by the emergency physician,
            // seen in her access history and told to her and to her treating doctor (the GP).
            String patient = demo.getProperty("account.4.address");
            String patientPassword = demo.getProperty("account.4.password");
            assertThat(Mailboxes.awaitSubject(session, patient, patientPassword, "Nouveau document dans votre dossier", 1,
                Duration.ofSeconds(30))).isEqualTo(1);
            String urgentist = demo.getProperty("account.5.address") + ":" + demo.getProperty("account.5.password");
            String ins = patient.substring(0, patient.indexOf('@'));
            java.net.http.HttpClient https = java.net.http.HttpClient.newBuilder().sslContext(ports.clientTls()).build();
            String base = "https://127.0.0.1:" + demo.getProperty("https.port");
            assertThat(https.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/dossiers/" + ins))
                .header("Authorization", basic(urgentist)).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                .statusCode()).isEqualTo(403);
            java.net.http.HttpResponse<String> broken = https.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(base + "/api/dossiers/" + ins + "/break-glass")).header("Authorization", basic(urgentist))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"reason\":\"Patiente inconsciente aux urgences\"}"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(broken.statusCode()).as(broken.body()).isEqualTo(201);
            String history = https.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/api/patient/accesses"))
                .header("Authorization", basic(patient + ":" + patientPassword)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(history).contains("\"ground\":\"break-glass\"").contains("Patiente inconsciente aux urgences");
            assertThat(Mailboxes.awaitSubject(session, patient, patientPassword, "urgence", 1, Duration.ofSeconds(30)))
                .isEqualTo(1);
            assertThat(Mailboxes.awaitSubject(session, gp, demo.getProperty("account.1.password"), "urgence", 1,
                Duration.ofSeconds(30))).isEqualTo(1);
        } finally {
            process.destroy();
            process.waitFor();
        }
    }

    private static String basic(String loginAndPassword) {
        return "Basic " + java.util.Base64.getEncoder().encodeToString(loginAndPassword.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> javaCommand(List<String> args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx512m", "-cp", System.getProperty("java.class.path"), "fr.mssnode.mail.NodeApplication"));
        command.addAll(args);
        return command;
    }
}
