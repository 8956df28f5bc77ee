package fr.mssnode.mail.mailet;

import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;

/**
 * Writes a {@code RELAYED} line of the operator's trace for each recipient of a message handed to remote delivery
 * (a trusted operator's mailbox): the sender, the recipient, its operator's domain, the size; never content.
 * Delivery failures come back later as a bounce to the sender.
 */
public class TraceRelay extends GenericMailet {
    private final OperatorTrace trace;

    @Inject
    public TraceRelay(OperatorTrace trace) {
        this.trace = trace;
    }

    @Override
    public void service(Mail mail) {
        String sender = mail.getMaybeSender().asOptional().map(MailAddress::asString).orElse("<>");
        long size;
        try {
            size = mail.getMessageSize();
        } catch (javax.mail.MessagingException e) {
            size = -1;
        }
        for (MailAddress recipient : mail.getRecipients()) {
            trace.record(sender, mail.getRemoteAddr(), "RELAY", TraceEvent.Action.RELAYED,
                List.of(sender, recipient.asString()), "relay to " + recipient.getDomain().asString() + " for "
                    + recipient.asString() + " (" + size + " bytes)", "handed to remote delivery (" + mail.getName() + ")");
        }
    }

    @Override
    public String getMailetInfo() {
        return "Operator trace of relayed mail";
    }
}
