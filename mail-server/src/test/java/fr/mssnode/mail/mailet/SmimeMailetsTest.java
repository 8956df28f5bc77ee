package fr.mssnode.mail.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import javax.mail.Message;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import fr.mssnode.directory.Directory;
import fr.mssnode.directory.JdbcDirectory;
import fr.mssnode.directory.extract.DirectoryImporter;
import fr.mssnode.directory.extract.SmallListing;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.directory.trust.CertificateUsage;
import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.directory.trust.TestCertificateAuthority;
import fr.mssnode.directory.trust.X509Files;
import fr.mssnode.mail.smime.KeystoreMailboxKeys;
import fr.mssnode.mail.smime.MailboxKey;
import fr.mssnode.mail.smime.Smime;
import fr.mssnode.mail.smime.SmimeEnvelopes;
import fr.mssnode.mail.smime.SmimeSigner;
import fr.mssnode.mail.smime.SmimeVerifier;
import fr.mssnode.mail.smime.TrustMaterial;

/**
 * The S/MIME mailets with James's mailet test kit, against a real directory (Derby) and certificates issued at
 * test time: an own professional's unsigned submission is signed on their behalf and then verifies; a From that
 * is not the account's own is refused; unsigned mail from another operator goes to the refusal policy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmimeMailetsTest {
    static final String DOMAIN = "hopital-demo.test";
    static final String GP = "dr.lefebvre@" + DOMAIN;
    static final String CARDIO = "dr.benali@" + DOMAIN;

    private TestDatabase database;
    private Smime smime;
    private Directory directory;
    private final FakeMailContext context = FakeMailContext.defaultContext();

    @BeforeAll
    void setUp() throws Exception {
        Path work = Files.createTempDirectory("smime-mailets");
        database = TestDatabase.derby().migrated();
        SmallListing.importAll(new DirectoryImporter(database.dataSource()), work.resolve("listing"), List.of(
            SmallListing.Entry.professional(GP, "810000000017", "Sophie", "LEFEBVRE", "10", "Médecin", "Médecine générale",
                "Cabinet", "75011", "PARIS"),
            SmallListing.Entry.professional(CARDIO, "810000000025", "Karim", "BENALI", "10", "Médecin", "Cardiologie",
                "Hôpital", "75011", "PARIS")));
        directory = new JdbcDirectory(database.dataSource(), Set.of(DOMAIN));
        TestCertificateAuthority ca = new TestCertificateAuthority("AC TEST MAILETS");
        TestCertificateAuthority.Issued signing = ca.signing(GP);
        TestCertificateAuthority.Issued encryption = ca.encryption(CARDIO);
        Certificates certificates = new Certificates(database.dataSource());
        certificates.register(GP, CertificateUsage.SIGNING, X509Files.der(signing.certificate()));
        certificates.register(CARDIO, CertificateUsage.ENCRYPTION, X509Files.der(encryption.certificate()));
        KeystoreMailboxKeys keys = new KeystoreMailboxKeys(work.resolve("keys"), "test-keystore-password");
        keys.store(GP, CertificateUsage.SIGNING, new MailboxKey(signing.key(), signing.certificate()));
        keys.store(CARDIO, CertificateUsage.ENCRYPTION, new MailboxKey(encryption.key(), encryption.certificate()));
        Path anchor = work.resolve("ca.pem");
        Files.writeString(anchor, TestCertificateAuthority.pem(ca.certificate()));
        smime = new Smime(keys, new SmimeSigner(), new SmimeVerifier(new TrustMaterial(certificates, List.of(anchor), List.of()),
            certificates), new SmimeEnvelopes(), certificates);
    }

    @AfterAll
    void tearDown() {
        database.close();
    }

    private static MimeMessage letter(String from) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(from));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(CARDIO));
        message.setSubject("Adressage");
        message.setText("Je vous adresse Mme Durand.", "UTF-8");
        message.saveChanges();
        return message;
    }

    private Mail submitted(String account, String from) throws Exception {
        Mail mail = FakeMail.builder().name("m-" + System.nanoTime()).mimeMessage(letter(from)).sender(account).recipient(CARDIO)
            .build();
        mail.setAttribute(new Attribute(VerifySignature.AUTHENTICATED_USER, AttributeValue.of(account)));
        return mail;
    }

    private VerifySignature verify() throws Exception {
        VerifySignature mailet = new VerifySignature(smime, directory);
        mailet.init(FakeMailetConfig.builder().mailetName("VerifySignature").mailetContext(context)
            .setProperty("remoteUnsigned", "refuse").setProperty("invalid", "refuse").build());
        return mailet;
    }

    private SignOnBehalf sign() throws Exception {
        SignOnBehalf mailet = new SignOnBehalf(smime);
        mailet.init(FakeMailetConfig.builder().mailetName("SignOnBehalf").mailetContext(context).build());
        return mailet;
    }

    @Test
    void anOwnUnsignedSubmissionIsSignedOnBehalfAndThenVerifies() throws Exception {
        Mail mail = submitted(GP, GP);
        verify().service(mail);
        assertThat(mail.getMessage().getHeader(VerifySignature.OUTCOME_HEADER, null)).startsWith("unsigned");
        sign().service(mail);
        assertThat(mail.getMessage().getContentType()).startsWith("multipart/signed");
        assertThat(mail.getMessage().getHeader(VerifySignature.OUTCOME_HEADER, null)).startsWith("valid; signer=" + GP);
        assertThat(mail.getState()).isNotEqualTo("signature-refused");

        // the same message arriving again (say, relayed back) verifies with the directory's certificate
        Mail again = FakeMail.builder().name("again").mimeMessage(mail.getMessage()).sender(GP).recipient(CARDIO).build();
        verify().service(again);
        assertThat(again.getMessage().getHeader(VerifySignature.OUTCOME_HEADER, null)).startsWith("valid; signer=" + GP);
    }

    @Test
    void rawEightBitHeadersKeepTheirBytesWhenSignedOnBehalf() throws Exception {
        byte[] raw = ("From: Dr Sophie Lefèbvre <" + GP + ">\r\nTo: <" + CARDIO + ">\r\nSubject: Vos résultats d'échographie\r\n"
            + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "Échographie normale.\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Mail mail = FakeMail.builder().name("raw-8bit").mimeMessage(new MimeMessage(Session.getInstance(new Properties()),
            new java.io.ByteArrayInputStream(raw))).sender(GP).recipient(CARDIO).build();
        mail.setAttribute(new Attribute(VerifySignature.AUTHENTICATED_USER, AttributeValue.of(GP)));
        verify().service(mail);
        sign().service(mail);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        mail.getMessage().writeTo(out);
        String written = out.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(written).contains("Subject: Vos résultats d'échographie\r\n", "From: Dr Sophie Lefèbvre <");
        assertThat(mail.getMessage().getHeader(VerifySignature.OUTCOME_HEADER, null)).startsWith("valid; signer=" + GP);
    }

    @Test
    void aFromThatIsNotTheAccountsOwnIsRefusedWithTheReason() throws Exception {
        Mail mail = submitted(GP, CARDIO);
        verify().service(mail);
        sign().service(mail);
        assertThat(mail.getState()).isEqualTo("signature-refused");
        assertThat(mail.getErrorMessage()).contains("is not the address of the account that sent it");
    }

    @Test
    void unsignedMailFromAnotherOperatorGoesToTheRefusalPolicy() throws Exception {
        Mail mail = FakeMail.builder().name("remote").mimeMessage(letter("dr.roux@chu-sud.test")).sender("dr.roux@chu-sud.test")
            .recipient(CARDIO).build();
        verify().service(mail);
        assertThat(mail.getState()).isEqualTo("signature-refused");
        assertThat(mail.getErrorMessage()).contains("it is not signed");
    }

    @Test
    void whatIsEncryptedForARecipientWithACertificateIsDecryptedWithTheirKey() throws Exception {
        Mail mail = FakeMail.builder().name("crypt").mimeMessage(letter(GP)).sender(GP).recipient(CARDIO).build();
        EncryptForRecipients encrypt = new EncryptForRecipients(smime);
        encrypt.init(FakeMailetConfig.builder().mailetName("EncryptForRecipients").mailetContext(context)
            .setProperty("enabled", "true").build());
        encrypt.service(mail);
        assertThat(SmimeEnvelopes.isEnveloped(mail.getMessage())).isTrue();
        assertThat(mail.getMessage().getContentType()).contains("enveloped-data");

        DecryptForRecipient decrypt = new DecryptForRecipient(smime);
        decrypt.init(FakeMailetConfig.builder().mailetName("DecryptForRecipient").mailetContext(context).build());
        decrypt.service(mail);
        assertThat(SmimeEnvelopes.isEnveloped(mail.getMessage())).isFalse();
        assertThat((String) mail.getMessage().getContent()).contains("Je vous adresse Mme Durand.");

        // a recipient without an encryption certificate: the message goes as it is
        Mail toGp = FakeMail.builder().name("plain").mimeMessage(letter(CARDIO)).sender(CARDIO).recipient(GP).build();
        encrypt.service(toGp);
        assertThat(SmimeEnvelopes.isEnveloped(toGp.getMessage())).isFalse();
    }

    @Test
    void anOutcomeHeaderFromOutsideIsReplaced() throws Exception {
        Mail mail = submitted(GP, GP);
        mail.getMessage().setHeader(VerifySignature.OUTCOME_HEADER, "valid; signer=someone@elsewhere.test");
        verify().service(mail);
        assertThat(mail.getMessage().getHeader(VerifySignature.OUTCOME_HEADER)).singleElement().asString().startsWith("unsigned");
    }
}
