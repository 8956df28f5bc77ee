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
            MimeMessage result = new SignedMessage(message.getSession(), signed.getContentType());
            Enumeration<Header> headers = message.getAllHeaders();
            while (headers.hasMoreElements()) {
                Header header = headers.nextElement();
                if (!isContentHeader(header)) {
                    result.addHeader(header.getName(), header.getValue());
                }
            }
            result.setContent(signed, signed.getContentType());
            result.saveChanges();
            return result;
        } catch (OperatorCreationException | java.security.cert.CertificateEncodingException | SMIMEException e) {
            throw new MessagingException("Cannot sign: " + e.getMessage(), e);
        }
    }

    private static boolean isContentHeader(Header header) {
        return header.getName().toLowerCase(java.util.Locale.ROOT).startsWith("content-");
    }

    /**
     * The signed message: the original's headers (its Message-ID included) around the multipart/signed. Saving it
     * writes only its own MIME-Version and Content-Type: JavaMail's default would parse every part of the signed
     * content again (twice the message's size in memory, a third of the signing's time) to fill in headers the
     * parts already have, since both parts are complete as the generator made them.
     */
    private static final class SignedMessage extends MimeMessage {
        private final String contentType;

        SignedMessage(javax.mail.Session session, String contentType) {
            super(session);
            this.contentType = contentType;
        }

        @Override
        protected void updateHeaders() throws MessagingException {
            setHeader("MIME-Version", "1.0");
            setHeader("Content-Type", contentType);
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
            if (isContentHeader(header)) {
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
