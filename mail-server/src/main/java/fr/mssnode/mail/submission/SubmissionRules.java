package fr.mssnode.mail.submission;

import java.util.Optional;

import javax.inject.Inject;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.directory.AddressCheck;
import fr.mssnode.directory.AddressStatus;
import fr.mssnode.directory.Directory;
import fr.mssnode.mail.patient.PatientConversations;

/**
 * What a user of this node may send, and to whom: the sender must be an address of the signed-in account and listed
 * in the directory; every recipient an open mailbox of this node or, where allowed, an address at a trusted operator;
 * a patient writes only to a professional who wrote to them. The SMTP listeners' gates and the web space's reply ask
 * these same rules, so no way into the spool is looser than another.
 */
public class SubmissionRules {
    private static final Logger LOGGER = LoggerFactory.getLogger(SubmissionRules.class);

    private final Directory directory;
    private final PatientConversations conversations;

    @Inject
    public SubmissionRules(Directory directory, PatientConversations conversations) {
        this.directory = directory;
        this.conversations = conversations;
    }

    /** The envelope sender {@code address} for the account signed in as {@code login}. */
    public Optional<SubmissionRefusal> sender(String login, String address) {
        try {
            if (!directory.ownsAddress(login, address)) {
                return Optional.of(SubmissionRefusal.permanent(SubmissionRefusal.Rule.NOT_YOUR_ADDRESS, "550", "5.7.1",
                    "Sender <" + address + "> is not an address of account " + login + ": send from your own address."));
            }
            AddressCheck check = directory.check(address);
            if (check.status() == AddressStatus.LOCAL_NOT_LISTED || check.status() == AddressStatus.LOCAL_DELISTED) {
                return Optional.of(SubmissionRefusal.permanent(SubmissionRefusal.Rule.SENDER_NOT_LISTED, "550", "5.7.1",
                    "Sender <" + address + "> may not send: " + check.reason() + "."));
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            LOGGER.error("Directory unavailable while checking sender {} for {}", address, login, e);
            return Optional.of(directoryUnavailable());
        }
    }

    /**
     * A recipient: an open mailbox of this node, or ({@code remoteAllowed}) an address at a trusted operator of the
     * espace de confiance. Never an open relay.
     */
    public Optional<SubmissionRefusal> recipient(String address, boolean remoteAllowed) {
        AddressCheck check;
        try {
            check = directory.check(address);
        } catch (RuntimeException e) {
            LOGGER.error("Directory unavailable while checking recipient {}", address, e);
            return Optional.of(directoryUnavailable());
        }
        String domain = address.substring(address.lastIndexOf('@') + 1);
        return Optional.ofNullable(switch (check.status()) {
            case LOCAL_ACTIVE -> null;
            case LOCAL_INACTIVE -> SubmissionRefusal.permanent(SubmissionRefusal.Rule.RECIPIENT_DISABLED, "550", "5.2.1",
                "Mailbox <" + address + "> is disabled: its owner is no longer active in the health directory.");
            case LOCAL_NOT_LISTED, LOCAL_DELISTED -> SubmissionRefusal.permanent(SubmissionRefusal.Rule.RECIPIENT_NOT_LISTED,
                "550", "5.7.1", "Mailbox <" + address + "> cannot receive mail: " + check.reason() + ".");
            case LOCAL_UNKNOWN -> SubmissionRefusal.permanent(SubmissionRefusal.Rule.RECIPIENT_UNKNOWN, "550", "5.1.1",
                "No mailbox <" + address + "> in the health directory of " + domain + ".");
            case TRUSTED_REMOTE -> remoteAllowed ? null : SubmissionRefusal.permanent(SubmissionRefusal.Rule.RELAY_DENIED,
                "550", "5.7.1", "Relaying denied: this port delivers only to mailboxes of "
                    + String.join(", ", directory.localDomains().stream().sorted().toList()) + ", not to " + domain + ".");
            case UNTRUSTED_REMOTE -> SubmissionRefusal.permanent(SubmissionRefusal.Rule.RECIPIENT_UNTRUSTED, "550", "5.7.1",
                "<" + address + "> is outside the espace de confiance: " + domain
                    + " is not a trusted health operator, so this node will not relay to it.");
            case MALFORMED -> SubmissionRefusal.permanent(SubmissionRefusal.Rule.RECIPIENT_MALFORMED, "553", "5.1.3",
                "<" + address + "> is not a valid mailbox address.");
        });
    }

    /** For a patient's account only: may they write to this recipient (MSSanté: only answer who wrote to them)? */
    public Optional<SubmissionRefusal> patientRecipient(String login, String recipient) {
        try {
            if (!conversations.isPatientInbox(login)) {
                return Optional.empty();
            }
            return conversations.refusal(login, recipient);
        } catch (RuntimeException e) {
            LOGGER.error("Could not check whether patient {} may write to {}", login, recipient, e);
            return Optional.of(SubmissionRefusal.temporary(SubmissionRefusal.Rule.DIRECTORY_UNAVAILABLE, "4.3.0",
                "The node cannot check this recipient right now; try again shortly."));
        }
    }

    /**
     * Every rule of the submission port for one recipient. The patient's rule comes before the directory's: both
     * must pass, and "only answer who wrote to you" is what a patient needs to hear about the node's own notices.
     */
    public Optional<SubmissionRefusal> submission(String login, String sender, String recipient) {
        return sender(login, sender)
            .or(() -> patientRecipient(login, recipient))
            .or(() -> recipient(recipient, true));
    }

    private static SubmissionRefusal directoryUnavailable() {
        return SubmissionRefusal.temporary(SubmissionRefusal.Rule.DIRECTORY_UNAVAILABLE, "4.3.0",
            "The health directory cannot be reached; try again shortly.");
    }
}
