package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.extract.DirectoryImporter;
import fr.mssnode.directory.extract.SmallListing;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.admin.AdminCommands;
import fr.mssnode.mail.testing.FreePorts;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.NodeTrust;
import fr.mssnode.mail.testing.SmtpDialogue;
import fr.mssnode.mail.testing.TestNode;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.search.BodyTerm;

/**
 * The node over its real protocols: submission with STARTTLS + AUTH, IMAPS, the directory gate on both SMTP
 * ports, remote delivery to a trusted operator (GreenMail), and the admin commands. One node per vendor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MailNodeContract {
    static final String GP = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String CARDIO = "dr.benali@" + TestNode.DOMAIN;
    static final String RETIRED = "dr.ancien@" + TestNode.DOMAIN;
    static final String PASSWORD = "Tulipe-Verte-2031";
    static final String TRUSTED = "chu-sud.test";
    static final String FOREIGN_DOCTOR = "dr.roux@" + TRUSTED;
    static final String PATIENT = Ins.withComputedKey("1850578006084").matricule() + "@" + TestNode.PATIENT_DOMAIN;

    TestNode node;
    GreenMail foreignOperator;

    abstract TestDatabase newDatabase();

    @BeforeAll
    void startNode() throws Exception {
        int foreignPort = FreePorts.next();
        foreignOperator = new GreenMail(new ServerSetup(foreignPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        foreignOperator.start();
        node = new TestNode(newDatabase(), Files.createTempDirectory("node"))
            // GreenMail has no STARTTLS: reach it with implicit TLS; its self-signed certificate is trusted by host.
            .with("node.remote-delivery.tls", "implicit")
            .with("node.remote-delivery.verify-server-identity", "false")
            .with("node.remote-delivery.trusted-hosts", "127.0.0.1")
            .with("node.remote-delivery.delays", "1 second")
            .with("node.remote-delivery.max-retries", "1")
            .start();
        node.createAccount(GP, AccountKind.PROFESSIONAL, PASSWORD);
        node.createAccount(CARDIO, AccountKind.PROFESSIONAL, PASSWORD);
        node.createAccount(RETIRED, AccountKind.PROFESSIONAL, PASSWORD);
        node.admin().setActive(RETIRED, false);
        node.createAccount(PATIENT, AccountKind.PATIENT, PASSWORD);
        node.admin().addTrustedOperator(TRUSTED, "127.0.0.1:" + foreignPort);
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
            node.database().close();
        }
        if (foreignOperator != null) {
            foreignOperator.stop();
        }
    }

    @Test
    void submissionWithStartTlsAndAuthIsReadBackOverImapsAndFoundBySearch() throws Exception {
        Session session = node.mailSession();
        MimeMessage letter = new MimeMessage(session);
        letter.setFrom(new InternetAddress(GP));
        letter.setRecipient(Message.RecipientType.TO, new InternetAddress(CARDIO));
        letter.setSubject("Adressage Mme Durand");
        letter.setText("Chère consœur, je vous adresse Mme Durand pour une échocardiographie.", "UTF-8");
        Transport.send(letter, GP, PASSWORD);

        assertThat(Mailboxes.awaitSubject(session, CARDIO, PASSWORD, "Adressage Mme Durand", 1, Duration.ofSeconds(20)))
            .isEqualTo(1);
        assertThat(Mailboxes.search(session, CARDIO, PASSWORD, new BodyTerm("échocardiographie")))
            .containsExactly("Adressage Mme Durand");
        assertThat(Mailboxes.search(session, CARDIO, PASSWORD, new BodyTerm("scintigraphie"))).isEmpty();
    }

    @Test
    void submissionNegotiatesOnlyTls12Or13() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls())) {
            smtp.ehlo("client.test");
            smtp.startTls("client.test");
            assertThat(smtp.tlsProtocol()).isIn("TLSv1.3", "TLSv1.2");
        }
        // The JVM disables TLS 1.1 by default; lift that for this client so that only the node's own
        // configuration can refuse it.
        String disabled = java.security.Security.getProperty("jdk.tls.disabledAlgorithms");
        java.security.Security.setProperty("jdk.tls.disabledAlgorithms", disabled.replace("TLSv1.1,", "").replace("TLSv1,", ""));
        try {
            SSLContext legacy = NodeTrust.trusting(node.certificate(), "TLSv1.1");
            try (SSLSocket socket = (SSLSocket) legacy.getSocketFactory().createSocket("127.0.0.1", node.imapsPort)) {
                socket.setEnabledProtocols(new String[] {"TLSv1.1"});
                assertThatThrownBy(socket::startHandshake).isInstanceOf(java.io.IOException.class);
            }
        } finally {
            java.security.Security.setProperty("jdk.tls.disabledAlgorithms", disabled);
        }
    }

    @Test
    void imapRefusesLoginBeforeStartTlsAndAcceptsItAfter() throws Exception {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), node.imapPort)) {
            socket.setSoTimeout(10_000);
            java.io.BufferedReader in = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("* OK");
            socket.getOutputStream().write(("a1 LOGIN " + GP + " " + PASSWORD + "\r\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String reply = in.readLine();
            while (reply.startsWith("*")) {
                reply = in.readLine();
            }
            assertThat(reply).startsWith("a1 NO");
        }
        java.util.Properties properties = new java.util.Properties();
        properties.put("mail.imap.starttls.enable", "true");
        properties.put("mail.imap.starttls.required", "true");
        properties.put("mail.imap.ssl.socketFactory", node.clientTls().getSocketFactory());
        properties.put("mail.imap.ssl.checkserveridentity", "false");
        try (jakarta.mail.Store store = Session.getInstance(properties).getStore("imap")) {
            store.connect("127.0.0.1", node.imapPort, GP, PASSWORD);
            assertThat(store.getFolder("INBOX").exists()).isTrue();
        }
    }

    @Test
    void httpsStatusAnswersWithTheNodesCertificate() throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(node.clientTls()).build();
        java.net.http.HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("https://127.0.0.1:" + node.httpsPort() + "/api/status")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"mailServer\":\"running\"").contains(TestNode.DOMAIN)
            .contains(node.tls().sha256Fingerprint());
        java.net.http.HttpResponse<String> missing = client.send(java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("https://127.0.0.1:" + node.httpsPort() + "/api/nothing-here")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("problem+json"));
    }

    @Test
    void authBeforeStartTlsIsRefusedAndNotAnnounced() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls())) {
            assertThat(smtp.ehlo("client.test")).doesNotContain("AUTH").contains("STARTTLS");
            assertThat(smtp.authPlain(GP, PASSWORD)).startsWith("538 5.7.11").contains("STARTTLS");
        }
    }

    @Test
    void submissionWithoutAuthIsRefused() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls())) {
            smtp.ehlo("client.test");
            assertThat(smtp.startTls("client.test")).contains("AUTH");
            assertThat(smtp.send("MAIL FROM:<" + GP + ">")).startsWith("530 5.7.0").contains("Authentication required");
        }
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        try (SmtpDialogue smtp = authenticatedAs(GP, "Not-The-Password-1")) {
            assertThat(smtp.send("MAIL FROM:<" + GP + ">")).startsWith("530");
        }
    }

    @Test
    void senderMustBeAnAddressOfTheAuthenticatedAccount() throws Exception {
        try (SmtpDialogue smtp = authenticatedAs(GP, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + CARDIO + ">"))
                .startsWith("550 5.7.1").contains("is not an address of account " + GP);
            assertThat(smtp.send("MAIL FROM:<>")).startsWith("550 5.7.1").contains("null sender");
        }
    }

    @Test
    void recipientsOutsideTheDirectoryAreRefusedWithTheReason() throws Exception {
        try (SmtpDialogue smtp = authenticatedAs(GP, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + GP + ">")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<nobody@" + TestNode.DOMAIN + ">"))
                .startsWith("550 5.1.1").contains("No mailbox <nobody@" + TestNode.DOMAIN + ">");
            assertThat(smtp.send("RCPT TO:<" + RETIRED + ">")).startsWith("550 5.2.1").contains("disabled");
            assertThat(smtp.send("RCPT TO:<someone@gmail.test>"))
                .startsWith("550 5.7.1").contains("outside the espace de confiance");
            assertThat(smtp.send("RCPT TO:<" + PATIENT + ">")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + FOREIGN_DOCTOR + ">")).startsWith("250");
        }
    }

    @Test
    void operatorPortRequiresTlsAndATrustedSenderAndOnlyDeliversLocally() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.smtpPort, node.clientTls())) {
            assertThat(smtp.ehlo("mx.chu-sud.test")).doesNotContain("AUTH");
            assertThat(smtp.send("MAIL FROM:<" + FOREIGN_DOCTOR + ">")).startsWith("530 5.7.0").contains("STARTTLS");
        }
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.smtpPort, node.clientTls())) {
            smtp.ehlo("mx.spam.test");
            smtp.startTls("mx.spam.test");
            assertThat(smtp.send("MAIL FROM:<someone@spam.test>"))
                .startsWith("550 5.7.1").contains("spam.test is not a trusted health operator");
            assertThat(smtp.send("MAIL FROM:<" + GP + ">")).startsWith("550 5.7.1").contains("submission port");
            assertThat(smtp.send("MAIL FROM:<>")).startsWith("550 5.7.1").contains("null sender");
        }
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.smtpPort, node.clientTls())) {
            smtp.ehlo("mx.chu-sud.test");
            smtp.startTls("mx.chu-sud.test");
            assertThat(smtp.send("MAIL FROM:<" + FOREIGN_DOCTOR + ">")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<colleague@" + TRUSTED + ">")).startsWith("550 5.7.1").contains("Relaying denied");
            assertThat(smtp.send("RCPT TO:<someone@gmail.test>")).startsWith("550 5.7.1");
            assertThat(smtp.send("RCPT TO:<" + CARDIO + ">")).startsWith("250");
            assertThat(smtp.data(Mailboxes.message(FOREIGN_DOCTOR, CARDIO, "Compte rendu CHU Sud", "Compte rendu operatoire.")))
                .startsWith("250");
        }
        assertThat(Mailboxes.awaitSubject(node.mailSession(), CARDIO, PASSWORD, "Compte rendu CHU Sud", 1, Duration.ofSeconds(20)))
            .isEqualTo(1);
    }

    @Test
    void nullSenderReportsAreAcceptedOnlyFromATrustedOperatorsServer() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.smtpPort, node.clientTls())) {
            smtp.ehlo("mx.chu-sud.test");
            smtp.startTls("mx.chu-sud.test");
            assertThat(smtp.send("MAIL FROM:<>")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + GP + ">")).startsWith("250");
        }
    }

    @Test
    void neverAnOpenRelayOnEitherPort() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.smtpPort, node.clientTls())) {
            smtp.ehlo("mx.chu-sud.test");
            smtp.startTls("mx.chu-sud.test");
            smtp.send("MAIL FROM:<" + FOREIGN_DOCTOR + ">");
            assertThat(smtp.send("RCPT TO:<victim@gmail.test>")).startsWith("550 5.7.1");
        }
        try (SmtpDialogue smtp = authenticatedAs(GP, PASSWORD)) {
            smtp.send("MAIL FROM:<" + GP + ">");
            assertThat(smtp.send("RCPT TO:<victim@gmail.test>")).startsWith("550 5.7.1");
            assertThat(smtp.send("RCPT TO:<victim@[127.0.0.1]>")).startsWith("5");
        }
    }

    @Test
    void mailForATrustedOperatorIsDeliveredRemotelyOverTls() throws Exception {
        Session session = node.mailSession();
        MimeMessage letter = new MimeMessage(session);
        letter.setFrom(new InternetAddress(GP));
        letter.setRecipient(Message.RecipientType.TO, new InternetAddress(FOREIGN_DOCTOR));
        letter.setSubject("Lettre de liaison");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Ci-joint la lettre de liaison.", "UTF-8");
        MimeBodyPart xml = new MimeBodyPart();
        xml.setContent("<ClinicalDocument xmlns=\"urn:hl7-org:v3\"/>", "application/hl7-cda+xml");
        xml.setFileName("lettre.xml");
        letter.setContent(new MimeMultipart(text, xml));
        Transport.send(letter, GP, PASSWORD);

        assertThat(foreignOperator.waitForIncomingEmail(30_000, 1)).isTrue();
        MimeMessage received = foreignOperator.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("Lettre de liaison");
        assertThat(received.getAllRecipients()).extracting(Object::toString).contains(FOREIGN_DOCTOR);
    }

    @Test
    void undeliverableRemoteMailComesBackToItsSenderWithTheReason() throws Exception {
        int closedPort = FreePorts.next();
        node.admin().addTrustedOperator("clinique-fermee.test", "127.0.0.1:" + closedPort);
        try (SmtpDialogue smtp = authenticatedAs(GP, PASSWORD)) {
            smtp.send("MAIL FROM:<" + GP + ">");
            assertThat(smtp.send("RCPT TO:<dr.absent@clinique-fermee.test>")).startsWith("250");
            assertThat(smtp.data(Mailboxes.message(GP, "dr.absent@clinique-fermee.test", "Courrier perdu ?", "Test.")))
                .startsWith("250");
        }
        Session session = node.mailSession();
        assertThat(Mailboxes.awaitSubject(session, GP, PASSWORD, "Courrier perdu", 1, Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(Mailboxes.search(session, GP, PASSWORD, new BodyTerm("dr.absent@clinique-fermee.test"))).isNotEmpty();
    }

    @Test
    void adminCommandsExplainEveryRefusal() {
        AdminCommands commands = node.bean(AdminCommands.class);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream o = new java.io.PrintStream(out, true);
        java.io.PrintStream e = new java.io.PrintStream(err, true);

        assertThat(commands.run(List.of("account", "create", "--address", "dr.neuf@" + TestNode.DOMAIN,
            "--kind", "professional", "--name", "Dr Neuf", "--password", PASSWORD), o, e)).isZero();
        assertThat(out.toString()).contains("Created professional account dr.neuf@" + TestNode.DOMAIN);
        assertThat(commands.run(List.of("account", "create", "--address", "dr.neuf@" + TestNode.DOMAIN,
            "--kind", "professional", "--password", PASSWORD), o, e)).isEqualTo(1);
        assertThat(commands.run(List.of("account", "create", "--address", "dr.x@unknown.test",
            "--kind", "professional", "--password", PASSWORD), o, e)).isEqualTo(1);
        assertThat(commands.run(List.of("account", "create", "--address", "dr.y@" + TestNode.DOMAIN,
            "--kind", "professional", "--password", "faible"), o, e)).isEqualTo(1);
        assertThat(commands.run(List.of("account", "reset-password", "--address", "dr.neuf@" + TestNode.DOMAIN,
            "--password", "Nouveau-Secret-77"), o, e)).isZero();
        assertThat(commands.run(List.of("operator", "add", "--domain", "clinique-est.test"), o, e)).isZero();
        assertThat(commands.run(List.of("operator", "remove", "--domain", "clinique-est.test"), o, e)).isZero();
        assertThat(commands.run(List.of("operator", "remove", "--domain", "clinique-est.test"), o, e)).isEqualTo(1);
        assertThat(commands.run(List.of("account", "create", "--kind", "professional"), o, e)).isEqualTo(2);
        assertThat(commands.run(List.of("account", "list"), o, e)).isZero();

        assertThat(err.toString())
            .contains("Refused: An account for dr.neuf@" + TestNode.DOMAIN + " already exists.")
            .contains("Refused: Unknown domain 'unknown.test'")
            .contains("Refused: Password too weak")
            .contains("is not a trusted operator domain")
            .contains("Missing --address.");
        assertThat(out.toString()).contains("Password changed").contains("Trusted operator domain clinique-est.test added")
            .contains(GP);
        assertThat(node.directory().authenticate("dr.neuf@" + TestNode.DOMAIN, "Nouveau-Secret-77")).isPresent();
    }

    @Test
    void newAccountReceivesMailWithoutRestart() throws Exception {
        String newcomer = "dr.nouvelle@" + TestNode.DOMAIN;
        try (SmtpDialogue smtp = authenticatedAs(GP, PASSWORD)) {
            smtp.send("MAIL FROM:<" + GP + ">");
            assertThat(smtp.send("RCPT TO:<" + newcomer + ">")).startsWith("550 5.1.1");
        }
        node.createAccount(newcomer, AccountKind.PROFESSIONAL, PASSWORD);
        try (SmtpDialogue smtp = authenticatedAs(GP, PASSWORD)) {
            smtp.send("MAIL FROM:<" + GP + ">");
            assertThat(smtp.send("RCPT TO:<" + newcomer + ">")).startsWith("250");
            assertThat(smtp.data(Mailboxes.message(GP, newcomer, "Bienvenue", "Bienvenue dans le réseau."))).startsWith("250");
        }
        assertThat(Mailboxes.awaitSubject(node.mailSession(), newcomer, PASSWORD, "Bienvenue", 1, Duration.ofSeconds(20)))
            .isEqualTo(1);
    }

    @Test
    void aProfessionalRemovedFromTheDirectoryExtractionCanNeitherSendNorReceive() throws Exception {
        String leaving = "dr.depart@" + TestNode.DOMAIN;
        node.createAccount(leaving, AccountKind.PROFESSIONAL, PASSWORD);
        try (SmtpDialogue smtp = authenticatedAs(GP, PASSWORD)) {
            smtp.send("MAIL FROM:<" + GP + ">");
            assertThat(smtp.send("RCPT TO:<" + leaving + ">")).startsWith("250");
        }
        // The next extraction no longer lists the mailbox: re-import without it, no restart.
        List<SmallListing.Entry> remaining = new ArrayList<>(node.listed());
        remaining.removeIf(entry -> entry.address().equals(leaving));
        SmallListing.importAll(node.bean(DirectoryImporter.class), node.varDir().resolve("listing"), remaining);

        try (SmtpDialogue smtp = authenticatedAs(GP, PASSWORD)) {
            smtp.send("MAIL FROM:<" + GP + ">");
            assertThat(smtp.send("RCPT TO:<" + leaving + ">"))
                .startsWith("550 5.7.1").contains("removed from the MSSante directory extraction");
        }
        try (SmtpDialogue smtp = authenticatedAs(leaving, PASSWORD)) {
            assertThat(smtp.send("MAIL FROM:<" + leaving + ">"))
                .startsWith("550 5.7.1").contains("may not send").contains("removed from the MSSante directory extraction");
        }
    }

    SmtpDialogue authenticatedAs(String user, String password) throws Exception {
        SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls());
        smtp.ehlo("client.test");
        smtp.startTls("client.test");
        smtp.authPlain(user, password);
        return smtp;
    }
}
