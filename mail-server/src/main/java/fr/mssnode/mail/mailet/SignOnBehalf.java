package fr.mssnode.mail.mailet;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.mail.smime.Smime;
import fr.mssnode.mail.smime.SignatureVerdict;
import fr.mssnode.mail.smime.MailboxKey;

/**
 * Signs, with the key the operator holds for the mailbox, what one of our own accounts submitted unsigned
 * (after {@link VerifySignature}: a message the client signed itself is verified there, never signed twice).
 * The From address must be the account's own. Without a key held for the mailbox the message goes on unsigned,
 * marked so: the other operator's policy decides.
 */
public class SignOnBehalf extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(SignOnBehalf.class);

    private final Smime smime;

    @Inject
    public SignOnBehalf(Smime smime) {
        this.smime = smime;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (!VerifySignature.isOwnSubmission(mail)) {
            return;
        }
        MimeMessage message = mail.getMessage();
        String outcome = message.getHeader(VerifySignature.OUTCOME_HEADER, null);
        if (outcome == null || !outcome.startsWith("unsigned")) {
            return;
        }
        String account = VerifySignature.authenticatedAccount(mail);
        String from = VerifySignature.fromAddress(message);
        if (!from.equals(account)) {
            mail.setErrorMessage("Your message was not delivered because its From address (" + (from.isEmpty() ? "none" : from)
                + ") is not the address of the account that sent it (" + account + "): the node signs only for your own mailbox.");
            mail.setState("signature-refused");
            return;
        }
        java.util.Optional<MailboxKey> key = smime.keys().signingKey(from);
        if (key.isEmpty()) {
            LOGGER.warn("No signing key held for {}: message {} goes on unsigned", from, mail.getName());
            message.setHeader(VerifySignature.OUTCOME_HEADER, new SignatureVerdict(SignatureVerdict.Outcome.UNSIGNED,
                java.util.Optional.empty(), "no signing key is held for " + from + " on this node").header());
            return;
        }
        MimeMessage signed = smime.signer().sign(message, key.get());
        signed.setHeader(VerifySignature.OUTCOME_HEADER, SignatureVerdict.valid(from, "signed by the operator on behalf of "
            + from + " with " + key.get().certificate().getSubjectX500Principal().getName()).header());
        mail.setMessage(signed);
    }
}
