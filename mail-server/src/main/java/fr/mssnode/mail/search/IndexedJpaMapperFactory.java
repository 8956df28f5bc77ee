package fr.mssnode.mail.search;

import javax.inject.Inject;
import javax.persistence.EntityManagerFactory;

import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.jpa.JPAMailboxSessionMapperFactory;
import org.apache.james.mailbox.jpa.mail.JPAMessageMapper;
import org.apache.james.mailbox.jpa.mail.JPAModSeqProvider;
import org.apache.james.mailbox.jpa.mail.JPAUidProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

import fr.mssnode.mail.james.RetriedOnConflict;

/**
 * James's JPA mappers, whose message mapper hands every message it appends to the search index's waiting room and
 * runs a transaction again when it lost a lock conflict with another session's ({@link RetriedOnConflict}).
 */
public class IndexedJpaMapperFactory extends JPAMailboxSessionMapperFactory {
    private final EntityManagerFactory entityManagerFactory;
    private final JPAUidProvider uidProvider;
    private final JPAModSeqProvider modSeqProvider;
    private final AppendedMessages appended;

    @Inject
    public IndexedJpaMapperFactory(EntityManagerFactory entityManagerFactory, JPAUidProvider uidProvider,
                                   JPAModSeqProvider modSeqProvider, AppendedMessages appended) {
        super(entityManagerFactory, uidProvider, modSeqProvider);
        this.entityManagerFactory = entityManagerFactory;
        this.uidProvider = uidProvider;
        this.modSeqProvider = modSeqProvider;
        this.appended = appended;
    }

    @Override
    public MessageMapper createMessageMapper(MailboxSession session) {
        return RetriedOnConflict.messages(new JPAMessageMapper(uidProvider, modSeqProvider, entityManagerFactory) {
            @Override
            public MessageMetaData add(Mailbox mailbox, MailboxMessage message) throws MailboxException {
                MessageMetaData added = super.add(mailbox, message);
                appended.remember(mailbox.getMailboxId(), message);
                return added;
            }
        });
    }
}
