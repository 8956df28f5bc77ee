package fr.mssnode.mail.mailet;

import javax.mail.MessagingException;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

import fr.mssnode.mail.operations.NodeMeters;

/**
 * Counts a message its sender is told about ({@code mss.mail.bounced}, tagged with the {@code why} parameter: the
 * processor's reason, e.g. {@code undeliverable}); the message itself goes on unchanged.
 */
public class CountBounced extends GenericMailet {
    private String why;

    @Override
    public void init() throws MessagingException {
        why = getInitParameter("why", "unknown");
    }

    @Override
    public void service(Mail mail) {
        NodeMeters.bounced(why);
    }

    @Override
    public String getMailetInfo() {
        return "Counts returned messages in the node's metrics";
    }
}
