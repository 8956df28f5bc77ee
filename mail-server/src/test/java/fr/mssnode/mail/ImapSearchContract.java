package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Properties;

import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.mail.smime.SMIMESignedGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.directory.trust.TestCertificateAuthority;
import fr.mssnode.mail.testing.ImapDialogue;
import fr.mssnode.mail.testing.ImapDialogue.Answer;
import fr.mssnode.mail.testing.TestNode;

import java.util.List;

/**
 * IMAP SEARCH as RFC 3501 writes it, over IMAPS, each command sent exactly as a client sends it and each answer
 * compared with the RFC's: substrings (not words) in SUBJECT, FROM, BODY and TEXT; SENTBEFORE/SENTON/SENTSINCE on
 * the Date header's day as written, whatever its zone; flags and keywords as STORE leaves them; the content of an
 * opaque S/MIME signature and of a forwarded message; expunged messages gone. The mailbox index answers all of it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ImapSearchContract {
    static final String USER = "dr.moreau@" + TestNode.DOMAIN;
    static final String PASSWORD = "Glycine-Bleue-2032";

    TestNode node;
    ImapDialogue imap;

    abstract TestDatabase newDatabase();

    @BeforeAll
    void startNodeAndAppend() throws Exception {
        node = new TestNode(newDatabase(), Files.createTempDirectory("node")).start();
        node.createAccount(USER, AccountKind.PROFESSIONAL, PASSWORD);
        imap = ImapDialogue.login(node.imapsPort, node.clientTls(), USER, PASSWORD);
        imap.expectOk("CREATE Recherche");
        // UIDs 1..7, in this order.
        imap.append("Recherche", "", message("Beautiful world", "\"Mr User\" <user-from@example.test>",
            "Sat, 1 Jan 2000 23:59:59 -0500", "text/plain; charset=us-ascii", "The asdfghjkl line and zxcvbnm."));
        imap.append("Recherche", "", message("=?UTF-8?Q?Synth=C3=A8se_m=C3=A9dicale?=", "Dr Lefèvre <lefevre@example.test>",
            "Sun, 2 Jan 2000 00:30:00 +0900", "text/plain; charset=UTF-8",
            "Bilan de l'insuffisance cardiaque à la Clinique Générale."));
        imap.append("Recherche", "", message("Compte rendu", "Secrétariat <secretariat@example.test>",
            "Mon, 3 Jan 2000 10:00:00 +0100", "text/html; charset=UTF-8",
            "<html><head><style>p {color: red}</style></head><body><p>R&eacute;sultat <b>normal</b> de "
                + "l&#39;&eacute;chographie</p></body></html>"));
        imap.append("Recherche", "", opaqueSigned());
        imap.append("Recherche", "", forwarded());
        imap.append("Recherche", "", withAttachment());
        imap.append("Recherche", "", message("Sans date", "x@example.test", null, "text/plain", "rien"));
        imap.expectOk("SELECT Recherche");
    }

    @AfterAll
    void stopNode() throws Exception {
        if (imap != null) {
            imap.close();
        }
        if (node != null) {
            node.close();
            node.database().close();
        }
    }

    @Test
    void subjectFromAndBodyMatchSubstringsNotWords() throws Exception {
        assertThat(search("SUBJECT \"eautiful worl\"")).isEqualTo("1");
        assertThat(search("FROM ser-fro")).isEqualTo("1");
        assertThat(search("FROM \"Mr Us\"")).isEqualTo("1");
        assertThat(search("BODY xcvbn")).isEqualTo("1");
        assertThat(search("BODY xcvbnx")).isEmpty();
        assertThat(search("TEXT asdfghjkl")).isEqualTo("1");
        assertThat(search("TEXT ser-from@exa")).isEqualTo("1");
        assertThat(search("SUBJECT \"\"")).isEqualTo("1 2 3 4 5 6 7");
    }

    @Test
    void caseAccentsEncodedWordsAndHtmlAreFolded() throws Exception {
        assertThat(search("SUBJECT SYNTHESE")).isEqualTo("2");
        assertThat(search("CHARSET UTF-8 SUBJECT {9}\r\nsynthèse")).isEqualTo("2");
        assertThat(search("BODY \"clinique generale\"")).isEqualTo("2");
        assertThat(search("FROM lefevre")).isEqualTo("2");
        assertThat(search("BODY \"resultat normal de l'echo\"")).isEqualTo("3");
        assertThat(search("BODY color")).isEmpty();
    }

    @Test
    void sentDatesAreTheDateHeadersDayWhateverItsZone() throws Exception {
        // Message 1 was written on 1 Jan 2000 at 23:59:59 -0500 (2 Jan in UTC); message 2 on 2 Jan at 00:30 +0900
        // (1 Jan in UTC). RFC 3501 disregards time and zone: 1 is on the 1st, 2 on the 2nd.
        assertThat(search("SENTON 1-Jan-2000")).isEqualTo("1");
        assertThat(search("SENTON 2-Jan-2000")).isEqualTo("2");
        assertThat(search("SENTBEFORE 2-Jan-2000")).isEqualTo("1");
        assertThat(search("SENTSINCE 2-Jan-2000 SENTBEFORE 3-Jan-2000")).isEqualTo("2");
        assertThat(search("SENTSINCE 3-Jan-2000")).isEqualTo("3 4 5 6");
    }

    @Test
    void flagsAndKeywordsFollowStoreAndCombineWithText() throws Exception {
        imap.expectOk("STORE 2 +FLAGS (\\Seen \\Flagged $Important)");
        assertThat(search("SEEN")).isEqualTo("2");
        assertThat(search("FLAGGED KEYWORD $Important")).isEqualTo("2");
        assertThat(search("UNSEEN SUBJECT e")).isEqualTo("1 3 4 5 6 7");
        assertThat(search("OR SEEN FROM ser-fro")).isEqualTo("1 2");
        assertThat(search("NOT SEEN NOT FROM example")).isEmpty();
        imap.expectOk("STORE 2 -FLAGS (\\Seen $Important)");
        assertThat(search("SEEN")).isEmpty();
        assertThat(search("KEYWORD $Important")).isEmpty();
        assertThat(search("UNKEYWORD $Important FLAGGED")).isEqualTo("2");
    }

    @Test
    void uidsAndSizesAreRanges() throws Exception {
        assertThat(imap.expectOk("UID SEARCH UID 2:4").numbers("SEARCH")).isEqualTo("2 3 4");
        assertThat(search("LARGER 100000")).isEmpty();
        assertThat(search("SMALLER 1")).isEmpty();
        assertThat(search("2:3,6")).isEqualTo("2 3 6");
    }

    @Test
    void theContentOfAnOpaqueSignatureAndOfAForwardedMessageIsFound() throws Exception {
        assertThat(search("SUBJECT \"Lettre sign\"")).isEqualTo("4");
        assertThat(search("BODY \"texte sous signature\"")).isEqualTo("4");
        assertThat(search("BODY \"message transfere\"")).isEqualTo("5");
        assertThat(search("BODY \"adressage initial\"")).isEqualTo("5");
        assertThat(search("TEXT \"adressage initial\"")).isEqualTo("5");
    }

    @Test
    void attachmentsAreFoundByNameAndHeadersByName() throws Exception {
        assertThat(search("TEXT cr-bio.xml")).isEqualTo("6");
        assertThat(search("BODY glycemie")).isEmpty();
        assertThat(search("BODY \"ci-joint le compte rendu\"")).isEqualTo("6");
        assertThat(search("HEADER X-Logiciel \"medi\"")).isEqualTo("6");
        assertThat(search("HEADER X-Logiciel \"\"")).isEqualTo("6");
        assertThat(search("HEADER Date \"\"")).isEqualTo("1 2 3 4 5 6");
    }

    @Test
    void anExpungedMessageIsNoLongerFound() throws Exception {
        imap.append("Recherche", "\\Deleted", message("A effacer", "x@example.test", null, "text/plain", "ephemere"));
        assertThat(search("BODY ephemere")).isEqualTo("8");
        imap.expectOk("EXPUNGE");
        assertThat(search("BODY ephemere")).isEmpty();
    }

    private String search(String criteria) throws Exception {
        Answer answer = imap.send("SEARCH " + criteria);
        assertThat(answer.ok()).as("SEARCH %s answered %s", criteria, answer.status()).isTrue();
        return answer.numbers("SEARCH");
    }

    static String message(String subject, String from, String date, String contentType, String body) {
        return "From: " + from + "\r\n"
            + "To: " + USER + "\r\n"
            + "Subject: " + subject + "\r\n"
            + (date == null ? "" : "Date: " + date + "\r\n")
            + "Message-ID: <" + Math.abs((subject + body).hashCode()) + "@example.test>\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: " + contentType + "\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n" + body + "\r\n";
    }

    private static String opaqueSigned() throws Exception {
        TestCertificateAuthority authority = new TestCertificateAuthority("Autorite de test");
        TestCertificateAuthority.Issued signer = authority.signing("dr.signe@example.test");
        SMIMESignedGenerator generator = new SMIMESignedGenerator();
        generator.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder().setProvider("BC")
            .build("SHA256withRSA", signer.key(), signer.certificate()));
        generator.addCertificates(new JcaCertStore(List.of(signer.certificate())));
        javax.mail.internet.MimeBodyPart content = new javax.mail.internet.MimeBodyPart();
        content.setText("Voici le texte sous signature opaque.", "UTF-8");
        javax.mail.internet.MimeBodyPart signed = generator.generateEncapsulated(content);
        javax.mail.internet.MimeMessage message = new javax.mail.internet.MimeMessage(
            javax.mail.Session.getInstance(new Properties()));
        message.setFrom("dr.signe@example.test");
        message.setRecipients(javax.mail.Message.RecipientType.TO, USER);
        message.setSubject("Lettre signée opaque", "UTF-8");
        message.setSentDate(new java.util.Date(946_900_000_000L));
        message.setContent(signed.getContent(), signed.getContentType());
        message.saveChanges();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        message.writeTo(bytes);
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private static String forwarded() {
        return "From: transfert@example.test\r\n"
            + "To: " + USER + "\r\n"
            + "Subject: Fwd: adressage\r\n"
            + "Date: Tue, 4 Jan 2000 09:00:00 +0100\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"outer\"\r\n"
            + "\r\n--outer\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n\r\nVoici le message transfere.\r\n"
            + "--outer\r\n"
            + "Content-Type: message/rfc822\r\n\r\n"
            + "From: origine@example.test\r\nSubject: Adressage initial\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n\r\nPatiente vue en consultation.\r\n"
            + "--outer--\r\n";
    }

    private static String withAttachment() {
        return "From: labo@example.test\r\n"
            + "To: " + USER + "\r\n"
            + "Subject: Resultats\r\n"
            + "Date: Wed, 5 Jan 2000 09:00:00 +0100\r\n"
            + "X-Logiciel: MediLogiciel 4.2\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"parts\"\r\n"
            + "\r\n--parts\r\n"
            + "Content-Type: text/plain; charset=us-ascii\r\n\r\nCi-joint le compte rendu.\r\n"
            + "--parts\r\n"
            + "Content-Type: text/xml; name=\"cr-bio.xml\"\r\n"
            + "Content-Disposition: attachment; filename=\"cr-bio.xml\"\r\n\r\n"
            + "<ClinicalDocument><title>CR-BIO glycemie</title></ClinicalDocument>\r\n"
            + "--parts--\r\n";
    }
}
