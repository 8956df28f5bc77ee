package fr.mssnode.mail.james;

import javax.inject.Inject;
import javax.inject.Provider;
import javax.inject.Singleton;
import javax.jms.ConnectionFactory;

import org.apache.activemq.store.PersistenceAdapter;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQConfiguration;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.EmbeddedActiveMQ;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorImpl;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The mail spool, so that a message answered with 250 survives a crash and is delivered after restart. One node:
 * an embedded ActiveMQ broker persisting to KahaDB under var/. Several nodes ({@link SharedSpoolBroker}): the
 * brokers' store is in the shared PostgreSQL, and the mail itself travels in the message (no file on a node's
 * disk that another node could not read).
 */
public class DurableSpoolModule extends AbstractModule {
    private final SharedSpoolBroker shared;

    /** The single-node spool. */
    public DurableSpoolModule() {
        this(null);
    }

    /** @param shared the node's broker among several, or null for the single-node spool */
    public DurableSpoolModule(SharedSpoolBroker shared) {
        this.shared = shared;
    }

    @Override
    protected void configure() {
        bind(ActiveMQMetricCollectorImpl.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollector.class).to(ActiveMQMetricCollectorImpl.class);
        bind(ActiveMQConfiguration.class).toInstance(ActiveMQConfiguration.getDefault());
        bind(OtherNodes.class).toInstance(new OtherNodes(shared != null));
        if (shared == null) {
            bind(KahaDBPersistenceAdapter.class).in(Scopes.SINGLETON);
            bind(PersistenceAdapter.class).to(KahaDBPersistenceAdapter.class);
            bind(EmbeddedActiveMQ.class).in(Scopes.SINGLETON);
            bind(ConnectionFactory.class).toProvider(EmbeddedBrokerClients.class).in(Scopes.SINGLETON);
            bind(ActiveMQMailQueueFactory.class).in(Scopes.SINGLETON);
        } else {
            bind(ConnectionFactory.class).toInstance(shared.clients());
            bind(ActiveMQMailQueueFactory.class).toProvider(SharedBrokerQueues.class).in(Scopes.SINGLETON);
        }
    }

    private static final class EmbeddedBrokerClients implements Provider<ConnectionFactory> {
        private final EmbeddedActiveMQ broker;

        @Inject
        EmbeddedBrokerClients(EmbeddedActiveMQ broker) {
            this.broker = broker;
        }

        @Override
        public ConnectionFactory get() {
            return broker.getConnectionFactory();
        }
    }

    /** James's ActiveMQ queues on the shared broker, the mail in the message itself (no blob file on local disk). */
    private static final class SharedBrokerQueues implements Provider<ActiveMQMailQueueFactory> {
        private final ActiveMQMailQueueFactory factory;

        @Inject
        SharedBrokerQueues(ConnectionFactory clients, MailQueueItemDecoratorFactory decorators, MetricFactory metrics,
                           GaugeRegistry gauges, ActiveMQMetricCollector collector) {
            factory = new ActiveMQMailQueueFactory(clients, decorators, metrics, gauges, collector);
            factory.setUseBlobMessages(false);
        }

        @Override
        public ActiveMQMailQueueFactory get() {
            return factory;
        }
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends ManageableMailQueue> manageableQueues(ActiveMQMailQueueFactory factory) {
        factory.setUseJMX(false);
        factory.init();
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<?> queues(MailQueueFactory<? extends ManageableMailQueue> factory) {
        return factory;
    }

    @Provides
    @Singleton
    MailQueueFactory<? extends MailQueue> plainQueues(MailQueueFactory<? extends ManageableMailQueue> factory) {
        return factory;
    }

    @ProvidesIntoSet
    InitializationOperation startMetrics(ActiveMQMetricCollector collector) {
        return InitilizationOperationBuilder.forClass(ActiveMQMetricCollector.class).init(collector::start);
    }
}
