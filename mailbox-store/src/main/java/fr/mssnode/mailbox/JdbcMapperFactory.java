package fr.mssnode.mailbox;

import java.time.Clock;

import javax.sql.DataSource;

import org.apache.commons.lang3.NotImplementedException;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.AnnotationMapper;
import org.apache.james.mailbox.store.mail.MailboxMapper;
import org.apache.james.mailbox.store.mail.MessageIdMapper;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.ModSeqProvider;
import org.apache.james.mailbox.store.mail.UidProvider;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.user.SubscriptionMapper;

/**
 * James's mailbox mappers on plain JDBC, over the node's connection pool: mailboxes, messages, subscriptions and
 * annotations. Messages have no global id (as in James's JPA store: JMAP's message-id mapper is not provided).
 */
public class JdbcMapperFactory extends MailboxSessionMapperFactory {

    /** Told of each message once it is stored, from the message in hand. */
    @FunctionalInterface
    public interface AppendListener {
        void stored(Mailbox mailbox, MailboxMessage message);
    }

    private final StoreDatabase database;
    private final MailboxSequences sequences;
    private final Clock clock;
    private final AppendListener appended;

    public JdbcMapperFactory(DataSource dataSource, Clock clock, AppendListener appended) {
        this.database = new StoreDatabase(dataSource);
        this.sequences = new MailboxSequences(database);
        this.clock = clock;
        this.appended = appended;
    }

    public StoreDatabase database() {
        return database;
    }

    @Override
    public MailboxMapper createMailboxMapper(MailboxSession session) {
        return new JdbcMailboxMapper(database);
    }

    @Override
    public MessageMapper createMessageMapper(MailboxSession session) {
        return new JdbcMessageMapper(database, clock, appended::stored);
    }

    @Override
    public MessageIdMapper createMessageIdMapper(MailboxSession session) {
        throw new NotImplementedException("Messages have no global id in this store");
    }

    @Override
    public SubscriptionMapper createSubscriptionMapper(MailboxSession session) {
        return new JdbcSubscriptionMapper(database);
    }

    @Override
    public AnnotationMapper createAnnotationMapper(MailboxSession session) {
        return new JdbcAnnotationMapper(database);
    }

    @Override
    public UidProvider getUidProvider() {
        return sequences;
    }

    @Override
    public ModSeqProvider getModSeqProvider() {
        return sequences;
    }
}
