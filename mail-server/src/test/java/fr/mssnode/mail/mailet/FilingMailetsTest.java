package fr.mssnode.mail.mailet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import javax.activation.DataHandler;
import javax.mail.Message;
import javax.mail.Session;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import org.apache.james.core.MailAddress;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.mail.smime.SMIMESignedGenerator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailContext;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.dossier.bridge.DossierBridge;
import fr.mssnode.dossier.index.LuceneDossierIndex;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.fixtures.cda.CdaBuilder;

/**
 * The filing mailets one by one, with James's mailet test kit (FakeMail, FakeMailContext) and a real dossier
 * (Derby, Lucene) behind {@link FileIntoDossier}: the report it leaves as a mail attribute, the outcome header, the
 * sender's notice and the acknowledgement built from that attribute alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FilingMailetsTest {
    static final String GP = "dr.lefebvre@hopital-demo.test";
    static final String CARDIO = "dr.benali@hopital-demo.test";
    static final String INS = Ins.withComputedKey("2850575120005").matricule();
    static final String ROOT = InsOid.NIR_TEST.oid();

    private TestDatabase database;
    private LuceneDossierIndex index;
    private DossierBridge bridge;
    private final FakeMailContext context = FakeMailContext.builder().postmaster(address("postmaster@hopital-demo.test")).build();

    @BeforeAll
    void openDossier() throws Exception {
        database = TestDatabase.derby().migrated();
        index = LuceneDossierIndex.open(java.nio.file.Files.createTempDirectory("filing-mailets").resolve("index"));
        bridge = new DossierBridge(new DossierStore(database.dataSource()), index);
    }

    @AfterAll
    void closeDossier() throws Exception {
        index.close();
        database.close();
    }

    private static MailAddress address(String address) {
        try {
            return new MailAddress(address);
        } catch (javax.mail.internet.AddressException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static MimeMessage letter(String subject, byte[] attachment, String mediaType, String fileName, String... headers)
        throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(GP));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(CARDIO));
        message.setSubject(subject, "UTF-8");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            message.setHeader(headers[i], headers[i + 1]);
        }
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Cher confrère, ci-joint le document.", "UTF-8");
        MimeBodyPart document = new MimeBodyPart();
        document.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment, mediaType)));
        document.setFileName(fileName);
        document.setHeader("Content-Transfer-Encoding", "base64");
        message.setContent(new MimeMultipart(text, document));
        message.saveChanges();
        return message;
    }

    private Mail mail(MimeMessage message) throws Exception {
        return FakeMail.builder().name("mail-" + System.nanoTime()).mimeMessage(message).sender(GP).recipient(CARDIO).build();
    }

    private Mail filed(MimeMessage message) throws Exception {
        Mail mail = mail(message);
        FileIntoDossier mailet = new FileIntoDossier(bridge);
        mailet.init(FakeMailetConfig.builder().mailetName("FileIntoDossier").mailetContext(context).build());
        mailet.service(mail);
        return mail;
    }

    private static byte[] letterCda(String id, String ins) {
        return CdaBuilder.of("11490-0", "Lettre de liaison à la sortie").title("Lettre de sortie").id("1.2.250.1.999.1.1", id)
            .patient(ROOT, ins, "DURAND", "Camille", "19850512", "F")
            .section("10160-0", "Traitements", "Bisoprolol", CdaBuilder.medication("3400", "BISOPROLOL 2,5 mg", "1", "{cp}"))
            .build().getBytes(StandardCharsets.UTF_8);
    }

    private static String wrongKey() {
        return INS.substring(0, 13) + String.format("%02d", (Integer.parseInt(INS.substring(13)) + 1) % 100);
    }

    @Test
    void fileIntoDossierLeavesItsReportAsAMailAttributeAndTheMessageUnchanged() throws Exception {
        byte[] cda = letterCda("unit-filed-" + System.nanoTime(), INS);
        MimeMessage message = letter("Lettre", cda, "application/hl7-cda+xml", "lettre.xml");
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        message.writeTo(before);
        Mail mail = filed(message);

        FilingReport report = FilingReport.of(mail).orElseThrow();
        assertThat(report.filedCount()).isEqualTo(1);
        assertThat(report.refused()).isEmpty();
        assertThat(report.filedTypeCodes()).containsExactly("11490-0");
        assertThat(report.documents().get(0).about()).isEqualTo("Lettre de sortie DURAND Camille 12/05/1985");
        assertThat(mail.getAttribute(FilingReport.UNFILED)).isEmpty();
        ByteArrayOutputStream after = new ByteArrayOutputStream();
        mail.getMessage().writeTo(after);
        assertThat(after.toByteArray()).isEqualTo(before.toByteArray());
        // the attribute is plain values: James can store it as JSON in any spool or repository
        assertThat(mail.getAttribute(FilingReport.ATTRIBUTE).orElseThrow().getValue().toJson()).isPresent();
    }

    @Test
    void aLetterForwardedWithItsDocumentIsFiled() throws Exception {
        MimeMessage forwarded = letter("Lettre transmise", letterCda("unit-forwarded-" + System.nanoTime(), INS),
            "application/hl7-cda+xml", "lettre.xml");
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(GP));
        message.setSubject("Tr: Lettre transmise");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Pour information.", "UTF-8");
        MimeBodyPart attached = new MimeBodyPart();
        attached.setContent(forwarded, "message/rfc822");
        message.setContent(new MimeMultipart(text, attached));
        message.saveChanges();
        FilingReport report = FilingReport.of(filed(message)).orElseThrow();
        assertThat(report.filedCount()).isEqualTo(1);
    }

    @Test
    void notificationsAreNotReadForDocuments() throws Exception {
        MimeMessage returned = letter("Lettre", letterCda("unit-returned-" + System.nanoTime(), wrongKey()), "text/xml",
            "lettre-ins.xml");
        Mail notification = FakeMail.builder().name("mdn").mimeMessage(returned).sender(MailAddress.nullSender())
            .recipient(GP).build();
        FileIntoDossier mailet = new FileIntoDossier(bridge);
        mailet.init(FakeMailetConfig.builder().mailetName("FileIntoDossier").mailetContext(context).build());
        mailet.service(notification);
        assertThat(FilingReport.of(notification)).isEmpty();

        MimeMessage report = new MimeMessage(Session.getInstance(new Properties()));
        report.setFrom(new InternetAddress(GP));
        MimeBodyPart original = new MimeBodyPart();
        original.setContent(returned, "message/rfc822");
        MimeMultipart parts = new MimeMultipart("report", new MimeBodyPart[] {original});
        report.setContent(parts);
        report.saveChanges();
        assertThat(FilingReport.of(filed(report))).isEmpty();
    }

    @Test
    void aDocumentInsideAnOpaqueSignatureIsFiled() throws Exception {
        MimeMessage letter = letter("Lettre signée", letterCda("unit-opaque-" + System.nanoTime(), INS),
            "application/hl7-cda+xml", "lettre.xml");
        MimeBodyPart content = new MimeBodyPart();
        content.setContent(letter.getContent(), letter.getContentType());
        content.setHeader("Content-Type", letter.getContentType());
        KeyPair keys = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        X500Name name = new X500Name("CN=" + GP);
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(
            name, BigInteger.ONE, new Date(), new Date(System.currentTimeMillis() + 86_400_000L), name, keys.getPublic())
            .build(new JcaContentSignerBuilder("SHA256withRSA").build(keys.getPrivate())));
        SMIMESignedGenerator generator = new SMIMESignedGenerator();
        generator.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withRSA", keys.getPrivate(), certificate));
        MimeBodyPart opaque = generator.generateEncapsulated(content);
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(GP));
        message.setSubject("Lettre signée (opaque)");
        message.setContent(opaque.getContent(), opaque.getContentType());
        message.saveChanges();
        assertThat(message.getContentType()).contains("application/pkcs7-mime");

        FilingReport report = FilingReport.of(filed(message)).orElseThrow();
        assertThat(report.filedCount()).isEqualTo(1);
        assertThat(report.filedTypeCodes()).containsExactly("11490-0");
    }

    @Test
    void aReportBesideADocumentIsSkippedAndTheDocumentFiled() throws Exception {
        MimeMessage returned = letter("Lettre", letterCda("unit-in-report-" + System.nanoTime(), INS), "text/xml", "retour.xml");
        MimeBodyPart original = new MimeBodyPart();
        original.setContent(returned, "message/rfc822");
        MimeBodyPart report = new MimeBodyPart();
        report.setContent(new MimeMultipart("report", new MimeBodyPart[] {original}));
        MimeBodyPart document = new MimeBodyPart();
        document.setDataHandler(new DataHandler(new ByteArrayDataSource(letterCda("unit-beside-" + System.nanoTime(), INS),
            "application/hl7-cda+xml")));
        document.setFileName("lettre.xml");
        document.setHeader("Content-Transfer-Encoding", "quoted-printable");
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress(GP));
        message.setSubject("Votre lettre revenue, et la nouvelle");
        message.setContent(new MimeMultipart(report, document));
        message.saveChanges();

        FilingReport filing = FilingReport.of(filed(message)).orElseThrow();
        assertThat(filing.filedCount()).as("the document beside the report, not the one inside it").isEqualTo(1);
        assertThat(filing.documents().get(0).about()).isEqualTo("Lettre de sortie DURAND Camille 12/05/1985");
    }

    @Test
    void aMessageWithoutDossierDocumentsGetsNoReport() throws Exception {
        byte[] xsl = ("<?xml version=\"1.0\"?><xsl:stylesheet version=\"1.0\" xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\">"
            + "<xsl:template match=\"/\"/></xsl:stylesheet>").getBytes(StandardCharsets.UTF_8);
        Mail mail = filed(letter("Feuille de style", xsl, "text/xml", "CDA-FR.xsl"));
        assertThat(FilingReport.of(mail)).isEmpty();
        assertThat(mail.getAttribute(FilingReport.UNFILED)).isEmpty();
    }

    @Test
    void writeFilingOutcomeWritesTheHeaderAndChecksTheMssanteHeaders() throws Exception {
        byte[] cda = letterCda("unit-header-" + System.nanoTime(), INS);
        Mail mail = filed(letter("Lettre", cda, "application/hl7-cda+xml", "lettre.xml", "X-MSS-CODECDA", "11490-0,11502-2",
            "X-MSS-INS", "O"));
        WriteFilingOutcome mailet = new WriteFilingOutcome();
        mailet.init(FakeMailetConfig.builder().mailetName("WriteFilingOutcome").mailetContext(context).build());
        mailet.service(mail);
        assertThat(mail.getMessage().getHeader(WriteFilingOutcome.OUTCOME_HEADER, null))
            .isEqualTo("filed=1; refused=0; codecda=mismatch (declared 11490-0,11502-2, filed 11490-0); ins=ok");
    }

    @Test
    void notifyUnfiledDocumentsTellsTheSenderFromThePostmasterWithANullSender() throws Exception {
        Mail mail = filed(letter("Lettre avec INS errone", letterCda("unit-bad-" + System.nanoTime(), wrongKey()), "text/xml",
            "lettre-ins.xml"));
        assertThat(mail.getAttribute(FilingReport.UNFILED)).isPresent();
        context.resetSentMails();
        NotifyUnfiledDocuments mailet = new NotifyUnfiledDocuments();
        mailet.init(FakeMailetConfig.builder().mailetName("NotifyUnfiledDocuments").mailetContext(context).build());
        mailet.service(mail);

        FakeMailContext.SentMail notice = context.getSentMails().get(0);
        assertThat(notice.getSender().isNullSender()).isTrue();
        assertThat(notice.getRecipients()).containsExactly(address(GP));
        assertThat(notice.getMsg().getFrom()[0].toString()).isEqualTo("postmaster@hopital-demo.test");
        assertThat(notice.getMsg().getHeader("Auto-Submitted", null)).isEqualTo("auto-replied");
        assertThat(notice.getMsg().getSubject()).contains("Lettre avec INS errone");
        assertThat((String) notice.getMsg().getContent()).contains("lettre-ins.xml: not filed, the patient's INS is not valid")
            .contains("[ins-cle]");
    }

    @Test
    void acknowledgeIntegrationAnswersARefusalWithTheAnsKoSubjectAndAnErrorDisposition() throws Exception {
        Mail mail = filed(letter("Lettre avec INS errone", letterCda("unit-mdn-ko-" + System.nanoTime(), wrongKey()), "text/xml",
            "lettre-ins.xml", "Disposition-Notification-To", GP));
        FakeMailContext.SentMail mdn = acknowledged(mail);

        assertThat(mdn.getSender().isNullSender()).isTrue();
        assertThat(mdn.getRecipients()).containsExactly(address(GP));
        MimeMessage message = mdn.getMsg();
        assertThat(message.getSubject()).startsWith("[KO Intégration système !][ins-cle] ");
        assertThat(message.getFrom()[0].toString()).isEqualTo("postmaster@hopital-demo.test");
        assertThat(message.getContentType()).contains("multipart/report").contains("disposition-notification");
        String report = report(message);
        assertThat(report).contains("Disposition: automatic-action/MDN-sent-automatically;processed/Error: ins-cle^the patient's INS is not valid")
            .contains("Original-Message-ID: " + mail.getMessage().getMessageID())
            .contains("Original-Recipient: rfc822; " + CARDIO)
            .contains("Final-Recipient: rfc822; " + CARDIO);
        MimeMultipart parts = (MimeMultipart) message.getContent();
        assertThat(parts.getCount()).isEqualTo(3);
        assertThat(parts.getBodyPart(2).getContentType()).startsWith("message/rfc822");
        assertThat((String) parts.getBodyPart(0).getContent()).contains("ins-cle^the patient's INS is not valid");
    }

    @Test
    void acknowledgeIntegrationAnswersASuccessWithTheDocumentAndPatientInTheSubject() throws Exception {
        Mail mail = filed(letter("Lettre de sortie", letterCda("unit-mdn-ok-" + System.nanoTime(), INS), "application/hl7-cda+xml",
            "lettre.xml", "Disposition-Notification-To", "Dr Lefebvre <" + GP + ">", "Original-Recipient", "rfc822;secretariat@hopital-demo.test"));
        MimeMessage message = acknowledged(mail).getMsg();
        assertThat(message.getSubject()).isEqualTo("XDM/1.0/DDM+Lettre de sortie DURAND Camille 12/05/1985");
        assertThat(report(message)).contains("Disposition: automatic-action/MDN-sent-automatically;processed\r\n")
            .contains("Original-Recipient: rfc822; secretariat@hopital-demo.test")
            .contains("Final-Recipient: rfc822; " + CARDIO);
    }

    @Test
    void noAcknowledgementGoesToAnAddressOtherThanTheSender() throws Exception {
        Mail mail = filed(letter("Lettre", letterCda("unit-mdn-other-" + System.nanoTime(), INS), "application/hl7-cda+xml",
            "lettre.xml", "Disposition-Notification-To", "someone@elsewhere.test"));
        context.resetSentMails();
        AcknowledgeIntegration mailet = new AcknowledgeIntegration();
        mailet.init(FakeMailetConfig.builder().mailetName("AcknowledgeIntegration").mailetContext(context).build());
        mailet.service(mail);
        assertThat(context.getSentMails()).isEmpty();
    }

    private FakeMailContext.SentMail acknowledged(Mail mail) throws Exception {
        context.resetSentMails();
        AcknowledgeIntegration mailet = new AcknowledgeIntegration();
        mailet.init(FakeMailetConfig.builder().mailetName("AcknowledgeIntegration").mailetContext(context).build());
        mailet.service(mail);
        List<FakeMailContext.SentMail> sent = context.getSentMails();
        assertThat(sent).hasSize(1);
        return sent.get(0);
    }

    private static String report(MimeMessage message) throws Exception {
        MimeMultipart parts = (MimeMultipart) message.getContent();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        parts.getBodyPart(1).getInputStream().transferTo(bytes);
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
