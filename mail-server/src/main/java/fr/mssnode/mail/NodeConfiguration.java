package fr.mssnode.mail;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.DependsOn;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import fr.mssnode.directory.Directory;
import fr.mssnode.directory.DirectoryAdmin;
import fr.mssnode.directory.CachingDirectory;
import fr.mssnode.directory.DirectorySearch;
import fr.mssnode.directory.JdbcDirectory;
import fr.mssnode.directory.Patients;
import fr.mssnode.directory.lifecycle.MailboxLifecycle;
import fr.mssnode.directory.signin.CertificateSignIn;
import fr.mssnode.directory.signin.SignInThrottle;
import fr.mssnode.mail.oidc.AccessTokens;
import fr.mssnode.mail.oidc.TokenSignIn;
import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.dossier.access.AccessHistory;
import fr.mssnode.dossier.access.AccessRules;
import fr.mssnode.dossier.access.AccessStore;
import fr.mssnode.dossier.access.PatientRelease;
import fr.mssnode.dossier.access.Viewers;
import fr.mssnode.dossier.audit.AuditLog;
import fr.mssnode.dossier.inbox.PatientCopies;
import fr.mssnode.dossier.inbox.PatientNotices;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.mail.patient.PatientConversations;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.smime.KeystoreMailboxKeys;
import fr.mssnode.mail.smime.MailboxKeys;
import fr.mssnode.directory.extract.DirectoryImporter;
import fr.mssnode.mail.tls.TlsMaterial;

/** The node's Spring beans shared by the server and the admin commands. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NodeProperties.class)
public class NodeConfiguration {

    /** One pool for our own tables (James's JPA store keeps its own, configured from the same settings). */
    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(NodeProperties node,
                                @org.springframework.beans.factory.annotation.Value("${node.mail-server.enabled:true}") boolean serving) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("node");
        config.setJdbcUrl(node.jdbcUrl());
        config.setUsername(node.getDatabase().getUsername());
        config.setPassword(node.getDatabase().getPassword());
        if (!node.getDatabase().getSchema().isBlank()) {
            config.setSchema(node.getDatabase().getSchema());
        }
        if (config.getJdbcUrl().startsWith("jdbc:derby:") && System.getProperty("derby.locks.deadlockTimeout") == null) {
            // Derby looks for a deadlock only after a lock has waited 20 s: concurrent IMAP clients on one mailbox
            // stalled that long. Look after 1 s (the victim's transaction is rolled back and reported at once).
            System.setProperty("derby.locks.deadlockTimeout", "1");
        }
        if (config.getJdbcUrl().startsWith("jdbc:postgresql:")) {
            // Batched INSERTs travel as multi-row statements: the directory import's bulk of rows.
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
            // Names the node's changes in the database (pg_stat_activity; the dossier's change rows, which tell the
            // other nodes what to re-index). The admin commands are another writer.
            config.addDataSourceProperty("ApplicationName", NodeName.of(node) + (serving ? "" : "-admin"));
        }
        config.setMaximumPoolSize(10);
        config.setConnectionTimeout(node.getDatabase().getConnectionTimeoutMs());
        config.setInitializationFailTimeout(-1);
        return new HikariDataSource(config);
    }

    @Bean
    @DependsOn("flywayInitializer")
    Directory directory(DataSource dataSource, NodeProperties node) {
        return new CachingDirectory(new JdbcDirectory(dataSource, Set.of(node.getDomain(), node.patientDomain())), dataSource);
    }

    @Bean
    @DependsOn("flywayInitializer")
    DirectoryImporter directoryImporter(DataSource dataSource) {
        return new DirectoryImporter(dataSource);
    }

    @Bean
    DirectorySearch directorySearch(DataSource dataSource) {
        return new DirectorySearch(dataSource);
    }

    @Bean
    Certificates certificates(DataSource dataSource) {
        return new Certificates(dataSource);
    }

    @Bean
    @DependsOn("flywayInitializer")
    DossierStore dossierStore(DataSource dataSource) {
        return new DossierStore(dataSource);
    }

    /** Shared by the node and the admin commands (pki issue-test stores keys here). */
    @Bean
    MailboxKeys mailboxKeys(NodeProperties node) {
        return new KeystoreMailboxKeys(node.varPath().resolve("keys"), node.getSmime().getKeystorePassword());
    }

    /** Failed sign-ins slow down and lock, for every way in; shared with the admin commands (account unlock). */
    @Bean
    @DependsOn("flywayInitializer")
    SignInThrottle signInThrottle(DataSource dataSource, NodeProperties node, MailboxLifecycle lifecycle) {
        return new SignInThrottle(dataSource, java.time.Clock.systemUTC(), node.getSignIn().policy(), lifecycle::signedIn);
    }

    /** Client certificates registered for sign-in open application mailboxes (SASL EXTERNAL on IMAP and submission). */
    @Bean
    CertificateSignIn certificateSignIn(Directory directory, Certificates certificates, SignInThrottle throttle) {
        return new CertificateSignIn(directory, certificates, throttle, java.time.Clock.systemUTC());
    }

    /** Access tokens of the configured OpenID provider open mailboxes (IMAP, submission, HTTP); off without one. */
    @Bean
    TokenSignIn tokenSignIn(NodeProperties node, Directory directory, SignInThrottle throttle) {
        return new TokenSignIn(node.getOidc().provider().map(AccessTokens::new), directory, throttle,
            java.time.Clock.systemUTC());
    }

    /** Every sign-in remembered; mailboxes nobody uses warned, then closed. Shared with {@code account inactive}. */
    @Bean
    @DependsOn("flywayInitializer")
    MailboxLifecycle mailboxLifecycle(DataSource dataSource, NodeProperties node) {
        return new MailboxLifecycle(dataSource, java.time.Clock.systemUTC(), node.getLifecycle().policy());
    }

    /** The operator's content-free trace; shared with the admin commands (which are traced too, and search it). */
    @Bean(destroyMethod = "close")
    @DependsOn("flywayInitializer")
    OperatorTrace operatorTrace(DataSource dataSource) {
        return new OperatorTrace(dataSource, java.time.Clock.systemUTC());
    }

    @Bean
    Patients patients(DataSource dataSource, Directory directory) {
        return new Patients(dataSource, directory);
    }

    /** The access history: every access to a dossier, hash-chained, durable before the access is answered. */
    @Bean(destroyMethod = "close")
    @DependsOn("flywayInitializer")
    AuditLog auditLog(DataSource dataSource) {
        return new AuditLog(dataSource);
    }

    @Bean
    AccessHistory accessHistory(AuditLog log) {
        return new AccessHistory(log);
    }

    @Bean
    @DependsOn("flywayInitializer")
    AccessStore accessStore(DataSource dataSource) {
        return new AccessStore(dataSource);
    }

    @Bean
    PatientRelease patientRelease(NodeProperties node) {
        NodeProperties.Dossier dossier = node.getDossier();
        return new PatientRelease(java.util.Optional.ofNullable(dossier.getPatientReleaseAfter()), dossier.getPatientReminderAfter());
    }

    @Bean
    AccessRules accessRules(DossierStore store, AccessStore access, Patients patients, PatientRelease release) {
        return new AccessRules(store, access, patients, java.time.Clock.systemUTC(), release);
    }

    @Bean
    Viewers viewers(Directory directory, NodeProperties node) {
        return new Viewers(directory, node.patientDomain());
    }

    @Bean
    PatientNotices patientNotices(Directory directory, DirectorySearch search, Patients patients, NodeProperties node) {
        return new PatientNotices(directory, search, patients, node.patientDomain());
    }

    @Bean
    @DependsOn("flywayInitializer")
    PatientCopies patientCopies(DataSource dataSource, DossierStore store, PatientNotices notices, PatientRelease release) {
        return new PatientCopies(dataSource, store, notices, release);
    }

    @Bean
    @DependsOn("flywayInitializer")
    PatientConversations patientConversations(DataSource dataSource, Directory directory) {
        return new PatientConversations(dataSource, directory);
    }

    @Bean
    DirectoryAdmin directoryAdmin(DataSource dataSource, Directory directory) {
        return new DirectoryAdmin(dataSource, directory);
    }

    @Bean
    TlsMaterial tlsMaterial(NodeProperties node) {
        NodeProperties.Tls tls = node.getTls();
        if (!tls.getCertificate().isBlank() || !tls.getPrivateKey().isBlank()) {
            if (tls.getCertificate().isBlank() || tls.getPrivateKey().isBlank()) {
                throw new IllegalStateException("Set both node.tls.certificate and node.tls.private-key, or neither"
                    + " (neither generates a development certificate).");
            }
            return TlsMaterial.configured(Path.of(tls.getCertificate()), Path.of(tls.getPrivateKey()));
        }
        return TlsMaterial.development(node.varPath().resolve("tls"),
            java.util.stream.Stream.of(node.getHostname(), node.getDomain(), "localhost").distinct().toList());
    }
}
