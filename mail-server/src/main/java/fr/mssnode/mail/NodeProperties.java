package fr.mssnode.mail;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Everything an operator configures about the node (prefix {@code node.} in application.yml,
 * or NODE_* environment variables). Defaults are the embedded, zero-set-up ones.
 */
@ConfigurationProperties("node")
public class NodeProperties {
    /** The operator's mail domain; patients' inboxes live under patient.&lt;domain&gt;. */
    private String domain = "hopital-demo.test";
    /** Name this node gives itself in SMTP greetings and Received headers. */
    private String hostname = "localhost";
    /** Where durable state lives: embedded database, mail queue, indexes, generated certificates. */
    private String varDir = "var";
    /** Address the mail listeners bind to. */
    private String bindAddress = "0.0.0.0";
    /** Largest message accepted, in kilobytes (0 = no limit). */
    private int maxMessageSizeKb = 51200;
    /** Most recipients in one SMTP transaction; the next ones get 452 4.5.3 (the client sends them in another). */
    private int maxRecipients = 100;
    /** Folder of James configuration templates overriding the packaged ones (config/james), file by file. */
    private String jamesTemplates = "";
    /** Threads taking mail from the spool through the pipeline. */
    private int spoolerThreads = 8;
    private final Ports ports = new Ports();
    private final Tls tls = new Tls();
    private final Database database = new Database();
    private final RemoteDelivery remoteDelivery = new RemoteDelivery();
    private final Smime smime = new Smime();
    private final BackPressure backPressure = new BackPressure();
    private final Dossier dossier = new Dossier();
    private final SignIn signIn = new SignIn();
    private final Limits limits = new Limits();
    private final Trace trace = new Trace();
    private final Lifecycle lifecycle = new Lifecycle();
    private final Oidc oidc = new Oidc();
    private final Web web = new Web();
    private final Backup backup = new Backup();
    private final Cluster cluster = new Cluster();

    /**
     * Sign-in with an OpenID Connect access token (Pro Santé Connect): SASL OAUTHBEARER and XOAUTH2 on IMAP and
     * submission, bearer tokens on the HTTP APIs. Off while {@code issuer} is empty.
     */
    public static class Oidc {
        private String issuer = "";
        private String audience = "";
        private String nationalIdClaim = "preferred_username";
        private String jwksUri = "";
        private String scope = "openid";

        public String getIssuer() { return issuer; }
        public void setIssuer(String issuer) { this.issuer = issuer; }
        public String getAudience() { return audience; }
        public void setAudience(String audience) { this.audience = audience; }
        public String getNationalIdClaim() { return nationalIdClaim; }
        public void setNationalIdClaim(String nationalIdClaim) { this.nationalIdClaim = nationalIdClaim; }
        public String getJwksUri() { return jwksUri; }
        public void setJwksUri(String jwksUri) { this.jwksUri = jwksUri; }
        public String getScope() { return scope; }
        public void setScope(String scope) { this.scope = scope; }

        /** The provider, when one is configured. */
        public java.util.Optional<fr.mssnode.mail.oidc.ProviderSettings> provider() {
            if (issuer == null || issuer.isBlank()) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(new fr.mssnode.mail.oidc.ProviderSettings(issuer, audience, nationalIdClaim,
                jwksUri == null || jwksUri.isBlank() ? java.util.Optional.empty()
                    : java.util.Optional.of(java.net.URI.create(jwksUri.trim())), scope));
        }
    }

    public Oidc getOidc() { return oidc; }
    public Web getWeb() { return web; }

    /** The web space: how long a session may stay unused before the next page asks to sign in again. */
    public static class Web {
        private java.time.Duration professionalIdle = java.time.Duration.ofMinutes(15);
        private java.time.Duration patientIdle = java.time.Duration.ofMinutes(30);

        public java.time.Duration getProfessionalIdle() { return professionalIdle; }
        public void setProfessionalIdle(java.time.Duration professionalIdle) { this.professionalIdle = professionalIdle; }
        public java.time.Duration getPatientIdle() { return patientIdle; }
        public void setPatientIdle(java.time.Duration patientIdle) { this.patientIdle = patientIdle; }
    }

    /**
     * Mailboxes nobody signs in to: after {@code closeAfter} without a sign-in a mailbox of the given kinds is closed
     * (disabled), its owner warned {@code warnBefore} earlier; looked at every {@code sweep} (0: never).
     */
    public static class Lifecycle {
        private java.time.Duration closeAfter = java.time.Duration.ofDays(365);
        private java.time.Duration warnBefore = java.time.Duration.ofDays(30);
        private java.util.List<String> kinds = java.util.List.of("professional", "organisation");
        private java.time.Duration sweep = java.time.Duration.ofHours(6);

        public java.time.Duration getCloseAfter() { return closeAfter; }
        public void setCloseAfter(java.time.Duration closeAfter) { this.closeAfter = closeAfter; }
        public java.time.Duration getWarnBefore() { return warnBefore; }
        public void setWarnBefore(java.time.Duration warnBefore) { this.warnBefore = warnBefore; }
        public java.util.List<String> getKinds() { return kinds; }
        public void setKinds(java.util.List<String> kinds) { this.kinds = kinds; }
        public java.time.Duration getSweep() { return sweep; }
        public void setSweep(java.time.Duration sweep) { this.sweep = sweep; }

        public fr.mssnode.directory.lifecycle.LifecyclePolicy policy() {
            return new fr.mssnode.directory.lifecycle.LifecyclePolicy(closeAfter, warnBefore,
                kinds.stream().map(fr.mssnode.directory.AccountKind::parse).collect(java.util.stream.Collectors.toSet()));
        }
    }

    public Lifecycle getLifecycle() { return lifecycle; }

    /** The operator's trace: how long its events are kept before the node purges them. */
    public static class Trace {
        private java.time.Duration keep = java.time.Duration.ofDays(183);

        public java.time.Duration getKeep() { return keep; }
        public void setKeep(java.time.Duration keep) { this.keep = keep; }
    }

    public Trace getTrace() { return trace; }

    /**
     * Per listener, connections at once from one client address (0: no limit), networks never counted (a
     * hospital's NAT or proxy: comma-separated CIDRs), and how long a command line may take to arrive once started.
     */
    public static class Limits {
        private int operatorConnectionsPerAddress = 20;
        private int submissionConnectionsPerAddress = 50;
        private int imapConnectionsPerAddress = 300;
        private String exemptNetworks = "";
        private java.time.Duration lineDeadline = java.time.Duration.ofSeconds(60);

        public int getOperatorConnectionsPerAddress() { return operatorConnectionsPerAddress; }
        public void setOperatorConnectionsPerAddress(int value) { this.operatorConnectionsPerAddress = value; }
        public int getSubmissionConnectionsPerAddress() { return submissionConnectionsPerAddress; }
        public void setSubmissionConnectionsPerAddress(int value) { this.submissionConnectionsPerAddress = value; }
        public int getImapConnectionsPerAddress() { return imapConnectionsPerAddress; }
        public void setImapConnectionsPerAddress(int value) { this.imapConnectionsPerAddress = value; }
        public String getExemptNetworks() { return exemptNetworks; }
        public void setExemptNetworks(String exemptNetworks) { this.exemptNetworks = exemptNetworks; }
        public java.time.Duration getLineDeadline() { return lineDeadline; }
        public void setLineDeadline(java.time.Duration lineDeadline) { this.lineDeadline = lineDeadline; }
    }

    public Limits getLimits() { return limits; }

    /**
     * Failed sign-ins on every way in (SMTP AUTH, IMAP LOGIN/AUTHENTICATE, HTTP), per login and client address:
     * after {@code slowAfter} failures within {@code window} each attempt waits (from {@code firstDelay}, doubling,
     * at most {@code maxDelay}); after {@code lockAfter} the login is locked for that address for {@code lockFor}.
     * One address failing {@code addressSlowAfter} times across logins is slowed as a whole.
     */
    public static class SignIn {
        private int slowAfter = 5;
        private int lockAfter = 10;
        private java.time.Duration window = java.time.Duration.ofMinutes(15);
        private java.time.Duration lockFor = java.time.Duration.ofMinutes(15);
        private int addressSlowAfter = 30;
        private java.time.Duration firstDelay = java.time.Duration.ofSeconds(1);
        private java.time.Duration maxDelay = java.time.Duration.ofSeconds(60);
        /** Submission and IMAP(S) ask TLS clients for a certificate (optional), for SASL EXTERNAL. */
        private boolean clientCertificates = true;

        public fr.mssnode.directory.signin.SignInPolicy policy() {
            return new fr.mssnode.directory.signin.SignInPolicy(slowAfter, lockAfter, window, lockFor, addressSlowAfter,
                firstDelay, maxDelay);
        }

        public int getSlowAfter() { return slowAfter; }
        public void setSlowAfter(int slowAfter) { this.slowAfter = slowAfter; }
        public int getLockAfter() { return lockAfter; }
        public void setLockAfter(int lockAfter) { this.lockAfter = lockAfter; }
        public java.time.Duration getWindow() { return window; }
        public void setWindow(java.time.Duration window) { this.window = window; }
        public java.time.Duration getLockFor() { return lockFor; }
        public void setLockFor(java.time.Duration lockFor) { this.lockFor = lockFor; }
        public int getAddressSlowAfter() { return addressSlowAfter; }
        public void setAddressSlowAfter(int addressSlowAfter) { this.addressSlowAfter = addressSlowAfter; }
        public java.time.Duration getFirstDelay() { return firstDelay; }
        public void setFirstDelay(java.time.Duration firstDelay) { this.firstDelay = firstDelay; }
        public java.time.Duration getMaxDelay() { return maxDelay; }
        public void setMaxDelay(java.time.Duration maxDelay) { this.maxDelay = maxDelay; }
        public boolean isClientCertificates() { return clientCertificates; }
        public void setClientCertificates(boolean clientCertificates) { this.clientCertificates = clientCertificates; }
    }

    public SignIn getSignIn() { return signIn; }

    /** The patient's side of the dossier: when documents not yet visible to the patient are released. */
    public static class Dossier {
        /**
         * How long after filing a document not yet visible to the patient (INVISIBLE_PATIENT) becomes visible at the
         * latest. Empty: one calendar month, as the rules say. (Tests set seconds.)
         */
        private java.time.Duration patientReleaseAfter;
        /** When the patient is told that a document is waiting for an announcement consultation. */
        private java.time.Duration patientReminderAfter = java.time.Duration.ofDays(14);
        /** How often held copies and reminders are looked at. */
        private java.time.Duration patientCopySweep = java.time.Duration.ofMinutes(1);

        public java.time.Duration getPatientReleaseAfter() { return patientReleaseAfter; }
        public void setPatientReleaseAfter(java.time.Duration patientReleaseAfter) { this.patientReleaseAfter = patientReleaseAfter; }
        public java.time.Duration getPatientReminderAfter() { return patientReminderAfter; }
        public void setPatientReminderAfter(java.time.Duration patientReminderAfter) { this.patientReminderAfter = patientReminderAfter; }
        public java.time.Duration getPatientCopySweep() { return patientCopySweep; }
        public void setPatientCopySweep(java.time.Duration patientCopySweep) { this.patientCopySweep = patientCopySweep; }
    }

    public Dossier getDossier() { return dossier; }

    /** When the spool is deeper than the node delivers in {@code visibilityTargetSeconds}, new mail gets 451 4.3.2. */
    public static class BackPressure {
        /** How long accepted mail may wait in the spool before new mail is asked to come back later. */
        private int visibilityTargetSeconds = 60;
        /** Below this many waiting messages mail is always accepted (the rate is not known yet, a burst is fine). */
        private long minimumDepth = 200;

        public int getVisibilityTargetSeconds() { return visibilityTargetSeconds; }
        public void setVisibilityTargetSeconds(int visibilityTargetSeconds) { this.visibilityTargetSeconds = visibilityTargetSeconds; }
        public long getMinimumDepth() { return minimumDepth; }
        public void setMinimumDepth(long minimumDepth) { this.minimumDepth = minimumDepth; }
    }

    public static class Smime {
        /** PEM files of the health CAs this node trusts besides the operators' anchors in the directory (IGC Santé). */
        private String trustAnchors = "";
        /** Revocation lists (PEM or DER files) checked for every signer. */
        private String crls = "";
        /** Also trust the test CA of var/pki (demo and tests only; never in production). */
        private boolean trustTestCa = false;
        /** Password of var/keys/mailbox-keys.p12; empty: generated into var/keys/keystore.password. */
        private String keystorePassword = "";
        /** Remote mail without a signature: refuse (bounce), quarantine, or mark (deliver marked unsigned). */
        private String remoteUnsigned = "refuse";
        /** A signature that does not hold: refuse (bounce) or quarantine. */
        private String invalid = "refuse";
        /** Encrypt mail for other operators' recipients whose encryption certificate the directory holds. */
        private boolean encryptRemote = false;

        public boolean isEncryptRemote() { return encryptRemote; }
        public void setEncryptRemote(boolean encryptRemote) { this.encryptRemote = encryptRemote; }

        public String getTrustAnchors() { return trustAnchors; }
        public void setTrustAnchors(String trustAnchors) { this.trustAnchors = trustAnchors; }
        public String getCrls() { return crls; }
        public void setCrls(String crls) { this.crls = crls; }
        public boolean isTrustTestCa() { return trustTestCa; }
        public void setTrustTestCa(boolean trustTestCa) { this.trustTestCa = trustTestCa; }
        public String getKeystorePassword() { return keystorePassword; }
        public void setKeystorePassword(String keystorePassword) { this.keystorePassword = keystorePassword; }
        public String getRemoteUnsigned() { return remoteUnsigned; }
        public void setRemoteUnsigned(String remoteUnsigned) { this.remoteUnsigned = remoteUnsigned; }
        public String getInvalid() { return invalid; }
        public void setInvalid(String invalid) { this.invalid = invalid; }
    }

    public static class Ports {
        /** SMTP from trusted operators (25 in production). */
        private int smtp = 2525;
        /** Submission with STARTTLS and AUTH (587 in production). */
        private int submission = 2587;
        /** IMAP with STARTTLS (143 in production). */
        private int imap = 2143;
        /** IMAP over TLS (993 in production). */
        private int imaps = 2993;

        public int getSmtp() { return smtp; }
        public void setSmtp(int smtp) { this.smtp = smtp; }
        public int getSubmission() { return submission; }
        public void setSubmission(int submission) { this.submission = submission; }
        public int getImap() { return imap; }
        public void setImap(int imap) { this.imap = imap; }
        public int getImaps() { return imaps; }
        public void setImaps(int imaps) { this.imaps = imaps; }
    }

    public static class Tls {
        /** PEM certificate chain; empty on the embedded default, where a development certificate is generated. */
        private String certificate = "";
        /** PEM private key (PKCS#8 or PKCS#1, unencrypted) matching the certificate. */
        private String privateKey = "";

        public String getCertificate() { return certificate; }
        public void setCertificate(String certificate) { this.certificate = certificate; }
        public String getPrivateKey() { return privateKey; }
        public void setPrivateKey(String privateKey) { this.privateKey = privateKey; }
    }

    public static class Database {
        /** JDBC URL; empty means embedded Derby in var/db. */
        private String url = "";
        private String username = "";
        private String password = "";
        /** Schema for the mail store's tables (PostgreSQL); empty means the connection's default. */
        private String schema = "";
        private int maxConnections = 20;
        /** How long to wait for a database connection before giving up. */
        private long connectionTimeoutMs = 30_000;

        public String getUrl() { return url; }
        public void setUrl(String url) { this.url = url; }
        public String getUsername() { return username; }
        public void setUsername(String username) { this.username = username; }
        public String getPassword() { return password; }
        public void setPassword(String password) { this.password = password; }
        public String getSchema() { return schema; }
        public void setSchema(String schema) { this.schema = schema; }
        public int getMaxConnections() { return maxConnections; }
        public void setMaxConnections(int maxConnections) { this.maxConnections = maxConnections; }
        public long getConnectionTimeoutMs() { return connectionTimeoutMs; }
        public void setConnectionTimeoutMs(long connectionTimeoutMs) { this.connectionTimeoutMs = connectionTimeoutMs; }
    }

    public static class RemoteDelivery {
        /** starttls (required, the MSSanté rule between operators) or implicit (SMTPS). Never plain text. */
        private String tls = "starttls";
        /** Check the remote certificate's name against the host; only tests turn this off. */
        private boolean verifyServerIdentity = true;
        /** Hosts whose certificate is trusted without a CA path (space-separated); empty in production. */
        private String trustedHosts = "";
        /** Retry delays, James syntax (e.g. "5 minutes, 1 hour"). */
        private String delays = "1 minute, 10 minutes, 1 hour, 4 hours";
        private int maxRetries = 8;

        public String getTls() { return tls; }
        public void setTls(String tls) { this.tls = tls; }
        public boolean isVerifyServerIdentity() { return verifyServerIdentity; }
        public void setVerifyServerIdentity(boolean verifyServerIdentity) { this.verifyServerIdentity = verifyServerIdentity; }
        public String getTrustedHosts() { return trustedHosts; }
        public void setTrustedHosts(String trustedHosts) { this.trustedHosts = trustedHosts; }
        public String getDelays() { return delays; }
        public void setDelays(String delays) { this.delays = delays; }
        public int getMaxRetries() { return maxRetries; }
        public void setMaxRetries(int maxRetries) { this.maxRetries = maxRetries; }
    }

    public String getDomain() { return domain; }
    public void setDomain(String domain) { this.domain = domain; }
    public String getHostname() { return hostname; }
    public void setHostname(String hostname) { this.hostname = hostname; }
    public String getVarDir() { return varDir; }
    public void setVarDir(String varDir) { this.varDir = varDir; }
    public String getBindAddress() { return bindAddress; }
    public void setBindAddress(String bindAddress) { this.bindAddress = bindAddress; }
    public int getMaxRecipients() { return maxRecipients; }
    public void setMaxRecipients(int maxRecipients) { this.maxRecipients = maxRecipients; }
    public int getMaxMessageSizeKb() { return maxMessageSizeKb; }
    public void setMaxMessageSizeKb(int maxMessageSizeKb) { this.maxMessageSizeKb = maxMessageSizeKb; }
    public String getJamesTemplates() { return jamesTemplates; }
    public void setJamesTemplates(String jamesTemplates) { this.jamesTemplates = jamesTemplates; }
    public int getSpoolerThreads() { return spoolerThreads; }
    public void setSpoolerThreads(int spoolerThreads) { this.spoolerThreads = spoolerThreads; }
    public Ports getPorts() { return ports; }
    public Tls getTls() { return tls; }
    public Database getDatabase() { return database; }
    public Smime getSmime() { return smime; }
    public RemoteDelivery getRemoteDelivery() { return remoteDelivery; }
    public BackPressure getBackPressure() { return backPressure; }
    public Backup getBackup() { return backup; }
    public Cluster getCluster() { return cluster; }

    /**
     * Two (or more) nodes, one service: they share one PostgreSQL, and the spool is ActiveMQ's JDBC store in it.
     * Each node runs a broker; the one holding the store's lock serves the spool of every node, the others wait to
     * take over. Off: the single-node default (spool in var/).
     */
    public static class Cluster {
        private boolean enabled = false;
        /** This node's name among the others (the broker's name); empty: node.hostname. */
        private String nodeId = "";
        /** Port of this node's broker, on node.bind-address (reachable by the other nodes only). */
        private int brokerPort = 61616;
        /** Every node's broker, host:port, comma-separated (this one included), in the order clients try them. */
        private String brokers = "";
        /** Shared by the nodes' brokers and spool clients; a broker refuses a connection without it. */
        private String secret = "";

        public boolean isEnabled() { return enabled; }
        public void setEnabled(boolean enabled) { this.enabled = enabled; }
        public String getNodeId() { return nodeId; }
        public void setNodeId(String nodeId) { this.nodeId = nodeId; }
        public int getBrokerPort() { return brokerPort; }
        public void setBrokerPort(int brokerPort) { this.brokerPort = brokerPort; }
        public String getBrokers() { return brokers; }
        public void setBrokers(String brokers) { this.brokers = brokers; }
        public String getSecret() { return secret; }
        public void setSecret(String secret) { this.secret = secret; }
    }

    public static class Backup {
        /** Folder of PostgreSQL's pg_dump and pg_restore (backup and restore on PostgreSQL); empty: found on the PATH. */
        private String postgresqlTools = "";

        public String getPostgresqlTools() { return postgresqlTools; }
        public void setPostgresqlTools(String postgresqlTools) { this.postgresqlTools = postgresqlTools; }
    }

    public Path varPath() {
        return Path.of(varDir).toAbsolutePath().normalize();
    }

    public String patientDomain() {
        return "patient." + domain;
    }

    /** The JDBC URL actually used: the configured one, or embedded Derby under var/. */
    public String jdbcUrl() {
        if (!database.url.isBlank()) {
            return database.url;
        }
        return "jdbc:derby:" + varPath().resolve("db") + ";create=true";
    }

    public boolean embeddedDerby() {
        return jdbcUrl().startsWith("jdbc:derby:");
    }
}
