package fr.mssnode.mail.smime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.util.Collection;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.mail.Header;
import javax.mail.MessagingException;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;

import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSAlgorithm;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.RecipientInformation;
import org.bouncycastle.cms.jcajce.JceCMSContentEncryptorBuilder;
import org.bouncycastle.cms.jcajce.JceKeyTransEnvelopedRecipient;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientId;
import org.bouncycastle.cms.jcajce.JceKeyTransRecipientInfoGenerator;
import org.bouncycastle.mail.smime.SMIMEEnveloped;
import org.bouncycastle.mail.smime.SMIMEEnvelopedGenerator;
import org.bouncycastle.mail.smime.SMIMEException;
import org.bouncycastle.operator.jcajce.JcaAlgorithmParametersConverter;

/**
 * S/MIME encryption between operators: AES-256 content encryption, the key sent to each recipient with
 * RSA-OAEP (SHA-256). What is encrypted is the message's body as it stands (normally the signed entity), so that
 * once decrypted, the signature is checked over the very same bytes.
 */
public final class SmimeEnvelopes {
    static {
        SmimeMailcap.register();
    }

    public static boolean isEnveloped(MimeMessage message) throws MessagingException {
        ContentType type = new ContentType(message.getContentType());
        if (!type.match("application/pkcs7-mime") && !type.match("application/x-pkcs7-mime")) {
            return false;
        }
        String smimeType = type.getParameter("smime-type");
        return smimeType == null || smimeType.equalsIgnoreCase("enveloped-data");
    }

    /** The message with its body encrypted for these certificates; the outer headers stay readable. */
    public MimeMessage encrypt(MimeMessage message, List<X509Certificate> recipients) throws MessagingException {
        try {
            SMIMEEnvelopedGenerator generator = new SMIMEEnvelopedGenerator();
            JcaAlgorithmParametersConverter parameters = new JcaAlgorithmParametersConverter();
            for (X509Certificate recipient : recipients) {
                generator.addRecipientInfoGenerator(new JceKeyTransRecipientInfoGenerator(recipient,
                    parameters.getAlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP, new OAEPParameterSpec(
                        "SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT))));
            }
            MimeBodyPart body = SmimeSigner.body(message);
            MimeBodyPart enveloped = generator.generate(body,
                new JceCMSContentEncryptorBuilder(CMSAlgorithm.AES256_CBC).build());
            String messageId = message.getMessageID();
            MimeMessage result = new MimeMessage(message);
            for (String name : List.of("Content-Type", "Content-Transfer-Encoding", "Content-Disposition", "Content-Description")) {
                result.removeHeader(name);
            }
            result.setContent(enveloped.getContent(), enveloped.getContentType());
            result.saveChanges();
            if (messageId != null) {
                result.setHeader("Message-ID", messageId);
            }
            return result;
        } catch (CMSException | SMIMEException | IOException | java.security.GeneralSecurityException e) {
            throw new MessagingException("Cannot encrypt: " + e.getMessage(), e);
        }
    }

    /**
     * The message decrypted with the first of these keys it was encrypted for: the outer headers (From, To,
     * Subject...) followed by the decrypted entity, byte for byte. Empty when none of the keys opens it.
     */
    public Optional<MimeMessage> decrypt(MimeMessage message, Collection<MailboxKey> keys) throws MessagingException {
        try {
            SMIMEEnveloped enveloped = new SMIMEEnveloped(message);
            for (MailboxKey key : keys) {
                RecipientInformation recipient = enveloped.getRecipientInfos().get(new JceKeyTransRecipientId(key.certificate()));
                if (recipient == null) {
                    continue;
                }
                byte[] entity = recipient.getContent(new JceKeyTransEnvelopedRecipient(key.key()));
                ByteArrayOutputStream whole = new ByteArrayOutputStream();
                Enumeration<Header> headers = message.getAllHeaders();
                while (headers.hasMoreElements()) {
                    Header header = headers.nextElement();
                    String name = header.getName().toLowerCase(java.util.Locale.ROOT);
                    if (!name.startsWith("content-") && !name.equals("mime-version")) {
                        whole.write((header.getName() + ": " + header.getValue() + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
                whole.write("MIME-Version: 1.0\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                whole.write(entity);
                return Optional.of(new MimeMessage(null, new java.io.ByteArrayInputStream(whole.toByteArray())));
            }
            return Optional.empty();
        } catch (CMSException e) {
            throw new MessagingException("Cannot decrypt: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new MessagingException("Cannot decrypt: " + e.getMessage(), e);
        }
    }
}
