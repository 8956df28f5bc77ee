package fr.mssnode.mail.mailet;

import java.time.Instant;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import fr.mssnode.mail.patient.PatientConversations;

/**
 * A professional's message to a patient's secure inbox opens (or, with {@code X-MSS-MES: FIN}, closes) the
 * conversation the patient may answer. The node's own notices (null sender) and patients' messages open nothing.
 */
public class RecordPatientConversation extends GenericMailet {
    private final PatientConversations conversations;

    @Inject
    public RecordPatientConversation(PatientConversations conversations) {
        this.conversations = conversations;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        if (sender.isEmpty() || conversations.isPatientInbox(sender.get().asString())
            || sender.get().getDomain().asString().startsWith("patient.")) {
            return;
        }
        boolean ends = PatientConversations.endsConversation(mail.getMessage().getHeader(PatientConversations.END_HEADER));
        Instant now = Instant.now();
        for (MailAddress recipient : mail.getRecipients()) {
            if (conversations.isPatientInbox(recipient.asString())) {
                conversations.wrote(sender.get().asString(), recipient.asString(), ends, now);
            }
        }
    }

    @Override
    public String getMailetInfo() {
        return "Records professionals' messages to patients' inboxes (who the patient may answer)";
    }
}
