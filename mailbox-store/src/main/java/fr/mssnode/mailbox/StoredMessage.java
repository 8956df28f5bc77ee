package fr.mssnode.mailbox;

import java.util.Date;
import java.util.List;
import java.util.Optional;

import javax.mail.Flags;

import org.apache.james.mailbox.model.Content;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.ThreadId;
import org.apache.james.mailbox.store.mail.model.impl.Properties;
import org.apache.james.mailbox.store.mail.model.impl.SimpleMailboxMessage;

/**
 * A message as read from the store. It knows the row it came from, so that a copy or a move is done by the
 * database (INSERT ... SELECT) without its bytes passing through the node.
 */
final class StoredMessage extends SimpleMailboxMessage {
    private final long storedMailbox;
    private final long storedUid;

    StoredMessage(MessageId messageId, Date internalDate, long size, int bodyStart, Content content, Flags flags,
                  Properties properties, MailboxId mailboxId, long uid, Optional<Date> saveDate) {
        super(messageId, ThreadId.fromBaseMessageId(messageId), internalDate, size, bodyStart, content, flags, properties,
            mailboxId, List.of(), saveDate);
        this.storedMailbox = StoreMailboxId.of(mailboxId);
        this.storedUid = uid;
    }

    long storedMailbox() {
        return storedMailbox;
    }

    long storedUid() {
        return storedUid;
    }
}
