package fr.mssnode.mail.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.server.core.MimeMessageInputStreamSource;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

/**
 * Raw 8-bit headers through James's own message class, as the SMTP server hands them to the spool: James writes the
 * header lines in US-ASCII (when it spools the message, and again once a mailet touches a header), so without the
 * rewrite every accent becomes '?'.
 */
class SevenBitHeadersTest {
    private static final String MESSAGE = "From: Dr Sophie Lefèbvre <dr.lefebvre@hopital-demo.test>\r\n"
        + "To: Hélène Dupré <helene@hopital-demo.test>, dr.benali@hopital-demo.test\r\n"
        + "Subject: Vos résultats d'échographie\r\n"
        + "Message-ID: <echo-1@cabinet.test>\r\n"
        + "X-Logiciel: Médiboard\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: application/pdf; name=\"compte-rendu opératoire.pdf\"\r\n"
        + "Content-Disposition: attachment; filename=\"compte-rendu opératoire.pdf\"\r\n"
        + "Content-Transfer-Encoding: base64\r\n\r\n"
        + "JVBERi0xLjQK\r\n";

    private static Mail arriving(byte[] raw) throws Exception {
        MimeMessageWrapper message = new MimeMessageWrapper(MimeMessageInputStreamSource.create("m-8bit",
            new ByteArrayInputStream(raw)));
        return FakeMail.builder().name("m-8bit").mimeMessage(message).sender("dr.lefebvre@hopital-demo.test")
            .recipient("dr.benali@hopital-demo.test").build();
    }

    private static MimeMessage spooledAndTouchedByAMailet(Mail mail) throws Exception {
        mail.getMessage().setHeader("X-MSS-Signature", "unsigned");
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        mail.getMessage().writeTo(written);
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(written.toByteArray()));
    }

    private static void sevenBit(Mail mail) {
        new SevenBitHeaders().onMessage(null, mail);
    }

    @Test
    void utf8HeadersKeepTheirTextOnceAnotherMailetChangesAHeader() throws Exception {
        Mail mail = arriving(MESSAGE.getBytes(StandardCharsets.UTF_8));
        sevenBit(mail);
        MimeMessage delivered = spooledAndTouchedByAMailet(mail);

        assertThat(delivered.getSubject()).isEqualTo("Vos résultats d'échographie");
        assertThat(((InternetAddress) delivered.getFrom()[0]).getPersonal()).isEqualTo("Dr Sophie Lefèbvre");
        assertThat(delivered.getAllRecipients()).extracting(a -> ((InternetAddress) a).getPersonal() + " " + ((InternetAddress) a).getAddress())
            .containsExactly("Hélène Dupré helene@hopital-demo.test", "null dr.benali@hopital-demo.test");
        assertThat(javax.mail.internet.MimeUtility.decodeText(delivered.getHeader("X-Logiciel", null))).isEqualTo("Médiboard");
        assertThat(new ContentType(delivered.getContentType()).getParameter("name")).isEqualTo("compte-rendu opératoire.pdf");
        assertThat(delivered.getFileName()).isEqualTo("compte-rendu opératoire.pdf");
        assertThat(delivered.getMessageID()).isEqualTo("<echo-1@cabinet.test>");
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        delivered.writeTo(raw);
        String head = raw.toString(StandardCharsets.ISO_8859_1);
        assertThat(head.substring(0, head.indexOf("\r\n\r\n")).chars()).allMatch(c -> c < 128);
    }

    @Test
    void latin1HeadersAreReadAsWindows1252() throws Exception {
        Mail mail = arriving("Subject: Compte rendu opératoire\r\nFrom: a@hopital-demo.test\r\n\r\nCorps\r\n"
            .getBytes(StandardCharsets.ISO_8859_1));
        sevenBit(mail);
        assertThat(spooledAndTouchedByAMailet(mail).getSubject()).isEqualTo("Compte rendu opératoire");
    }

    @Test
    void sevenBitMessagesAreLeftAlone() throws Exception {
        String plain = "Subject: =?UTF-8?Q?R=C3=A9sultats?=\r\nFrom: a@hopital-demo.test\r\n\r\nCorps\r\n";
        Mail mail = arriving(plain.getBytes(StandardCharsets.US_ASCII));
        sevenBit(mail);
        assertThat(mail.getMessage().getHeader("Subject", null)).isEqualTo("=?UTF-8?Q?R=C3=A9sultats?=");
    }
}
