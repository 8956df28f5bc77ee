package fr.mssnode.mail.mailet;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import fr.mssnode.directory.trust.CertificateUsage;
import fr.mssnode.mail.smime.MailboxKey;
import fr.mssnode.mail.smime.Smime;
import fr.mssnode.mail.smime.SmimeEnvelopes;

/**
 * An encrypted message for our mailboxes is decrypted with the key the operator holds for one of its
 * recipients, so that its signature can be checked and the dossier bridge can read it. One that none of our
 * keys opens stays as it is: {@link VerifySignature} then finds it unreadable and applies the invalid policy.
 */
public class DecryptForRecipient extends GenericMailet {
    private final Smime smime;

    @Inject
    public DecryptForRecipient(Smime smime) {
        this.smime = smime;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        if (!SmimeEnvelopes.isEnveloped(message)) {
            return;
        }
        List<MailboxKey> keys = new ArrayList<>();
        for (MailAddress recipient : mail.getRecipients()) {
            smime.keys().key(recipient.asString(), CertificateUsage.ENCRYPTION).ifPresent(keys::add);
        }
        Optional<MimeMessage> decrypted = smime.envelopes().decrypt(message, keys);
        if (decrypted.isPresent()) {
            mail.setMessage(decrypted.get());
        }
    }
}
