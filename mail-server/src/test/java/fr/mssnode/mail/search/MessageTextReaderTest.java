package fr.mssnode.mail.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import fr.mssnode.fixtures.cda.RealisticCorpus;
import fr.mssnode.mail.search.IndexedMessage.Header;
import fr.mssnode.mail.search.IndexedMessage.MessageText;

class MessageTextReaderTest {

    @Test
    void headersAreDecodedAndTheReadablePartsAreTextButNotTheAttachments() throws Exception {
        RealisticCorpus.Document report = new RealisticCorpus(7).document(3, RealisticCorpus.Family.LAB_REPORT);
        String message = "From: =?ISO-8859-1?Q?Dr_L=E9a_Martin?= <lea.martin@example.test>\r\n"
            + "Subject: Compte rendu\r\n"
            + "Date: Sat, 1 Jan 2000 23:59:59 -0500\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=b\r\n\r\n"
            + "--b\r\nContent-Type: text/plain; charset=ISO-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n"
            + "R=E9sultats joints.\r\n"
            + "--b\r\nContent-Type: text/xml; name=\"" + report.fileName() + "\"\r\n"
            + "Content-Disposition: attachment; filename=\"" + report.fileName() + "\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder().encodeToString(report.bytes()) + "\r\n"
            + "--b--\r\n";
        MessageText text = MessageTextReader.read(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)));
        assertThat(text.headers()).contains(new Header("from", "Dr Léa Martin <lea.martin@example.test>"));
        assertThat(text.body()).contains("Résultats joints.").doesNotContain("ClinicalDocument");
        assertThat(text.attachmentNames()).containsExactly(report.fileName());
        assertThat(text.hasAttachment()).isTrue();
        assertThat(text.sentDay()).isEqualTo(LocalDate.of(2000, 1, 1).toEpochDay());
        assertThat(text.sentAt()).isEqualTo(java.time.Instant.parse("2000-01-02T04:59:59Z").toEpochMilli());
    }

    @Test
    void rawEightBitHeadersAreReadAsUtf8OrElseLatin1() throws Exception {
        byte[] utf8 = "From: Dr Léa Martin <lea@example.test>\r\nSubject: Vos résultats d'échographie\r\n\r\nCorps\r\n"
            .getBytes(StandardCharsets.UTF_8);
        MessageText text = MessageTextReader.read(new ByteArrayInputStream(utf8));
        assertThat(text.headers()).contains(new fr.mssnode.mail.search.IndexedMessage.Header("subject", "Vos résultats d'échographie"),
            new fr.mssnode.mail.search.IndexedMessage.Header("from", "Dr Léa Martin <lea@example.test>"));
        byte[] latin1 = "Subject: Compte rendu opératoire\r\n\r\nCorps\r\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(MessageTextReader.read(new ByteArrayInputStream(latin1)).headers())
            .contains(new fr.mssnode.mail.search.IndexedMessage.Header("subject", "Compte rendu opératoire"));
    }

    @Test
    void aMessageWithoutADateHasNoSentDay() throws Exception {
        MessageText text = MessageTextReader.read(new ByteArrayInputStream("Subject: x\r\n\r\nbody".getBytes(StandardCharsets.US_ASCII)));
        assertThat(text.sentDay()).isEqualTo(Long.MIN_VALUE);
        assertThat(text.body()).contains("body");
    }

    @Test
    void htmlIsReadWithoutItsTagsStylesAndEntities() {
        assertThat(HtmlText.of("<html><head><style>p{}</style></head><body><p>R&eacute;sultat&nbsp;<b>normal</b> &#233;t&#xE9;</p>"))
            .doesNotContain("<").doesNotContain("p{}").contains("Résultat", "normal", "été");
    }

    /** The JMAP flaw of CVE-2024-45626 was HTML-to-text conversion: ours reads hostile HTML in one pass. */
    @Test
    @org.junit.jupiter.api.Timeout(10)
    void hostileHtmlIsReadInOnePass() {
        String unclosedStyles = "<style>".repeat(40_000) + "visible?";
        assertThat(HtmlText.of(unclosedStyles).strip()).isEqualTo("visible?");
        String noTagEnd = "<".repeat(250_000) + "texte";
        assertThat(HtmlText.of(noTagEnd)).endsWith("texte").hasSize(250_005);
        String manyScripts = "<script>x</script>ok ".repeat(10_000) + "<script>never closed";
        assertThat(HtmlText.of(manyScripts)).contains("ok", "never closed").doesNotContain("x");
        String entities = "&eacute;".repeat(30_000) + "&#99999999;&#xFFFFFF;";
        assertThat(HtmlText.of(entities)).startsWith("ééé").endsWith("&#99999999;&#xFFFFFF;");
        assertThat(HtmlText.of("<p>Un <b>texte</b> <HEAD>cach&eacute;</HEAD>visible")).contains("Un", "texte", "visible")
            .doesNotContain("caché");
    }
}
