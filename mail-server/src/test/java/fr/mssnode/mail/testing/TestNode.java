package fr.mssnode.mail.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import javax.net.ssl.SSLContext;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.extract.DirectoryImporter;
import fr.mssnode.directory.extract.SmallListing;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.DirectoryAdmin;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.NodeApplication;
import fr.mssnode.mail.tls.TlsMaterial;

import jakarta.mail.Session;

/**
 * A whole node running in this JVM on free loopback ports, with a real database and its own var/ folder.
 * Stop and start it again on the same folder and database to test durability.
 */
public final class TestNode implements AutoCloseable {
    public static final String DOMAIN = "hopital-nord.test";
    public static final String PATIENT_DOMAIN = "patient." + DOMAIN;

    private final TestDatabase database;
    private final Path varDir;
    private final Map<String, String> settings = new LinkedHashMap<>();
    private ConfigurableApplicationContext context;
    public final int smtpPort = FreePorts.next();
    public final int submissionPort = FreePorts.next();
    public final int imapPort = FreePorts.next();
    public final int imapsPort = FreePorts.next();
    /** Health and metrics (plain HTTP on loopback). */
    public final int managementPort = FreePorts.next();

    public TestNode(TestDatabase database, Path varDir) {
        this.database = database;
        this.varDir = varDir;
        settings.put("node.domain", DOMAIN);
        settings.put("node.var-dir", varDir.toString());
        settings.put("node.bind-address", "127.0.0.1");
        settings.put("node.ports.smtp", String.valueOf(smtpPort));
        settings.put("node.ports.submission", String.valueOf(submissionPort));
        settings.put("node.ports.imap", String.valueOf(imapPort));
        settings.put("node.ports.imaps", String.valueOf(imapsPort));
        settings.put("server.port", "0");
        settings.put("management.server.port", String.valueOf(managementPort));
        // Derby: the embedded default (var/db), exactly as a new user runs it.
        if (database.vendor() == TestDatabase.Vendor.POSTGRESQL) {
            settings.put("node.database.url", database.url());
            settings.put("node.database.username", database.user());
            settings.put("node.database.schema", database.schema());
        }
        settings.put("logging.level.root", "WARN");
        // S/MIME: trust the node's own test CA; unsigned mail from other operators is delivered marked unsigned
        // except in the S/MIME tests, which set the production policy (refuse).
        settings.put("node.smime.trust-test-ca", "true");
        settings.put("node.smime.remote-unsigned", "mark");
    }

    private final List<SmallListing.Entry> listed = new ArrayList<>();

    public TestNode with(String name, String value) {
        settings.put(name, value);
        return this;
    }

    /** Settings as command-line arguments, for a node in a child process. */
    public List<String> arguments() {
        List<String> arguments = new ArrayList<>();
        settings.forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return arguments;
    }

    public TestNode start() {
        context = NodeApplication.start(arguments().toArray(String[]::new), false);
        return this;
    }

    public void stop() {
        if (context != null) {
            context.close();
            context = null;
        }
    }

    public Directory directory() {
        return context.getBean(Directory.class);
    }

    public DirectoryAdmin admin() {
        return context.getBean(DirectoryAdmin.class);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    public int httpsPort() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    public void createAccount(String address, AccountKind kind, String password) {
        admin().createAccount(address, kind, address, password);
        if (kind != AccountKind.PATIENT) {
            listed.add(listingOf(address, kind));
            SmallListing.importAll(bean(DirectoryImporter.class), varDir.resolve("listing"), listed);
        }
    }

    /** The directory entry of a test account: a GP's personal mailbox, or an organisation's. */
    public static SmallListing.Entry listingOf(String address, AccountKind kind) {
        if (kind == AccountKind.ORGANISATION) {
            return SmallListing.Entry.organisation(address, "Hôpital de test", "Secrétariat");
        }
        String digits = String.format("%011d", Math.floorMod((long) address.hashCode() * 7919L, 100_000_000_000L));
        String local = address.substring(0, address.indexOf('@'));
        return SmallListing.Entry.professional(address, "8" + digits, "Test", local.toUpperCase(java.util.Locale.ROOT),
            "10", "Médecin", "Médecine générale", "Cabinet de test", "75011", "PARIS");
    }

    /** The professionals and organisation mailboxes listed so far, re-imported as a whole at each change. */
    public List<SmallListing.Entry> listed() {
        return listed;
    }

    public Path varDir() {
        return varDir;
    }

    public Path certificate() {
        return varDir.resolve("tls/dev-certificate.pem");
    }

    public SSLContext clientTls() {
        return NodeTrust.trusting(certificate());
    }

    /** A Jakarta Mail session for IMAPS and submission (STARTTLS required) that trusts the node's certificate. */
    public Session mailSession() {
        Properties properties = new Properties();
        properties.put("mail.imaps.host", "127.0.0.1");
        properties.put("mail.imaps.port", String.valueOf(imapsPort));
        properties.put("mail.imaps.ssl.socketFactory", clientTls().getSocketFactory());
        properties.put("mail.imaps.ssl.checkserveridentity", "false");
        // A server that stops answering fails the test in two minutes instead of holding the whole suite.
        properties.put("mail.imaps.timeout", "120000");
        properties.put("mail.imaps.connectiontimeout", "30000");
        properties.put("mail.smtp.host", "127.0.0.1");
        properties.put("mail.smtp.port", String.valueOf(submissionPort));
        properties.put("mail.smtp.auth", "true");
        properties.put("mail.smtp.starttls.enable", "true");
        properties.put("mail.smtp.starttls.required", "true");
        properties.put("mail.smtp.ssl.socketFactory", clientTls().getSocketFactory());
        properties.put("mail.smtp.ssl.checkserveridentity", "false");
        return Session.getInstance(properties);
    }

    public TestDatabase database() {
        return database;
    }

    public TlsMaterial tls() {
        return context.getBean(TlsMaterial.class);
    }

    @Override
    public void close() {
        stop();
    }
}
