package fr.mssnode.mail.james;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.apache.james.NaiveDelegationStoreModule;
import org.apache.james.modules.MailboxModule;
import org.apache.james.modules.MailetProcessingModule;
import org.apache.james.modules.mailbox.DefaultEventModule;
import org.apache.james.modules.mailbox.MemoryDeadLetterModule;
import org.apache.james.modules.protocols.IMAPServerModule;
import org.apache.james.modules.protocols.ProtocolHandlerModule;
import org.apache.james.modules.protocols.SMTPServerModule;
import org.apache.james.modules.server.DefaultProcessorsConfigurationProviderModule;
import org.apache.james.modules.server.RawPostDequeueDecoratorModule;
import org.apache.james.modules.server.TaskManagerModule;
import org.apache.james.server.core.configuration.Configuration;
import javax.sql.DataSource;

import fr.mssnode.mailbox.JpaStoreCopy;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import fr.mssnode.directory.Directory;
import fr.mssnode.directory.signin.CertificateSignIn;
import fr.mssnode.directory.signin.SignInThrottle;
import fr.mssnode.mail.NodeProperties;
import fr.mssnode.mail.imap.LiteralLimits;
import fr.mssnode.mail.oidc.TokenSignIn;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.imap.NodeImapModule;
import fr.mssnode.mail.smtp.NodeSmtpModule;
import fr.mssnode.mail.mailet.DeliveryLedger;
import fr.mssnode.dossier.bridge.DossierBridge;
import fr.mssnode.dossier.inbox.PatientCopies;
import fr.mssnode.mail.patient.PatientConversations;
import fr.mssnode.mail.smime.Smime;
import fr.mssnode.mail.tls.TlsMaterial;
import fr.mssnode.mail.smtp.SpoolPressure;

/**
 * Starts and stops the embedded Apache James server with Spring. James's own XML configuration is rendered
 * from the node's settings into var/james/conf on each start; its state lives in the database and var/james/var.
 */
public class JamesMailServer implements SmartLifecycle {
    private static final Logger LOGGER = LoggerFactory.getLogger(JamesMailServer.class);

    static {
        // Embedded: a startup failure must reach Spring (and a clear message), not call System.exit.
        System.setProperty("james.exit.on.startup.error", "false");
        // James copies a message into a temporary file past 100 KB each time it is received or replaced (the signed
        // copy): a realistic letter with its document is 50 to 150 KB. Messages up to 1 MB stay in memory.
        if (System.getProperty("james.message.memory.threshold") == null) {
            System.setProperty("james.message.memory.threshold", String.valueOf(1024 * 1024));
        }
    }

    private final NodeProperties node;
    private final Directory directory;
    private final TlsMaterial tls;
    private final DeliveryLedger ledger;
    private final Smime smime;
    private final DossierBridge dossier;
    private final PatientCopies patientCopies;
    private final PatientConversations conversations;
    private final DataSource dataSource;
    private final SignInThrottle signIn;
    private final OperatorTrace trace;
    private final TokenSignIn tokens;
    private final CertificateSignIn certificateSignIn;
    private volatile SharedSpoolBroker sharedSpool;
    private volatile GuiceJamesServer server;

    public JamesMailServer(NodeProperties node, DataSource dataSource, Directory directory, TlsMaterial tls, DeliveryLedger ledger,
                           Smime smime, DossierBridge dossier, PatientCopies patientCopies, PatientConversations conversations,
                           SignInThrottle signIn, OperatorTrace trace, TokenSignIn tokens, CertificateSignIn certificateSignIn) {
        this.dataSource = dataSource;
        this.certificateSignIn = certificateSignIn;
        this.signIn = signIn;
        this.trace = trace;
        this.tokens = tokens;
        this.patientCopies = patientCopies;
        this.conversations = conversations;
        this.smime = smime;
        this.dossier = dossier;
        this.node = node;
        this.directory = directory;
        this.tls = tls;
        this.ledger = ledger;
    }

    @Override
    public void start() {
        Path workingDirectory = node.varPath().resolve("james");
        try {
            copyJpaMailboxes();
            sharedSpool = sharedSpool(workingDirectory);
            Optional<Path> overrides = Optional.of(node.getJamesTemplates()).filter(dir -> !dir.isBlank()).map(Path::of);
            JamesConfigWriter.write(workingDirectory.resolve("conf"), templateValues(), overrides);
            Configuration configuration = Configuration.builder()
                .workingDirectory(workingDirectory.toFile())
                .configurationPath(new Configuration.ConfigurationPath("file://conf/"))
                .build();
            GuiceJamesServer candidate = GuiceJamesServer.forConfiguration(configuration)
                // Order matters: James initialises components in the order their modules bind them. The mailbox
                // event listeners (search index, quotas) must be registered before the spooler starts delivering,
                // or mail waiting in the spool at start is stored but never indexed. So the mail processing
                // modules come last.
                .combineWith(
                    new MailboxModule(),
                    new DefaultEventModule(),
                    new MemoryDeadLetterModule(),
                    new JpaDataModule(OpenJpaSettings.from(node)),
                    new MailboxStoreModule(),
                    new TaskManagerModule(),
                    new NaiveDelegationStoreModule(),
                    new DurableSpoolModule(sharedSpool),
                    new ProtocolHandlerModule(),
                    new SMTPServerModule(),
                    new IMAPServerModule(),
                    new DefaultProcessorsConfigurationProviderModule(),
                    new RawPostDequeueDecoratorModule(),
                    new MailetProcessingModule())
                .overrideWith(new NodeBridgeModule(dataSource, directory, ledger, smime, dossier, new SpoolPressure.Limits(
                    java.time.Duration.ofSeconds(node.getBackPressure().getVisibilityTargetSeconds()),
                    node.getBackPressure().getMinimumDepth()), patientCopies, conversations, signIn, trace, tokens,
                    certificateSignIn),
                    new NodeImapModule(new LiteralLimits(node.getMaxMessageSizeKb() == 0 ? Long.MAX_VALUE
                        : node.getMaxMessageSizeKb() * 1024L, LiteralLimits.OTHER_DEFAULT)), new NodeSmtpModule());
            try {
                candidate.start();
            } catch (Throwable e) {
                // Release what did start (listeners, index lock, broker) so the process can exit or retry cleanly.
                candidate.stop();
                stopSharedSpool();
                throw e;
            }
            server = candidate;
        } catch (Throwable e) {
            LOGGER.error("The mail server could not start", e);
            throw new IllegalStateException("The mail server could not start: " + rootMessage(e), e);
        }
    }

    /** This node's broker of the shared spool (node.cluster.enabled), started; null for the single-node spool. */
    private SharedSpoolBroker sharedSpool(Path workingDirectory) throws Exception {
        NodeProperties.Cluster cluster = node.getCluster();
        if (!cluster.isEnabled()) {
            return null;
        }
        if (node.embeddedDerby()) {
            throw new IllegalStateException("node.cluster.enabled needs the nodes' shared PostgreSQL (node.database.url): "
                + "embedded Derby belongs to one process");
        }
        String nodeId = fr.mssnode.mail.NodeName.of(node);
        SharedSpoolBroker broker = new SharedSpoolBroker(nodeId, node.getBindAddress(), cluster.getBrokerPort(),
            SharedSpoolBroker.brokers(cluster.getBrokers()), cluster.getSecret(), dataSource,
            workingDirectory.resolve("shared-spool"));
        broker.start();
        LOGGER.info("Shared spool: broker {} on port {} (master when it holds the store's lock); spool clients use {}",
            nodeId, cluster.getBrokerPort(), cluster.getBrokers());
        return broker;
    }

    private void stopSharedSpool() {
        SharedSpoolBroker broker = sharedSpool;
        sharedSpool = null;
        if (broker != null) {
            try {
                broker.stop();
            } catch (Exception e) {
                LOGGER.warn("The shared spool's broker did not stop cleanly: {}", e.toString());
            }
        }
    }

    /** Whether the spool is shared with other nodes (node.cluster.enabled). */
    public boolean sharedSpool() {
        return sharedSpool != null;
    }

    /** Whether this node's broker serves the shared spool now (always false for the single-node spool). */
    public boolean sharedSpoolMaster() {
        SharedSpoolBroker broker = sharedSpool;
        return broker != null && broker.isMaster();
    }

    /** A node that ran James's JPA mailbox store keeps its mail: it is copied into the node's store before James starts. */
    private void copyJpaMailboxes() throws java.sql.SQLException {
        JpaStoreCopy copy = new JpaStoreCopy(dataSource);
        if (copy.needed()) {
            LOGGER.info("Copying the mailboxes of James's JPA store into the node's mailbox store (once; resumable)");
            JpaStoreCopy.Result result = copy.copy(LOGGER::info);
            LOGGER.info("Copied {} mailboxes, {} messages, {} subscriptions, {} annotations", result.mailboxes(),
                result.messages(), result.subscriptions(), result.annotations());
            result.skipped().forEach(skipped -> LOGGER.warn("Not copied: {}", skipped));
        }
    }

    @Override
    public void stop() {
        GuiceJamesServer running = server;
        server = null;
        if (running != null) {
            try {
                running.getProbe(SpoolDrain.class).drain(STOP_PATIENCE);
            } catch (RuntimeException e) {
                LOGGER.warn("Could not drain the spool before stopping: {}", e.toString());
            }
            running.stop();
        }
        stopSharedSpool();
    }

    /** How long a stop waits for the messages in processing (the rest stays in the spool for the next start). */
    private static final java.time.Duration STOP_PATIENCE = java.time.Duration.ofSeconds(6);

    @Override
    public boolean isRunning() {
        return server != null;
    }

    /** Stops after (and starts before) nothing else in particular; stop is given time to flush the spool. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 100;
    }

    public GuiceJamesServer server() {
        return server;
    }

    private Map<String, String> templateValues() {
        Map<String, String> values = new HashMap<>();
        values.put("bindAddress", node.getBindAddress());
        values.put("smimeRemoteUnsigned", policy(node.getSmime().getRemoteUnsigned(), "refuse", "quarantine", "mark"));
        values.put("smimeInvalid", policy(node.getSmime().getInvalid(), "refuse", "quarantine"));
        values.put("smimeEncryptRemote", String.valueOf(node.getSmime().isEncryptRemote()));
        values.put("smtpPort", String.valueOf(node.getPorts().getSmtp()));
        values.put("submissionPort", String.valueOf(node.getPorts().getSubmission()));
        values.put("imapPort", String.valueOf(node.getPorts().getImap()));
        values.put("imapsPort", String.valueOf(node.getPorts().getImaps()));
        values.put("hostname", node.getHostname());
        values.put("domain", node.getDomain());
        values.put("patientDomain", node.patientDomain());
        values.put("tlsCertificate", TlsMaterial.jamesUrl(tls.certificate()));
        values.put("tlsPrivateKey", TlsMaterial.jamesUrl(tls.privateKey()));
        values.put("maxMessageSizeKb", String.valueOf(node.getMaxMessageSizeKb()));
        values.put("certificateSignIn", String.valueOf(node.getSignIn().isClientCertificates()));
        values.put("maxRecipients", String.valueOf(node.getMaxRecipients()));
        NodeProperties.Limits limits = node.getLimits();
        values.put("operatorConnectionsPerAddress", String.valueOf(limits.getOperatorConnectionsPerAddress()));
        values.put("submissionConnectionsPerAddress", String.valueOf(limits.getSubmissionConnectionsPerAddress()));
        values.put("imapConnectionsPerAddress", String.valueOf(limits.getImapConnectionsPerAddress()));
        values.put("exemptNetworks", limits.getExemptNetworks());
        values.put("lineDeadlineSeconds", String.valueOf(Math.max(1, limits.getLineDeadline().toSeconds())));
        values.put("spoolerThreads", String.valueOf(node.getSpoolerThreads()));
        NodeProperties.RemoteDelivery remote = node.getRemoteDelivery();
        values.put("remoteDelays", remote.getDelays());
        values.put("remoteMaxRetries", String.valueOf(remote.getMaxRetries()));
        values.put("remoteTlsParameters", RemoteTlsParameters.xml(remote));
        return values;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static String policy(String value, String... allowed) {
        String wanted = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
        if (!java.util.List.of(allowed).contains(wanted)) {
            throw new IllegalStateException("S/MIME policy '" + value + "' is not one of " + String.join(", ", allowed) + ".");
        }
        return wanted;
    }
}
