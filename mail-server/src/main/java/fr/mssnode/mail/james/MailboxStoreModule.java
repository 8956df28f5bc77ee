package fr.mssnode.mail.james;


import java.time.Clock;

import javax.inject.Singleton;
import javax.sql.DataSource;

import org.apache.james.adapter.mailbox.UserRepositoryAuthenticator;
import org.apache.james.adapter.mailbox.UserRepositoryAuthorizator;
import org.apache.james.events.EventListener;
import org.apache.james.mailbox.AttachmentContentLoader;
import org.apache.james.mailbox.Authenticator;
import org.apache.james.mailbox.Authorizator;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxPathLocker;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.SubscriptionManager;
import org.apache.james.mailbox.acl.MailboxACLResolver;
import org.apache.james.mailbox.acl.UnionMailboxACLResolver;
import org.apache.james.mailbox.indexer.ReIndexer;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.quota.MaxQuotaManager;
import org.apache.james.mailbox.quota.QuotaManager;
import org.apache.james.mailbox.quota.QuotaRootDeserializer;
import org.apache.james.mailbox.quota.QuotaRootResolver;
import org.apache.james.mailbox.quota.UserQuotaRootResolver;
import org.apache.james.mailbox.store.JVMMailboxPathLocker;
import org.apache.james.mailbox.store.MailboxManagerConfiguration;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.SessionProviderImpl;
import org.apache.james.mailbox.store.StoreMailboxManager;
import org.apache.james.mailbox.store.StoreSubscriptionManager;
import org.apache.james.mailbox.store.event.MailboxAnnotationListener;
import org.apache.james.mailbox.store.mail.MailboxMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapperFactory;
import org.apache.james.mailbox.store.mail.NaiveThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.ThreadIdGuessingAlgorithm;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.quota.DefaultUserQuotaRootResolver;
import org.apache.james.mailbox.store.quota.NoMaxQuotaManager;
import org.apache.james.mailbox.store.quota.NoQuotaManager;
import org.apache.james.mailbox.store.quota.NoQuotaUpdater;
import org.apache.james.mailbox.store.quota.QuotaUpdater;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.james.mailbox.store.search.MessageSearchIndex;
import org.apache.james.mailbox.store.user.SubscriptionMapperFactory;
import org.apache.james.modules.mailbox.ReIndexingTaskSerializationModule;
import org.apache.james.utils.MailboxManagerDefinition;
import org.apache.mailbox.tools.indexer.ReIndexerImpl;

import com.google.inject.AbstractModule;
import com.google.inject.Inject;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.Multibinder;

import fr.mssnode.mail.trace.TraceDeletions;
import com.google.inject.name.Names;

import fr.mssnode.mail.search.AppendedMessages;
import fr.mssnode.mail.search.MailboxIndexStore;
import fr.mssnode.mail.search.NodeMessageSearchIndex;
import fr.mssnode.mailbox.JdbcMailboxManager;
import fr.mssnode.mailbox.JdbcMapperFactory;
import fr.mssnode.mailbox.StoreMailboxId;

/**
 * Mailboxes in the node's own store ({@code fr.mssnode.mailbox}: James's mailbox mappers on plain JDBC, over the
 * node's connection pool), without storage quotas, and the node's own mailbox search index (fed at append from the
 * message in hand).
 */
public class MailboxStoreModule extends AbstractModule {

    @Override
    protected void configure() {
        bindMailboxStore();
        bindQuotas();
        bindSearch();
    }

    private void bindMailboxStore() {
        bind(MailboxSessionMapperFactory.class).to(JdbcMapperFactory.class);
        bind(MessageMapperFactory.class).to(JdbcMapperFactory.class);
        bind(MailboxMapperFactory.class).to(JdbcMapperFactory.class);
        bind(SubscriptionMapperFactory.class).to(JdbcMapperFactory.class);

        bind(JdbcMailboxManager.class).in(Scopes.SINGLETON);
        bind(MailboxManager.class).to(JdbcMailboxManager.class);
        bind(StoreMailboxManager.class).to(JdbcMailboxManager.class);
        bind(MailboxManager.class).annotatedWith(Names.named("mailboxmanager")).to(MailboxManager.class);
        bind(MailboxManagerConfiguration.class).toInstance(MailboxManagerConfiguration.DEFAULT);
        Multibinder.newSetBinder(binder(), MailboxManagerDefinition.class).addBinding().to(StoreMailboxManagerDefinition.class);

        bind(JVMMailboxPathLocker.class).in(Scopes.SINGLETON);
        bind(MailboxPathLocker.class).to(JVMMailboxPathLocker.class);
        bind(StoreSubscriptionManager.class).in(Scopes.SINGLETON);
        bind(SubscriptionManager.class).to(StoreSubscriptionManager.class);
        bind(SessionProviderImpl.class).in(Scopes.SINGLETON);
        bind(SessionProvider.class).to(SessionProviderImpl.class);

        bind(UserRepositoryAuthenticator.class).in(Scopes.SINGLETON);
        bind(Authenticator.class).to(UserRepositoryAuthenticator.class);
        bind(UserRepositoryAuthorizator.class).in(Scopes.SINGLETON);
        bind(Authorizator.class).to(UserRepositoryAuthorizator.class);
        bind(UnionMailboxACLResolver.class).in(Scopes.SINGLETON);
        bind(MailboxACLResolver.class).to(UnionMailboxACLResolver.class);

        bind(MailboxId.Factory.class).to(StoreMailboxId.Factory.class).in(Scopes.SINGLETON);
        bind(DefaultMessageId.Factory.class).in(Scopes.SINGLETON);
        bind(MessageId.Factory.class).to(DefaultMessageId.Factory.class);
        bind(NaiveThreadIdGuessingAlgorithm.class).in(Scopes.SINGLETON);
        bind(ThreadIdGuessingAlgorithm.class).to(NaiveThreadIdGuessingAlgorithm.class);
        // A message's attachments stay inside its bytes: none is loaded on its own.
        bind(AttachmentContentLoader.class).toInstance((attachment, session) -> {
            throw new UnsupportedOperationException("Attachments are read from their message, not on their own");
        });

        Multibinder<EventListener.GroupEventListener> listeners =
            Multibinder.newSetBinder(binder(), EventListener.GroupEventListener.class);
        listeners.addBinding().to(MailboxAnnotationListener.class);
        // Messages removed from mailboxes, in the operator's trace.
        listeners.addBinding().to(TraceDeletions.class);
    }

    /** The store over the node's pool; each message it stores is handed to the search index as it is. */
    @Provides
    @Singleton
    JdbcMapperFactory mappers(DataSource dataSource, Clock clock, AppendedMessages appended) {
        return new JdbcMapperFactory(dataSource, clock, (mailbox, message) -> appended.remember(mailbox.getMailboxId(), message));
    }

    /**
     * No storage quotas yet: James's JPA quotas cost about ten queries and a transaction per delivered message
     * (measured: 5-8% of the node's CPU under load) for limits nobody has asked for. IMAP reports unlimited.
     */
    private void bindQuotas() {
        bind(DefaultUserQuotaRootResolver.class).in(Scopes.SINGLETON);
        bind(UserQuotaRootResolver.class).to(DefaultUserQuotaRootResolver.class);
        bind(QuotaRootResolver.class).to(DefaultUserQuotaRootResolver.class);
        bind(QuotaRootDeserializer.class).to(DefaultUserQuotaRootResolver.class);
        bind(MaxQuotaManager.class).to(NoMaxQuotaManager.class).in(Scopes.SINGLETON);
        bind(QuotaManager.class).to(NoQuotaManager.class).in(Scopes.SINGLETON);
        bind(QuotaUpdater.class).to(NoQuotaUpdater.class).in(Scopes.SINGLETON);
    }

    private void bindSearch() {
        install(new ReIndexingTaskSerializationModule());
        bind(ReIndexerImpl.class).in(Scopes.SINGLETON);
        bind(ReIndexer.class).to(ReIndexerImpl.class);
        bind(AppendedMessages.class).in(Scopes.SINGLETON);
        bind(MailboxIndexStore.class).in(Scopes.SINGLETON);
        bind(NodeMessageSearchIndex.class).in(Scopes.SINGLETON);
        bind(MessageSearchIndex.class).to(NodeMessageSearchIndex.class);
        bind(ListeningMessageSearchIndex.class).to(NodeMessageSearchIndex.class);
        Multibinder.newSetBinder(binder(), EventListener.ReactiveGroupEventListener.class)
            .addBinding().to(NodeMessageSearchIndex.class);
    }

    @Singleton
    static class StoreMailboxManagerDefinition extends MailboxManagerDefinition {
        @Inject
        StoreMailboxManagerDefinition(JdbcMailboxManager manager) {
            super("jdbc-mailboxmanager", manager);
        }
    }
}
