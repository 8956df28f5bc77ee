package fr.mssnode.mail.search;

import java.util.Iterator;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

/**
 * A mailbox's messages with their bytes, read {@value #PAGE} at a time in UID order: a rebuild of the index after a
 * crash, or a copy of a whole folder, never holds more than a page of messages in memory (a mailbox of 50,000
 * messages with their documents is several GB).
 */
final class MessagePages {
    static final int PAGE = 100;

    @FunctionalInterface
    interface Each {
        void accept(MailboxMessage message);
    }

    private MessagePages() {
    }

    static int forEach(MessageMapper messages, Mailbox mailbox, MessageRange range, Each each) throws MailboxException {
        MessageUid from = range.getUidFrom();
        MessageUid to = range.getUidTo();
        int count = 0;
        while (true) {
            Iterator<MailboxMessage> page = messages.findInMailbox(mailbox, MessageRange.range(from, to),
                MessageMapper.FetchType.FULL, PAGE);
            int read = 0;
            MessageUid last = null;
            while (page.hasNext()) {
                MailboxMessage message = page.next();
                each.accept(message);
                last = message.getUid();
                read++;
            }
            count += read;
            if (read < PAGE || last.equals(to)) {
                return count;
            }
            from = last.next();
        }
    }
}
