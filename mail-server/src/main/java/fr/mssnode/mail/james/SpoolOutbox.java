package fr.mssnode.mail.james;

import java.util.List;

import javax.mail.MessagingException;

import org.apache.james.GuiceJamesServer;
import org.apache.james.core.MailAddress;
import org.apache.mailet.MailetContext;

import fr.mssnode.dossier.inbox.Letter;
import fr.mssnode.dossier.inbox.Outbox;
import fr.mssnode.mail.mailet.Letters;

/**
 * The dossier's letters (patients' copies, notifications) enter the node's spool like any message, from the
 * postmaster with a null envelope sender: durable once {@link #send} returns, delivered exactly once to a local
 * mailbox, relayed over TLS to a trusted operator's.
 */
public class SpoolOutbox implements Outbox {
    private final JamesMailServer james;

    public SpoolOutbox(JamesMailServer james) {
        this.james = james;
    }

    @Override
    public void send(Letter letter) {
        GuiceJamesServer server = james.server();
        if (server == null) {
            throw new IllegalStateException("The mail server is not running: '" + letter.subject() + "' cannot be sent.");
        }
        MailetContext context = server.getProbe(MailetContextProbe.class).context();
        try {
            List<MailAddress> recipients = Letters.recipients(letter);
            context.sendMail(MailAddress.nullSender(), recipients, Letters.toMime(letter, context.getPostmaster()));
        } catch (MessagingException e) {
            throw new IllegalStateException("Could not queue '" + letter.subject() + "': " + e.getMessage(), e);
        }
    }
}
