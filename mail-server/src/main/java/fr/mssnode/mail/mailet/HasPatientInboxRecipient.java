package fr.mssnode.mail.mailet;

import java.util.Collection;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;

import fr.mssnode.mail.patient.PatientConversations;

/**
 * Matches a message (all of its recipients, so that it is never split in two) when one of its recipients is a
 * patient's secure inbox on this node.
 */
public class HasPatientInboxRecipient extends GenericMatcher {
    private final PatientConversations conversations;

    @Inject
    public HasPatientInboxRecipient(PatientConversations conversations) {
        this.conversations = conversations;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        boolean any = mail.getRecipients().stream().anyMatch(r -> conversations.isPatientInbox(r.asString()));
        return any ? mail.getRecipients() : List.of();
    }
}
