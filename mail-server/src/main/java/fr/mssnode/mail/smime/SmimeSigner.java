package fr.mssnode.mail.smime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Enumeration;
import java.util.List;

import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.mail.smime.SMIMEException;
import org.bouncycastle.mail.smime.SMIMESignedGenerator;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Signs a message (S/MIME, detached: multipart/signed, SHA-256 with RSA). The signed part is the message's own
 * body with its content headers, taken byte for byte: attachments reach the recipient exactly as written.
 */
public final class SmimeSigner {
    static {
        SmimeMailcap.register();
    }

    public MimeMessage sign(MimeMessage message, MailboxKey key) throws MessagingException {
        try {
            SMIMESignedGenerator generator = new SMIMESignedGenerator();
            generator.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder()
                .build("SHA256withRSA", key.key(), key.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(key.certificate())));
            MimeMultipart signed = generator.generate(body(message));
            String messageId = message.getMessageID();
            MimeMessage result = new MimeMessage(message);
            result.setContent(signed, signed.getContentType());
            result.removeHeader("Content-Transfer-Encoding");
            result.saveChanges();
            if (messageId != null) {
                result.setHeader("Message-ID", messageId);
            }
            return result;
        } catch (OperatorCreationException | java.security.cert.CertificateEncodingException | SMIMEException e) {
            throw new MessagingException("Cannot sign: " + e.getMessage(), e);
        }
    }

    /** The body's bytes as they would be sent; a message built in memory is written out first. */
    private static InputStream rawBody(MimeMessage message) throws MessagingException, IOException {
        try {
            return message.getRawInputStream();
        } catch (MessagingException notParsed) {
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            message.writeTo(whole);
            return new MimeMessage(null, new java.io.ByteArrayInputStream(whole.toByteArray())).getRawInputStream();
        }
    }

    /** The message's body as a MIME part: its Content-* headers and its raw bytes, unchanged. */
    static MimeBodyPart body(MimeMessage message) throws MessagingException {
        InternetHeaders headers = new InternetHeaders();
        Enumeration<Header> all = message.getAllHeaders();
        while (all.hasMoreElements()) {
            Header header = all.nextElement();
            if (header.getName().toLowerCase(java.util.Locale.ROOT).startsWith("content-")) {
                headers.addHeader(header.getName(), header.getValue());
            }
        }
        if (headers.getHeader("Content-Type") == null) {
            headers.addHeader("Content-Type", "text/plain; charset=us-ascii");
        }
        try (InputStream raw = rawBody(message)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            raw.transferTo(bytes);
            return new MimeBodyPart(headers, bytes.toByteArray());
        } catch (IOException e) {
            throw new MessagingException("Cannot read the message body: " + e.getMessage(), e);
        }
    }
}
