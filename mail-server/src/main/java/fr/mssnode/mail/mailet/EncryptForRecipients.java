package fr.mssnode.mail.mailet;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.directory.trust.CertificateUsage;
import fr.mssnode.directory.trust.MailboxCertificate;
import fr.mssnode.directory.trust.X509Files;
import fr.mssnode.mail.smime.Smime;
import fr.mssnode.mail.smime.SmimeEnvelopes;

/**
 * Before relaying to another operator (when {@code enabled}): encrypts the message for its recipients when the
 * directory holds a valid encryption certificate for every one of them (AES-256, RSA-OAEP). When one has none,
 * the message goes signed but not encrypted, as the other operator's mailbox could not read it otherwise.
 */
public class EncryptForRecipients extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(EncryptForRecipients.class);

    private final Smime smime;
    private boolean enabled;

    @Inject
    public EncryptForRecipients(Smime smime) {
        this.smime = smime;
    }

    @Override
    public void init() {
        enabled = Boolean.parseBoolean(getInitParameter("enabled", "false"));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        if (!enabled || SmimeEnvelopes.isEnveloped(message)) {
            return;
        }
        List<X509Certificate> recipients = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            Optional<MailboxCertificate> certificate = smime.certificates().forMailbox(recipient.asString()).stream()
                .filter(c -> c.usage() == CertificateUsage.ENCRYPTION && c.notAfter().isAfter(Instant.now()))
                .findFirst();
            if (certificate.isEmpty()) {
                LOGGER.info("No encryption certificate for {} in the directory: {} goes signed, not encrypted",
                    recipient.asString(), mail.getName());
                return;
            }
            recipients.add(X509Files.read(certificate.get().pem().getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                "encryption certificate of " + recipient.asString()).get(0));
        }
        mail.setMessage(smime.envelopes().encrypt(message, recipients));
    }
}
