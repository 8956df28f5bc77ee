package fr.mssnode.mail.mailet;

import java.util.Locale;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.directory.Addresses;
import fr.mssnode.directory.Directory;
import fr.mssnode.mail.smime.Smime;
import fr.mssnode.mail.smime.SignatureVerdict;

/**
 * Checks every message's S/MIME signature and writes the outcome in {@value #OUTCOME_HEADER} (one arriving from
 * outside is removed first: only this node says what it checked). A signature that does not hold goes to the
 * {@code invalid} policy; mail from another operator without a signature goes to the {@code remoteUnsigned}
 * policy: {@code refuse} (the sender is told why, the message kept in a repository), {@code quarantine} (kept
 * for the operator), or for unsigned mail only {@code mark} (delivered, marked unsigned). Unsigned mail of our
 * own professionals goes on to {@link SignOnBehalf}; the node's own notices (bounces) are not signed.
 */
public class VerifySignature extends GenericMailet {
    public static final String OUTCOME_HEADER = "X-MSS-Signature";
    static final AttributeName AUTHENTICATED_USER = AttributeName.of("org.apache.james.SMTPAuthUser");
    private static final Logger LOGGER = LoggerFactory.getLogger(VerifySignature.class);

    private final Smime smime;
    private final Directory directory;
    private String remoteUnsigned;
    private String invalid;

    @Inject
    public VerifySignature(Smime smime, Directory directory) {
        this.smime = smime;
        this.directory = directory;
    }

    @Override
    public void init() throws MessagingException {
        remoteUnsigned = getInitParameter("remoteUnsigned", "refuse");
        invalid = getInitParameter("invalid", "refuse");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        message.removeHeader(OUTCOME_HEADER);
        SignatureVerdict verdict = smime.verifier().verify(message, fromAddress(message));
        message.setHeader(OUTCOME_HEADER, verdict.header());
        switch (verdict.outcome()) {
            case VALID -> {
            }
            case INVALID -> apply(invalid, mail, "its S/MIME signature was refused: " + verdict.reason());
            case UNSIGNED -> {
                if (isFromAnotherOperator(mail)) {
                    apply(remoteUnsigned, mail, "it is not signed: clinical messages between operators must carry an"
                        + " S/MIME signature of their sender");
                }
            }
        }
    }

    private void apply(String policy, Mail mail, String reason) {
        String sender = mail.getMaybeSender().asString("<>");
        switch (policy) {
            case "refuse" -> {
                LOGGER.warn("Refused a message from {}: {}", sender, reason);
                mail.setErrorMessage("Your message was not delivered because " + reason + ".");
                mail.setState("signature-refused");
            }
            case "quarantine" -> {
                LOGGER.warn("Quarantined a message from {}: {}", sender, reason);
                mail.setErrorMessage("Quarantined because " + reason + ".");
                mail.setState("signature-quarantine");
            }
            default -> LOGGER.info("Delivering a message from {} marked: {}", sender, reason);
        }
    }

    /**
     * Submitted by one of our accounts: authenticated, with that account as envelope sender. (Notices the node
     * generates about a submission, such as bounces, inherit its attributes but have the null sender.)
     */
    static boolean isOwnSubmission(Mail mail) {
        String account = authenticatedAccount(mail);
        return !account.isEmpty() && mail.getMaybeSender().asOptional()
            .map(sender -> sender.asString().equalsIgnoreCase(account)).orElse(false);
    }

    static String authenticatedAccount(Mail mail) {
        return mail.getAttribute(AUTHENTICATED_USER)
            .flatMap(attribute -> attribute.getValue().valueAs(String.class))
            .orElse("").trim().toLowerCase(Locale.ROOT);
    }

    /** Not submitted here, with a sender outside our domains: it came from a trusted operator on port 25. */
    private boolean isFromAnotherOperator(Mail mail) {
        if (isOwnSubmission(mail)) {
            return false;
        }
        return mail.getMaybeSender().asOptional()
            .map(MailAddress::getDomain)
            .map(domain -> !directory.isLocalDomain(domain.asString()))
            .orElse(false);
    }

    static String fromAddress(MimeMessage message) throws MessagingException {
        String[] from = message.getHeader("From");
        if (from == null || from.length == 0) {
            return "";
        }
        try {
            InternetAddress[] parsed = InternetAddress.parseHeader(from[0], false);
            return parsed.length == 0 ? "" : Addresses.normalize(parsed[0].getAddress()).toLowerCase(Locale.ROOT);
        } catch (MessagingException | RuntimeException e) {
            return "";
        }
    }
}
