package fr.mssnode.mail.james;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import javax.jms.ConnectionFactory;
import javax.sql.DataSource;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQPrefetchPolicy;
import org.apache.activemq.RedeliveryPolicy;
import org.apache.activemq.broker.Broker;
import org.apache.activemq.broker.BrokerFilter;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.plugin.StatisticsBrokerPlugin;
import org.apache.activemq.security.AuthenticationUser;
import org.apache.activemq.security.SimpleAuthenticationPlugin;
import org.apache.activemq.store.jdbc.DefaultDatabaseLocker;
import org.apache.activemq.store.jdbc.JDBCPersistenceAdapter;
import org.apache.activemq.store.jdbc.adapter.PostgresqlJDBCAdapter;

/**
 * The spool of a node among several ({@code node.cluster.*}): an ActiveMQ broker whose store is in the shared
 * PostgreSQL (tables {@code activemq_*}). Every node runs one; the one that holds the store's lock (a row lock on
 * {@code activemq_lock}, held by an open transaction) is the master and serves the spool of all nodes, the others
 * wait on that lock. When the master's process dies, PostgreSQL ends its transaction and another broker takes the
 * lock, loads the store and opens its port; the nodes' spool clients reconnect to it (failover transport). A
 * message answered {@code 250} is a committed row: whichever node accepted it, the new master hands it out again.
 * The brokers accept only clients that give the cluster's secret.
 */
public final class SharedSpoolBroker {
    private static final org.slf4j.Logger LOGGER = org.slf4j.LoggerFactory.getLogger(SharedSpoolBroker.class);
    static final String USER = "mss-node";

    private final String nodeId;
    private final String bindAddress;
    private final int port;
    private final List<String> brokers;
    private final String secret;
    private final DataSource store;
    private final Path dataDirectory;
    private BrokerService broker;

    /**
     * @param brokers every node's broker, host:port
     * @param store   connections to the shared PostgreSQL, on the node's schema
     */
    public SharedSpoolBroker(String nodeId, String bindAddress, int port, List<String> brokers, String secret,
                             DataSource store, Path dataDirectory) {
        if (secret.isBlank()) {
            throw new IllegalArgumentException("node.cluster.secret must be set when node.cluster.enabled is true: "
                + "the brokers refuse clients without it");
        }
        this.nodeId = nodeId;
        this.bindAddress = bindAddress;
        this.port = port;
        this.brokers = brokers.isEmpty() ? List.of(advertised(bindAddress) + ":" + port) : brokers;
        this.secret = secret;
        this.store = store;
        this.dataDirectory = dataDirectory;
    }

    /** Comma-separated host:port list, blanks ignored. */
    public static List<String> brokers(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(entry -> !entry.isEmpty()).toList();
    }

    /**
     * Starts this node's broker without waiting for the lock: it opens its port only once it is the master.
     */
    public synchronized void start() throws Exception {
        BrokerService service = new BrokerService();
        service.setBrokerName("mss-" + nodeId);
        service.setPersistent(true);
        service.setUseJmx(false);
        service.setUseShutdownHook(false);
        // James delays retries with a message selector, not the broker's scheduler (which would keep files here).
        service.setSchedulerSupport(false);
        service.setDataDirectoryFile(dataDirectory.toFile());
        service.setEnableStatistics(true);
        SimpleAuthenticationPlugin authentication = new SimpleAuthenticationPlugin(
            List.of(new AuthenticationUser(USER, secret, "nodes")));
        authentication.setAnonymousAccessAllowed(false);
        service.setPlugins(new BrokerPlugin[] {authentication, new StatisticsBrokerPlugin(), this::openPortWhenMaster});

        JDBCPersistenceAdapter persistence = new JDBCPersistenceAdapter();
        // The data source before the locker: the locker takes the adapter's data source when it is set.
        persistence.setDataSource(store);
        persistence.setAdapter(new PostgresqlJDBCAdapter());
        persistence.setCreateTablesOnStartup(false);
        persistence.setLockKeepAlivePeriod(5_000);
        DefaultDatabaseLocker locker = new DefaultDatabaseLocker();
        locker.setLockAcquireSleepInterval(1_000);
        persistence.setLocker(locker);
        service.setPersistenceAdapter(persistence);

        service.setStartAsync(true);
        service.start();
        broker = service;
    }

    /**
     * The broker's port opens once it holds the lock, not before: ActiveMQ binds a connector as soon as it is
     * added, and a waiting broker would accept the spool clients' connections without ever answering them (the
     * failover client would wait on it instead of trying the master).
     */
    private Broker openPortWhenMaster(Broker next) {
        return new BrokerFilter(next) {
            @Override
            public void nowMasterBroker() {
                super.nowMasterBroker();
                BrokerService service = getBrokerService();
                try {
                    service.startTransportConnector(service.addConnector("tcp://" + bindAddress + ":" + port));
                    LOGGER.info("This node's broker holds the shared spool now; its port {} is open", port);
                } catch (Exception e) {
                    LOGGER.error("This node's broker holds the shared spool but cannot open its port {}: stopping it", port, e);
                    try {
                        service.stop();
                    } catch (Exception stopping) {
                        LOGGER.warn("Could not stop the broker: {}", stopping.toString());
                    }
                }
            }
        };
    }

    /** Whether this node's broker holds the lock and serves the spool. */
    public synchronized boolean isMaster() {
        return broker != null && broker.isStarted() && !broker.isSlave();
    }

    /** The spool's clients on this node: whichever broker is the master, reconnecting when it changes. */
    public ConnectionFactory clients() {
        String failover = brokers.stream().map(address -> "tcp://" + address).collect(Collectors.joining(","));
        // randomize=false: every node goes to the first broker that answers, the master. timeout: a send waits at
        // most that long for a master (SMTP then answers with a temporary failure instead of hanging).
        ActiveMQConnectionFactory factory = new ActiveMQConnectionFactory(USER, secret, "failover:(" + failover
            + ")?randomize=false&initialReconnectDelay=100&maxReconnectDelay=1000&timeout=30000");
        ActiveMQPrefetchPolicy prefetch = new ActiveMQPrefetchPolicy();
        prefetch.setQueuePrefetch(0);
        prefetch.setTopicPrefetch(0);
        factory.setPrefetchPolicy(prefetch);
        factory.setTrustAllPackages(false);
        RedeliveryPolicy redelivery = new RedeliveryPolicy();
        // A message rolled back by a failover is handed out again however many times it happens, never parked in
        // a dead letter queue that nothing reads.
        redelivery.setMaximumRedeliveries(RedeliveryPolicy.NO_MAXIMUM_REDELIVERIES);
        factory.setRedeliveryPolicy(redelivery);
        return factory;
    }

    public synchronized void stop() throws Exception {
        if (broker != null) {
            broker.stop();
            broker.waitUntilStopped();
            broker = null;
        }
    }

    private static String advertised(String bindAddress) {
        return bindAddress.equals("0.0.0.0") || bindAddress.equals("::") ? "127.0.0.1" : bindAddress;
    }
}
