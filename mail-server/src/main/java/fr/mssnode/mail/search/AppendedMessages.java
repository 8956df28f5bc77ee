package fr.mssnode.mail.search;

import java.time.Duration;
import java.util.Optional;

import javax.inject.Singleton;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;

/**
 * The messages just written to a mailbox, kept from the store's append until the index has read them, so that the
 * index reads the message in hand instead of loading it back from the database. An entry whose append was rolled
 * back (the index never asks for it) is dropped after a minute; an entry that is missing (a copy, a move, another
 * node) makes the index load the message from the store as before.
 */
@Singleton
public class AppendedMessages {
    private final Cache<String, MailboxMessage> messages = CacheBuilder.newBuilder()
        .maximumSize(2_000)
        .expireAfterWrite(Duration.ofMinutes(1))
        .build();

    public void remember(MailboxId mailbox, MailboxMessage message) {
        messages.put(key(mailbox, message.getUid()), message);
    }

    /** The message appended with this UID, once: the entry is gone after this call. */
    public Optional<MailboxMessage> take(MailboxId mailbox, MessageUid uid) {
        return Optional.ofNullable(messages.asMap().remove(key(mailbox, uid)));
    }

    private static String key(MailboxId mailbox, MessageUid uid) {
        return mailbox.serialize() + '/' + uid.asLong();
    }
}
