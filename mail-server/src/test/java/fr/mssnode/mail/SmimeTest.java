package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.extract.SmallListing;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.directory.trust.CertificateUsage;
import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.directory.trust.TestCertificateAuthority;
import fr.mssnode.directory.trust.X509Files;
import fr.mssnode.mail.smime.MailboxKeys;
import fr.mssnode.mail.smime.SignatureVerdict;
import fr.mssnode.mail.smime.MailboxKey;
import fr.mssnode.mail.smime.SmimeSigner;
import fr.mssnode.mail.smime.SmimeVerifier;
import fr.mssnode.mail.smime.TestPki;
import fr.mssnode.mail.smime.TrustMaterial;
import fr.mssnode.mail.testing.FreePorts;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.SmtpDialogue;
import fr.mssnode.mail.testing.TestNode;

import jakarta.mail.Message;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMultipart;

/**
 * S/MIME on a node with the production policy (unsigned or invalid mail from other operators is refused):
 * signing on behalf over real submission, verification of mail signed by OpenSSL and of what the node signs by
 * OpenSSL, and each refusal with its reason.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmimeTest {
    static final String GP = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String CARDIO = "dr.benali@" + TestNode.DOMAIN;
    static final String NO_KEY = "dr.sanscle@" + TestNode.DOMAIN;
    static final String PASSWORD = "Tulipe-Verte-2031";
    static final String OPERATOR = "chu-sud.test";
    static final String ROUX = "dr.roux@" + OPERATOR;
    static final TestCertificateAuthority SUD_CA = new TestCertificateAuthority("AC TEST CHU SUD");
    static final TestCertificateAuthority UNKNOWN_CA = new TestCertificateAuthority("AC INCONNUE");

    TestNode node;
    GreenMail otherOperator;
    Path work;
    TestCertificateAuthority.Issued roux;
    TestCertificateAuthority.Issued rouxEncryption;

    @BeforeAll
    void start() throws Exception {
        work = Files.createTempDirectory("smime");
        int otherPort = FreePorts.next();
        otherOperator = new GreenMail(new ServerSetup(otherPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS));
        otherOperator.start();
        node = new TestNode(TestDatabase.derby(), work.resolve("node"))
            .with("node.smime.remote-unsigned", "refuse")
            .with("node.smime.invalid", "refuse")
            .with("node.smime.encrypt-remote", "true")
            .with("node.remote-delivery.tls", "implicit")
            .with("node.remote-delivery.verify-server-identity", "false")
            .with("node.remote-delivery.trusted-hosts", "127.0.0.1")
            .with("node.remote-delivery.delays", "1 second")
            .with("node.remote-delivery.max-retries", "1")
            .start();
        // The national extract lists the other operator's doctor too: the directory holds his certificate.
        node.listed().add(SmallListing.Entry.professional(ROUX, "810000009999", "Paul", "ROUX", "10", "Médecin",
            "Cardiologie", "CHU Sud", "13005", "MARSEILLE"));
        node.createAccount(GP, AccountKind.PROFESSIONAL, PASSWORD);
        node.createAccount(CARDIO, AccountKind.PROFESSIONAL, PASSWORD);
        node.createAccount(NO_KEY, AccountKind.PROFESSIONAL, PASSWORD);
        node.admin().addTrustedOperator(OPERATOR, "127.0.0.1:" + otherPort);
        Certificates certificates = node.bean(Certificates.class);
        certificates.addAnchors(OPERATOR, TestCertificateAuthority.pem(SUD_CA.certificate()).getBytes(StandardCharsets.US_ASCII));
        roux = SUD_CA.signing(ROUX);
        certificates.register(ROUX, CertificateUsage.SIGNING, X509Files.der(roux.certificate()));
        rouxEncryption = SUD_CA.encryption(ROUX);
        certificates.register(ROUX, CertificateUsage.ENCRYPTION, X509Files.der(rouxEncryption.certificate()));
        for (String address : List.of(GP, CARDIO)) {
            TestPki.issue(node.bean(NodeProperties.class), address, node.bean(MailboxKeys.class), certificates);
        }
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
            node.database().close();
        }
        if (otherOperator != null) {
            otherOperator.stop();
        }
    }

    private Path nodeCa() {
        return TestPki.folder(node.bean(NodeProperties.class)).resolve("ca.pem");
    }

    private byte[] rawMessage(String user, String subject) throws Exception {
        return Mailboxes.awaitRaw(node.mailSession(), user, PASSWORD, subject, Duration.ofSeconds(20));
    }

    private static String header(byte[] raw, String name) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        return message.getHeader(name, null);
    }

    @Test
    void anUnsignedSubmissionArrivesSignedWithItsAttachmentByteExactAndOpenSslVerifiesIt() throws Exception {
        byte[] cda = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\">"
            + "<title>Lettre de liaison</title>\n</ClinicalDocument>\n").getBytes(StandardCharsets.UTF_8);
        jakarta.mail.internet.MimeMessage message = new jakarta.mail.internet.MimeMessage(node.mailSession());
        message.setFrom(new InternetAddress(GP));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(CARDIO));
        message.setSubject("Adressage signe par l'operateur");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Cher confrère, je vous adresse Mme D. pour avis.", "UTF-8");
        MimeBodyPart attachment = new MimeBodyPart();
        attachment.setContent(cda, "application/hl7-cda+xml");
        attachment.setFileName("lettre.xml");
        attachment.setHeader("Content-Transfer-Encoding", "base64");
        message.setContent(new MimeMultipart(text, attachment));
        Transport.send(message, GP, PASSWORD);

        byte[] raw = rawMessage(CARDIO, "Adressage signe par l'operateur");
        assertThat(header(raw, "X-MSS-Signature")).startsWith("valid; signer=" + GP);
        MimeMessage received = new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw));
        assertThat(received.getContentType()).startsWith("multipart/signed");
        javax.mail.internet.MimeMultipart signed = (javax.mail.internet.MimeMultipart) received.getContent();
        javax.mail.internet.MimeMultipart content = (javax.mail.internet.MimeMultipart) signed.getBodyPart(0).getContent();
        java.io.ByteArrayOutputStream delivered = new java.io.ByteArrayOutputStream();
        content.getBodyPart(1).getInputStream().transferTo(delivered);
        assertThat(delivered.toByteArray()).isEqualTo(cda);
        // And the node's verifier agrees with itself on what it delivered.
        SignatureVerdict again = node.bean(fr.mssnode.mail.smime.Smime.class).verifier().verify(received, GP);
        assertThat(again.outcome()).as(again.reason()).isEqualTo(SignatureVerdict.Outcome.VALID);

        requireOpenSsl();
        Path file = work.resolve("signed-by-node.eml");
        Files.write(file, raw);
        Result verified = openssl("cms", "-verify", "-in", file.toString(), "-CAfile", nodeCa().toString(),
            "-purpose", "smimesign", "-out", work.resolve("content.out").toString());
        assertThat(verified.exit()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("Verification successful");
    }

    @Test
    void aMessageSignedWithOpenSslByAnotherOperatorsDoctorIsDeliveredAsValid() throws Exception {
        requireOpenSsl();
        Path signed = opensslSigned(roux, ROUX, "Lettre signee par OpenSSL");
        sendFromOtherOperator(Files.readString(signed, StandardCharsets.US_ASCII));
        byte[] raw = rawMessage(CARDIO, "Lettre signee par OpenSSL");
        assertThat(header(raw, "X-MSS-Signature")).startsWith("valid; signer=" + ROUX).contains("AC TEST CHU SUD");

        Path opaque = opensslSigned(roux, ROUX, "Lettre opaque signee par OpenSSL", "-nodetach");
        assertThat(Files.readString(opaque)).contains("smime-type=signed-data");
        sendFromOtherOperator(Files.readString(opaque, StandardCharsets.US_ASCII));
        assertThat(header(rawMessage(CARDIO, "Lettre opaque signee par OpenSSL"), "X-MSS-Signature"))
            .startsWith("valid; signer=" + ROUX);
    }

    @Test
    void mailForAnotherOperatorIsEncryptedForItsRecipientAndOpenSslDecryptsAndVerifiesIt() throws Exception {
        requireOpenSsl();
        submit(GP, ROUX, Mailboxes.message(GP, ROUX, "Lettre chiffree", "Contenu confidentiel."));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        jakarta.mail.internet.MimeMessage delivered = null;
        while (delivered == null && Instant.now().isBefore(deadline)) {
            for (jakarta.mail.internet.MimeMessage received : otherOperator.getReceivedMessages()) {
                if ("Lettre chiffree".equals(received.getSubject())) {
                    delivered = received;
                }
            }
            Thread.sleep(200);
        }
        assertThat(delivered).as("the message relayed to the other operator").isNotNull();
        assertThat(delivered.getContentType()).startsWith("application/pkcs7-mime").contains("enveloped-data");
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        delivered.writeTo(raw);
        assertThat(raw.toString(StandardCharsets.US_ASCII)).doesNotContain("Contenu confidentiel");
        Path encrypted = work.resolve("encrypted-by-node.eml");
        Files.write(encrypted, raw.toByteArray());
        Path recipientCertificate = work.resolve("roux-encryption.pem");
        Path recipientKey = work.resolve("roux-encryption-key.pem");
        Files.writeString(recipientCertificate, TestCertificateAuthority.pem(rouxEncryption.certificate()));
        Files.writeString(recipientKey, TestCertificateAuthority.pem(rouxEncryption.key()));
        Path decrypted = work.resolve("decrypted-by-openssl.eml");
        Result decryption = openssl("cms", "-decrypt", "-in", encrypted.toString(), "-recip", recipientCertificate.toString(),
            "-inkey", recipientKey.toString(), "-out", decrypted.toString());
        assertThat(decryption.exit()).as(decryption.output()).isZero();
        Result verified = openssl("cms", "-verify", "-in", decrypted.toString(), "-CAfile", nodeCa().toString(),
            "-purpose", "smimesign", "-out", work.resolve("decrypted-content.out").toString());
        assertThat(verified.exit()).as(verified.output()).isZero();
        assertThat(Files.readString(work.resolve("decrypted-content.out"))).contains("Contenu confidentiel");
    }

    @Test
    void mailSignedThenEncryptedByOpenSslIsDecryptedAndVerified() throws Exception {
        requireOpenSsl();
        Path signerCertificate = work.resolve("roux-signing.pem");
        Path signerKey = work.resolve("roux-signing-key.pem");
        Files.writeString(signerCertificate, TestCertificateAuthority.pem(roux.certificate()));
        Files.writeString(signerKey, TestCertificateAuthority.pem(roux.key()));
        Path body = work.resolve("body-to-encrypt.txt");
        Files.writeString(body, "Resultats confidentiels du CHU Sud.\n");
        Path signed = work.resolve("signed-entity.eml");
        Result signing = openssl("cms", "-sign", "-in", body.toString(), "-text", "-signer", signerCertificate.toString(),
            "-inkey", signerKey.toString(), "-out", signed.toString());
        assertThat(signing.exit()).as(signing.output()).isZero();
        Path cardioEncryption = work.resolve("cardio-encryption.pem");
        Files.writeString(cardioEncryption, node.bean(Certificates.class).forMailbox(CARDIO).stream()
            .filter(c -> c.usage() == CertificateUsage.ENCRYPTION).findFirst().orElseThrow().pem());
        Path encrypted = work.resolve("encrypted-by-openssl.eml");
        Result encryption = openssl("cms", "-encrypt", "-in", signed.toString(), "-aes256", "-recip",
            cardioEncryption.toString(), "-keyopt", "rsa_padding_mode:oaep", "-from", ROUX, "-to", CARDIO,
            "-subject", "Resultats chiffres par OpenSSL", "-out", encrypted.toString());
        assertThat(encryption.exit()).as(encryption.output()).isZero();
        sendFromOtherOperator(Files.readString(encrypted, StandardCharsets.US_ASCII));
        byte[] raw = rawMessage(CARDIO, "Resultats chiffres par OpenSSL");
        assertThat(header(raw, "X-MSS-Signature")).startsWith("valid; signer=" + ROUX);
        assertThat(new String(raw, StandardCharsets.US_ASCII)).contains("Resultats confidentiels du CHU Sud.");
    }

    @Test
    void unsignedMailFromAnotherOperatorIsRefusedAndKeptWithItsReason() throws Exception {
        sendFromOtherOperator(Mailboxes.message(ROUX, CARDIO, "Lettre non signee", "Sans signature.")
            .replace("Subject:", "X-MSS-Signature: valid; signer=" + ROUX + "\r\nSubject:"));
        // The notice goes back to the other operator (with the null sender, which GreenMail cannot take); the
        // message itself is kept, with the reason, in the signature-refused repository.
        org.springframework.jdbc.core.JdbcTemplate jdbc = new org.springframework.jdbc.core.JdbcTemplate(
            node.bean(javax.sql.DataSource.class));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        List<String> kept = List.of();
        while (kept.isEmpty() && Instant.now().isBefore(deadline)) {
            kept = jdbc.queryForList("SELECT ERROR_MESSAGE FROM JAMES_MAIL_STORE WHERE REPOSITORY_NAME LIKE '%signature-refused%'"
                + " AND SENDER = ?", String.class, ROUX);
            Thread.sleep(200);
        }
        assertThat(kept).singleElement().asString().contains("it is not signed");
        assertThat(Mailboxes.subjects(node.mailSession(), CARDIO, PASSWORD)).doesNotContain("Lettre non signee");
    }

    @Test
    void aFromThatIsNotTheSendersOwnIsRefusedAndTheSenderToldWhy() throws Exception {
        submit(GP, CARDIO, Mailboxes.message(CARDIO, CARDIO, "Expediteur usurpe", "Texte."));
        byte[] notice = rawMessage(GP, "Expediteur usurpe");
        assertThat(new String(notice, StandardCharsets.UTF_8)).contains("is not the address of the account that sent it");
        // the notice is the operator's, not a message the refused sender seems to have written
        assertThat(header(notice, "From")).isEqualTo("postmaster@" + TestNode.DOMAIN);
        assertThat(header(notice, "Return-Path")).isEqualTo("<>");
        assertThat(Mailboxes.subjects(node.mailSession(), CARDIO, PASSWORD)).doesNotContain("Expediteur usurpe");
    }

    @Test
    void aSpoofedOutcomeHeaderIsReplacedByWhatTheNodeFound() throws Exception {
        submit(NO_KEY, CARDIO, Mailboxes.message(NO_KEY, CARDIO, "Entete usurpee", "Texte.")
            .replace("Subject:", "X-MSS-Signature: valid; signer=" + NO_KEY + "\r\nSubject:"));
        assertThat(header(rawMessage(CARDIO, "Entete usurpee"), "X-MSS-Signature"))
            .startsWith("unsigned").contains("no signing key is held for " + NO_KEY);
    }

    @Test
    void eachBrokenSignatureIsRefusedWithItsReason() throws Exception {
        Certificates certificates = node.bean(Certificates.class);
        TestCertificateAuthority.Issued revoked = SUD_CA.signing(ROUX);
        certificates.register(ROUX, CertificateUsage.SIGNING, X509Files.der(revoked.certificate()));
        X509CRL crl = SUD_CA.revocationList(revoked.certificate());
        Path crlFile = work.resolve("sud.crl");
        Files.write(crlFile, crl.getEncoded());
        Path anchors = work.resolve("anchors.pem");
        Files.writeString(anchors, TestCertificateAuthority.pem(SUD_CA.certificate()));
        SmimeVerifier verifier = new SmimeVerifier(new TrustMaterial(certificates, List.of(anchors), List.of(crlFile)),
            certificates);

        assertThat(verifier.verify(signed(roux, ROUX, "Bon"), ROUX).outcome()).isEqualTo(SignatureVerdict.Outcome.VALID);
        assertThat(reason(verifier, tampered(signed(roux, ROUX, "Bon")), ROUX)).contains("altered after signing");
        assertThat(reason(verifier, signed(roux, ROUX, "Bon"), "dr.autre@" + OPERATOR))
            .contains("signed by " + ROUX + " but its From address is dr.autre@" + OPERATOR);
        TestCertificateAuthority.Issued unregistered = SUD_CA.signing(ROUX);
        assertThat(reason(verifier, signed(unregistered, ROUX, "Bon"), ROUX))
            .contains("not registered for " + ROUX + " in the health directory");
        TestCertificateAuthority.Issued stranger = UNKNOWN_CA.signing(ROUX);
        certificates.register(ROUX, CertificateUsage.SIGNING, X509Files.der(stranger.certificate()));
        assertThat(reason(verifier, signed(stranger, ROUX, "Bon"), ROUX))
            .contains("does not chain to a trusted health certification authority");
        TestCertificateAuthority.Issued expired = SUD_CA.expired(ROUX);
        assertThat(reason(verifier, signed(expired, ROUX, "Bon"), ROUX)).contains("expired on");
        assertThat(reason(verifier, signed(revoked, ROUX, "Bon"), ROUX)).contains("was revoked on")
            .contains("revocation list of");
        assertThat(verifier.verify(plain(ROUX, "Bon"), ROUX).outcome()).isEqualTo(SignatureVerdict.Outcome.UNSIGNED);
    }

    @Test
    void theTestPkiIssuesAnOperatorTlsCertificateThatOpenSslAccepts() throws Exception {
        fr.mssnode.mail.admin.AdminCommands commands = node.bean(fr.mssnode.mail.admin.AdminCommands.class);
        Path folder = work.resolve("operator-tls");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = commands.run(List.of("pki", "issue-test-tls", "--host", "mx.hopital-nord.test", "--out", folder.toString()),
            new java.io.PrintStream(out, true, StandardCharsets.UTF_8), new java.io.PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).as(out.toString(StandardCharsets.UTF_8)).isZero();
        java.security.cert.X509Certificate certificate = X509Files.read(Files.readAllBytes(folder.resolve("tls.pem")), "tls").get(0);
        assertThat(certificate.getSubjectAlternativeNames()).anySatisfy(name -> assertThat(name.get(1)).isEqualTo("mx.hopital-nord.test"));
        requireOpenSsl();
        Path leaf = work.resolve("operator-leaf.pem");
        Files.writeString(leaf, TestCertificateAuthority.pem(certificate));
        Result verified = openssl("verify", "-CAfile", nodeCa().toString(), "-purpose", "sslserver", leaf.toString());
        assertThat(verified.exit()).as(verified.output()).isZero();
        Result keyMatches = openssl("pkey", "-in", folder.resolve("tls-key.pem").toString(), "-pubout");
        Result certificateKey = openssl("x509", "-in", leaf.toString(), "-pubkey", "-noout");
        assertThat(keyMatches.output()).isEqualTo(certificateKey.output());
    }

    private static String reason(SmimeVerifier verifier, MimeMessage message, String from) {
        SignatureVerdict verdict = verifier.verify(message, from);
        assertThat(verdict.outcome()).as(verdict.reason()).isEqualTo(SignatureVerdict.Outcome.INVALID);
        return verdict.reason();
    }

    private static MimeMessage plain(String from, String text) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new javax.mail.internet.InternetAddress(from));
        message.setSubject("Test");
        message.setText(text, "UTF-8");
        message.saveChanges();
        return message;
    }

    private static MimeMessage signed(TestCertificateAuthority.Issued signer, String from, String text) throws Exception {
        MimeMessage signed = new SmimeSigner().sign(plain(from, text), new MailboxKey(signer.key(), signer.certificate()));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        signed.writeTo(bytes);
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(bytes.toByteArray()));
    }

    /** The same message with one word of its signed text changed in transit. */
    private static MimeMessage tampered(MimeMessage message) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        String altered = bytes.toString(StandardCharsets.ISO_8859_1).replace("Bon", "Mal");
        return new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream(altered.getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** Raw submission (STARTTLS + AUTH) as {@code account}, envelope from that account. */
    private void submit(String account, String recipient, String message) throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls())) {
            smtp.ehlo("poste.cabinet.test");
            smtp.startTls("poste.cabinet.test");
            assertThat(smtp.authPlain(account, PASSWORD)).startsWith("235");
            assertThat(smtp.send("MAIL FROM:<" + account + ">")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + recipient + ">")).startsWith("250");
            assertThat(smtp.data(message)).startsWith("250");
        }
    }

    private void sendFromOtherOperator(String message) throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.smtpPort, node.clientTls())) {
            smtp.ehlo("mx." + OPERATOR);
            smtp.startTls("mx." + OPERATOR);
            assertThat(smtp.send("MAIL FROM:<" + ROUX + ">")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + CARDIO + ">")).startsWith("250");
            assertThat(smtp.data(message.replace("\r\n", "\n").replace("\n", "\r\n"))).startsWith("250");
        }
    }

    private Path opensslSigned(TestCertificateAuthority.Issued signer, String from, String subject, String... options)
        throws Exception {
        Path certificate = work.resolve("signer.pem");
        Path key = work.resolve("signer-key.pem");
        Path body = work.resolve("body.txt");
        Path out = work.resolve("signed-by-openssl.eml");
        Files.writeString(certificate, TestCertificateAuthority.pem(signer.certificate()));
        Files.writeString(key, TestCertificateAuthority.pem(signer.key()));
        Files.writeString(body, "Compte rendu de consultation du CHU Sud.\n");
        List<String> arguments = new ArrayList<>(List.of("cms", "-sign", "-in", body.toString(), "-text", "-signer",
            certificate.toString(), "-inkey", key.toString(), "-from", from, "-to", CARDIO, "-subject", subject,
            "-out", out.toString()));
        arguments.addAll(List.of(options));
        Result signed = openssl(arguments.toArray(String[]::new));
        assertThat(signed.exit()).as(signed.output()).isZero();
        return out;
    }

    record Result(int exit, String output) {
    }

    private static void requireOpenSsl() {
        boolean present;
        try {
            present = new ProcessBuilder("openssl", "version").start().waitFor() == 0;
        } catch (Exception e) {
            present = false;
        }
        if (!present) {
            System.err.println("\n*** openssl IS NOT INSTALLED: THE OPENSSL CROSS-CHECKS ARE SKIPPED ***\n");
        }
        assumeTrue(present, "openssl is not installed: OpenSSL cross-checks SKIPPED");
    }

    private static Result openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("openssl");
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(process.exitValue(), output);
    }
}
