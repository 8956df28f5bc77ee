package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.signin.CertificateSignIn;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.directory.trust.TestCertificateAuthority;
import fr.mssnode.directory.trust.X509Files;
import fr.mssnode.mail.admin.AdminCommands;
import fr.mssnode.mail.testing.ImapDialogue;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.NodeTrust;
import fr.mssnode.mail.testing.SmtpDialogue;
import fr.mssnode.mail.testing.TestNode;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;

/**
 * Practice software signs in to its application mailbox with the client certificate registered for it: mutual TLS
 * and SASL EXTERNAL on IMAPS and on submission after STARTTLS, set up with the operator's commands; a mailbox set to
 * its certificate refuses passwords everywhere; password users are not bothered by the certificate request.
 */
class CertificateSignInTest {
    static final String LAB = "resultats.labo@" + TestNode.DOMAIN;
    static final String GP = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String PASSWORD = "Tulipe-Verte-2031";

    static TestDatabase database;
    static TestNode node;
    static Path work;
    static SSLContext labSoftware;
    static SSLContext unknownSoftware;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.derby();
        work = Files.createTempDirectory("certificate-sign-in");
        node = new TestNode(database, Files.createTempDirectory("node")).start();
        node.createAccount(LAB, AccountKind.ORGANISATION, PASSWORD);
        node.createAccount(GP, AccountKind.PROFESSIONAL, PASSWORD);
        // The operator issues (here, from the test CA) and registers the software's certificate.
        admin("pki", "issue-test-client", "--name", "Logiciel du laboratoire", "--out", work.resolve("lab").toString());
        assertThat(admin("directory", "import-certificate", "--address", LAB, "--usage", "sign-in", "--file",
            work.resolve("lab/client.pem").toString())).contains("Registered the sign-in certificate of " + LAB);
        labSoftware = presenting(work.resolve("lab"));
        admin("pki", "issue-test-client", "--name", "Logiciel inconnu", "--out", work.resolve("unknown").toString());
        unknownSoftware = presenting(work.resolve("unknown"));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (database != null) {
            database.close();
        }
    }

    static String admin(String... arguments) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        int exit = node.bean(AdminCommands.class).run(List.of(arguments), print, print);
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        return out.toString(StandardCharsets.UTF_8);
    }

    static SSLContext presenting(Path folder) throws Exception {
        X509Certificate certificate = X509Files.read(Files.readAllBytes(folder.resolve("client.pem")), "client").get(0);
        PrivateKey key = TestCertificateAuthority.readKey(Files.readString(folder.resolve("client-key.pem")));
        return NodeTrust.presenting(node.certificate(), certificate, key);
    }

    static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void imapsOpensTheApplicationMailboxWithItsCertificate() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(node.imapsPort, labSoftware)) {
            assertThat(imap.send("CAPABILITY").untagged().toString()).contains("AUTH=EXTERNAL", "SASL-IR");
            assertThat(imap.send("AUTHENTICATE EXTERNAL =").ok()).isTrue();
            assertThat(imap.send("SELECT INBOX").ok()).isTrue();
        }
        // Naming the mailbox (authorization identity), and without an initial response: "+", then the answer.
        try (ImapDialogue imap = ImapDialogue.connect(node.imapsPort, labSoftware)) {
            assertThat(imap.send("AUTHENTICATE EXTERNAL " + base64(LAB)).ok()).isTrue();
        }
        try (ImapDialogue imap = ImapDialogue.connect(node.imapsPort, labSoftware)) {
            imap.writeRaw("c1 AUTHENTICATE EXTERNAL\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(imap.nextLine()).hasValueSatisfying(line -> assertThat(line).startsWith("+"));
            imap.writeRaw("\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(imap.nextLine()).hasValueSatisfying(line -> assertThat(line).startsWith("c1 OK"));
        }
        // The certificate opens its own mailbox only.
        try (ImapDialogue imap = ImapDialogue.connect(node.imapsPort, labSoftware)) {
            assertThat(imap.send("AUTHENTICATE EXTERNAL " + base64(GP)).status())
                .contains("NO [AUTHENTICATIONFAILED]", "opens " + LAB + ", not " + GP);
        }
        OperatorTrace trace = node.bean(OperatorTrace.class);
        trace.flush();
        assertThat(trace.search(LAB, Instant.EPOCH, 100)).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo(TraceEvent.Action.SIGN_IN);
            assertThat(event.request()).contains("(certificate)");
        });
    }

    @Test
    void anUnknownCertificateOrNoneIsRefusedWithTheReasonAndPasswordsStillWork() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(node.imapsPort, unknownSoftware)) {
            assertThat(imap.send("AUTHENTICATE EXTERNAL =").status())
                .contains("NO [AUTHENTICATIONFAILED]", "not registered for sign-in to any mailbox");
        }
        try (ImapDialogue imap = ImapDialogue.connect(node.imapsPort, node.clientTls())) {
            assertThat(imap.send("CAPABILITY").untagged().toString()).doesNotContain("AUTH=EXTERNAL");
            assertThat(imap.send("AUTHENTICATE EXTERNAL =").status()).contains("No client certificate was presented");
            assertThat(imap.send("LOGIN " + GP + " " + PASSWORD).ok()).isTrue();
        }
        // A password user whose client has a certificate (not registered) signs in with the password as before.
        try (ImapDialogue imap = ImapDialogue.connect(node.imapsPort, unknownSoftware)) {
            assertThat(imap.send("LOGIN " + GP + " " + PASSWORD).ok()).isTrue();
        }
    }

    @Test
    void submissionTakesTheCertificateAfterStarttls() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, labSoftware)) {
            assertThat(smtp.ehlo("labo.test")).doesNotContain("EXTERNAL");
            assertThat(smtp.send("AUTH EXTERNAL =")).startsWith("538 5.7.11");
            assertThat(smtp.startTls("labo.test")).contains("EXTERNAL");
            assertThat(smtp.send("AUTH EXTERNAL =")).startsWith("235 2.7.0");
            assertThat(smtp.send("MAIL FROM:<" + LAB + ">")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + GP + ">")).startsWith("250");
            assertThat(smtp.data(Mailboxes.message(LAB, GP, "Resultats d'analyse", "Les resultats sont joints.")))
                .startsWith("250");
        }
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, labSoftware)) {
            smtp.ehlo("labo.test");
            smtp.startTls("labo.test");
            assertThat(smtp.send("AUTH EXTERNAL")).startsWith("334");
            assertThat(smtp.send(base64(LAB))).startsWith("235 2.7.0");
        }
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, unknownSoftware)) {
            smtp.ehlo("labo.test");
            smtp.startTls("labo.test");
            assertThat(smtp.send("AUTH EXTERNAL =")).startsWith("535 5.7.8").contains("not registered for sign-in");
        }
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls())) {
            smtp.ehlo("cabinet.test");
            assertThat(smtp.startTls("cabinet.test")).doesNotContain("EXTERNAL");
            assertThat(smtp.send("AUTH EXTERNAL =")).startsWith("535 5.7.8").contains("No client certificate");
        }
        assertThat(Mailboxes.awaitSubject(node.mailSession(), GP, PASSWORD, "Resultats d'analyse", 1, Duration.ofSeconds(30)))
            .isEqualTo(1);
    }

    @Test
    void aMailboxSetToItsCertificateRefusesPasswordsOnEveryWayIn() throws Exception {
        admin("account", "passwords", "--address", LAB, "--accepted", "false");
        try {
            try (ImapDialogue imap = ImapDialogue.connect(node.imapsPort, node.clientTls())) {
                assertThat(imap.send("LOGIN " + LAB + " " + PASSWORD).status())
                    .contains("NO [AUTHENTICATIONFAILED]", CertificateSignIn.PASSWORD_REFUSED);
            }
            try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls())) {
                smtp.ehlo("labo.test");
                smtp.startTls("labo.test");
                assertThat(smtp.authPlain(LAB, PASSWORD)).startsWith("535 5.7.8").contains("certificate only");
            }
            HttpClient client = HttpClient.newBuilder().sslContext(node.clientTls()).build();
            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + node.httpsPort() + "/api/directory/addresses/" + GP))
                .header("Authorization", "Basic " + base64(LAB + ":" + PASSWORD)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(refused.statusCode()).isEqualTo(401);
            // The certificate still opens it.
            try (ImapDialogue imap = ImapDialogue.connect(node.imapsPort, labSoftware)) {
                assertThat(imap.send("AUTHENTICATE EXTERNAL =").ok()).isTrue();
            }
        } finally {
            admin("account", "passwords", "--address", LAB, "--accepted", "true");
        }
        try (ImapDialogue imap = ImapDialogue.connect(node.imapsPort, node.clientTls())) {
            assertThat(imap.send("LOGIN " + LAB + " " + PASSWORD).ok()).isTrue();
        }
    }
}
