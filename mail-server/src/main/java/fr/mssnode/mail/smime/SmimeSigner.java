package fr.mssnode.mail.smime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import java.util.Enumeration;
import java.util.List;
import java.util.UUID;

import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.internet.InternetHeaders;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;

import javax.mail.util.SharedByteArrayInputStream;

import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Signs a message (S/MIME, detached: multipart/signed, SHA-256 with RSA). The signed part is the message's own
 * body with its content headers, taken byte for byte: attachments reach the recipient exactly as written.
 */
public final class SmimeSigner {
    static {
        SmimeMailcap.register();
    }

    /**
     * The message signed: its own headers, then a multipart/signed whose first part is the message's Content-*
     * headers and body as they were (line ends made CRLF, the canonical form both sides hash) and whose second part
     * is the detached CMS signature over exactly those bytes. Written as bytes, in one pass: no MIME part of the
     * content is parsed or rewritten, whatever its size.
     */
    public MimeMessage sign(MimeMessage message, MailboxKey key) throws MessagingException {
        try {
            byte[] content = Canonical.crlf(entity(message));
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSimpleSignerInfoGeneratorBuilder()
                .build("SHA256withRSA", key.key(), key.certificate()));
            generator.addCertificates(new JcaCertStore(List.of(key.certificate())));
            byte[] signature = generator.generate(new CMSProcessableByteArray(content), false).getEncoded();

            String boundary = "----=_mss_signed_" + UUID.randomUUID().toString().replace("-", "");
            ByteArrayOutputStream signed = new ByteArrayOutputStream(content.length + signature.length * 2 + 4096);
            Charset headerBytes = headerCharset(message);
            Enumeration<String> lines = message.getNonMatchingHeaderLines(new String[] {"MIME-Version"});
            while (lines.hasMoreElements()) {
                String line = lines.nextElement();
                if (!line.regionMatches(true, 0, "content-", 0, 8)) {
                    signed.writeBytes((line + "\r\n").getBytes(headerBytes));
                }
            }
            ascii(signed, "MIME-Version: 1.0\r\nContent-Type: multipart/signed; protocol=\"application/pkcs7-signature\";"
                + " micalg=sha-256;\r\n\tboundary=\"" + boundary + "\"\r\n\r\nThis is an S/MIME signed message\r\n\r\n--"
                + boundary + "\r\n");
            signed.write(content);
            ascii(signed, "\r\n--" + boundary + "\r\nContent-Type: application/pkcs7-signature; name=\"smime.p7s\"\r\n"
                + "Content-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"smime.p7s\"\r\n"
                + "Content-Description: S/MIME Cryptographic Signature\r\n\r\n"
                + Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(signature) + "\r\n--" + boundary + "--\r\n");
            return new MimeMessage(message.getSession(), new SharedByteArrayInputStream(signed.toByteArray()));
        } catch (OperatorCreationException | CertificateEncodingException | CMSException | IOException e) {
            throw new MessagingException("Cannot sign: " + e.getMessage(), e);
        }
    }

    /** The message's body as a MIME entity: its Content-* header lines, a blank line, its raw bytes. */
    private static byte[] entity(MimeMessage message) throws MessagingException, IOException {
        ByteArrayOutputStream entity = new ByteArrayOutputStream();
        boolean typed = false;
        Charset headerBytes = headerCharset(message);
        Enumeration<String> lines = message.getAllHeaderLines();
        while (lines.hasMoreElements()) {
            String line = lines.nextElement();
            if (line.regionMatches(true, 0, "content-", 0, 8)) {
                typed |= line.regionMatches(true, 0, "content-type:", 0, 13);
                entity.write((line + "\r\n").getBytes(headerBytes));
            }
        }
        if (!typed) {
            ascii(entity, "Content-Type: text/plain; charset=us-ascii\r\n");
        }
        ascii(entity, "\r\n");
        try (InputStream raw = rawBody(message)) {
            raw.transferTo(entity);
        }
        return entity.toByteArray();
    }

    /**
     * How JavaMail turned the header's bytes into the strings it hands out, so they are written back as the same
     * bytes: one char per byte (ISO-8859-1), or UTF-8 when the session allows UTF-8 headers (RFC 6532). Raw 8-bit
     * headers (a subject in UTF-8 from practice software) are so kept as they were sent.
     */
    private static Charset headerCharset(MimeMessage message) {
        javax.mail.Session session = message.getSession();
        boolean utf8 = session != null && Boolean.parseBoolean(session.getProperty("mail.mime.allowutf8"));
        return utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isContentHeader(Header header) {
        return header.getName().toLowerCase(java.util.Locale.ROOT).startsWith("content-");
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
