package fr.mssnode.mailbox;

import java.time.Clock;
import java.util.EnumSet;

import javax.inject.Inject;

import org.apache.james.events.EventBus;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.store.MailboxManagerConfiguration;
import org.apache.james.mailbox.store.PreDeletionHooks;
import org.apache.james.mailbox.store.StoreMailboxAnnotationManager;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.StoreMessageManager;
import org.apache.james.mailbox.store.StoreRightManager;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.model.impl.MessageParser;
import org.apache.james.mailbox.store.quota.QuotaComponents;
import org.apache.james.mailbox.store.search.MessageSearchIndex;

/**
 * James's store-backed mailbox manager over {@link JdbcMapperFactory}, with the capabilities James's JPA store had
 * (keywords, namespaces, MOVE, METADATA annotations).
 */
public class JdbcMailboxManager extends StoreMailboxManager {
    private static final EnumSet<MailboxCapabilities> CAPABILITIES = EnumSet.of(MailboxCapabilities.UserFlag,
        MailboxCapabilities.Namespace, MailboxCapabilities.Move, MailboxCapabilities.Annotation);

    @Inject
    public JdbcMailboxManager(JdbcMapperFactory mappers, SessionProvider sessionProvider, MailboxPathLocker locker,
                              MessageParser messageParser, MessageId.Factory messageIdFactory, EventBus eventBus,
                              StoreMailboxAnnotationManager annotationManager, StoreRightManager storeRightManager,
                              QuotaComponents quotaComponents, MessageSearchIndex index,
                              ThreadIdGuessingAlgorithm threadIdGuessingAlgorithm, Clock clock) {
        super(mappers, sessionProvider, locker, messageParser, messageIdFactory, annotationManager, eventBus,
            storeRightManager, quotaComponents, index, MailboxManagerConfiguration.DEFAULT, PreDeletionHooks.NO_PRE_DELETION_HOOK,
            threadIdGuessingAlgorithm, clock);
    }

    @Override
    protected StoreMessageManager createMessageManager(Mailbox mailbox, org.apache.james.mailbox.MailboxSession session) {
        return new JdbcMessageManager(getMapperFactory(), getMessageSearchIndex(), getEventBus(), getLocker(), mailbox,
            getQuotaComponents(), getMessageIdFactory(), configuration.getBatchSizes(), getStoreRightManager(),
            getThreadIdGuessingAlgorithm(), getClock());
    }

    @Override
    public EnumSet<MailboxCapabilities> getSupportedMailboxCapabilities() {
        return CAPABILITIES;
    }
}
