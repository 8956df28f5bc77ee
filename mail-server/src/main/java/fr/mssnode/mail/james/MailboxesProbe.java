package fr.mssnode.mail.james;

import javax.inject.Inject;

import org.apache.james.mailbox.MailboxManager;
import org.apache.james.utils.GuiceProbe;

/** Hands James's mailbox manager to the Spring side: the web space reads a patient's secure inbox through it. */
public class MailboxesProbe implements GuiceProbe {
    private final MailboxManager mailboxes;

    @Inject
    public MailboxesProbe(MailboxManager mailboxes) {
        this.mailboxes = mailboxes;
    }

    public MailboxManager mailboxes() {
        return mailboxes;
    }
}
