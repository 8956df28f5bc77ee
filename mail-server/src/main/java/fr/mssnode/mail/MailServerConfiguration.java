package fr.mssnode.mail;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;
import org.springframework.context.annotation.Profile;

import fr.mssnode.directory.Directory;
import fr.mssnode.directory.lifecycle.MailboxLifecycle;
import fr.mssnode.directory.signin.CertificateSignIn;
import fr.mssnode.directory.signin.SignInThrottle;
import fr.mssnode.directory.DirectoryAdmin;
import fr.mssnode.directory.Patients;
import fr.mssnode.directory.extract.DirectoryImporter;
import fr.mssnode.mail.james.JamesMailServer;
import fr.mssnode.mail.mailet.DeliveryLedger;
import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.dossier.bridge.DossierBridge;
import fr.mssnode.dossier.index.DossierIndex;
import fr.mssnode.dossier.index.IndexRepair;
import fr.mssnode.mail.cluster.DossierIndexFollower;
import fr.mssnode.dossier.index.LuceneDossierIndex;
import fr.mssnode.dossier.access.AccessHistory;
import fr.mssnode.dossier.access.AccessRules;
import fr.mssnode.dossier.access.AccessStore;
import fr.mssnode.dossier.access.DossierAccess;
import fr.mssnode.dossier.access.PatientPrivacy;
import fr.mssnode.dossier.inbox.Outbox;
import fr.mssnode.dossier.inbox.PatientCopies;
import fr.mssnode.dossier.inbox.PatientNotices;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.mail.james.SpoolOutbox;
import fr.mssnode.mail.lifecycle.IdleMailboxesSweep;
import fr.mssnode.mail.oidc.TokenSignIn;
import fr.mssnode.mail.patient.HeldCopiesSweep;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceRetention;
import fr.mssnode.mail.patient.PatientConversations;
import fr.mssnode.mail.patient.PatientReplies;
import fr.mssnode.mail.submission.SubmissionRules;
import fr.mssnode.mail.smime.MailboxKeys;
import fr.mssnode.mail.smime.Smime;
import fr.mssnode.mail.smime.SmimeEnvelopes;
import fr.mssnode.mail.smime.SmimeSigner;
import fr.mssnode.mail.smime.SmimeVerifier;
import fr.mssnode.mail.smime.TestPki;
import fr.mssnode.mail.smime.TrustMaterial;
import fr.mssnode.mail.tls.TlsMaterial;

/** The embedded mail server, present unless an admin command runs (node.mail-server.enabled=false). */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "node.mail-server.enabled", havingValue = "true", matchIfMissing = true)
public class MailServerConfiguration {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailServerConfiguration.class);


    @Bean
    @Profile("demo")
    DemoData demoData(NodeProperties node, Directory directory, DirectoryAdmin admin, DirectoryImporter importer,
                      MailboxKeys keys, Certificates certificates, Patients patients) {
        return new DemoData(node, directory, admin, importer, keys, certificates, patients);
    }

    @Bean
    NodeReadyAnnouncer nodeReadyAnnouncer(NodeProperties node, TlsMaterial tls, Optional<DemoData> demo) {
        return new NodeReadyAnnouncer(node, tls, demo);
    }

    @Bean
    @DependsOn("flywayInitializer")
    DeliveryLedger deliveryLedger(DataSource dataSource) {
        return new DeliveryLedger(dataSource);
    }

    @Bean
    Smime smime(NodeProperties node, MailboxKeys keys, Certificates certificates) {
        List<Path> anchors = new ArrayList<>(paths(node.getSmime().getTrustAnchors()));
        if (node.getSmime().isTrustTestCa()) {
            anchors.add(TestPki.folder(node).resolve("ca.pem"));
            TestPki.authority(node);
        }
        TrustMaterial trust = new TrustMaterial(certificates, anchors, paths(node.getSmime().getCrls()));
        return new Smime(keys, new SmimeSigner(), new SmimeVerifier(trust, certificates), new SmimeEnvelopes(),
            certificates);
    }

    private static List<Path> paths(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(p -> !p.isEmpty()).map(Path::of).toList();
    }

    /**
     * The dossier index in var/dossier-index, repaired against the database before anything can be filed: a
     * crash between a filing's commit and the index's loses nothing.
     */
    @Bean(destroyMethod = "close")
    DossierIndex dossierIndex(NodeProperties node, DossierStore store) throws IOException, SQLException {
        LuceneDossierIndex index = LuceneDossierIndex.open(node.varPath().resolve("dossier-index"));
        try {
            IndexRepair.Report report = new IndexRepair(store, index).repair();
            LOGGER.info("Dossier index: {} documents, {} added, {} removed, {} version flags fixed at start",
                report.indexed(), report.added(), report.removed(), report.currentFixed());
        } catch (IOException | SQLException | RuntimeException e) {
            index.close();
            throw e;
        }
        return index;
    }

    /** On PostgreSQL, what other nodes on the same database change in the dossier reaches this node's index. */
    @Bean
    DossierIndexFollower dossierIndexFollower(DossierStore store, DossierIndex index, NodeProperties node) {
        return new DossierIndexFollower(store, index, NodeName.of(node), !node.embeddedDerby());
    }

    @Bean
    DossierBridge dossierBridge(DossierStore store, DossierIndex index) {
        return new DossierBridge(store, index);
    }

    @Bean
    JamesMailServer jamesMailServer(NodeProperties node, DataSource dataSource, Directory directory, TlsMaterial tls,
                                    DeliveryLedger ledger, Smime smime, DossierBridge dossier, PatientCopies patientCopies,
                                    PatientConversations conversations, SignInThrottle signIn, OperatorTrace trace,
                                    TokenSignIn tokens, CertificateSignIn certificateSignIn) {
        return new JamesMailServer(node, dataSource, directory, tls, ledger, smime, dossier, patientCopies, conversations,
            signIn, trace, tokens, certificateSignIn);
    }

    /** A patient's secure inbox for the web space, read through James's mailboxes. */
    @Bean
    fr.mssnode.mail.patient.SecureInbox secureInbox(JamesMailServer jamesMailServer) {
        return new fr.mssnode.mail.patient.SecureInbox(jamesMailServer);
    }

    /** The submission rules the web space's replies obey (the SMTP gates build theirs in James's injector). */
    @Bean
    SubmissionRules submissionRules(Directory directory, PatientConversations conversations) {
        return new SubmissionRules(directory, conversations);
    }

    /** A patient's answer from the web space, submitted like their mail client's. */
    @Bean
    PatientReplies patientReplies(JamesMailServer jamesMailServer, fr.mssnode.mail.patient.SecureInbox secureInbox,
                                  SubmissionRules rules, OperatorTrace trace) {
        return new PatientReplies(jamesMailServer, secureInbox, rules, trace);
    }

    /** Purges the operator's trace of what is older than node.trace.keep, at start and every six hours. */
    @Bean
    TraceRetention traceRetention(OperatorTrace trace, NodeProperties node) {
        return new TraceRetention(trace, node.getTrace().getKeep());
    }

    /** The dossier's letters (copies for patients, notifications) leave through the mail spool. */
    @Bean
    Outbox outbox(JamesMailServer james) {
        return new SpoolOutbox(james);
    }

    @Bean
    DossierAccess dossierAccess(DossierStore store, DossierIndex index, AccessRules rules, AccessStore access,
                                AccessHistory history, PatientNotices notices, PatientCopies copies, Outbox outbox) {
        return new DossierAccess(store, index, rules, access, history, notices, copies, outbox);
    }

    @Bean
    PatientPrivacy patientPrivacy(DossierStore store, DossierIndex index, AccessStore access, AccessHistory history,
                                  AccessRules rules, Directory directory) {
        return new PatientPrivacy(store, index, access, history, rules, directory);
    }

    /** Mailboxes nobody signs in to: their owners warned, then the mailboxes closed, looked at every node.lifecycle.sweep. */
    @Bean
    IdleMailboxesSweep idleMailboxesSweep(MailboxLifecycle lifecycle, Outbox outbox, OperatorTrace trace,
                                          NodeProperties node) {
        return new IdleMailboxesSweep(lifecycle, outbox, trace, node.getLifecycle().getSweep());
    }

    /** Held copies released (by their author or at one month) and the two-week reminders, looked at regularly. */
    @Bean
    HeldCopiesSweep heldCopiesSweep(DossierAccess access, NodeProperties node) {
        return new HeldCopiesSweep(access, node.getDossier().getPatientCopySweep());
    }
}
