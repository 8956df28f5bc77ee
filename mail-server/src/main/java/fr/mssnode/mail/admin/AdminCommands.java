package fr.mssnode.mail.admin;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.stereotype.Component;

import fr.mssnode.directory.Account;
import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.DirectoryAdmin;
import fr.mssnode.directory.lifecycle.IdleMailbox;
import fr.mssnode.directory.lifecycle.MailboxLifecycle;
import fr.mssnode.directory.signin.SignInThrottle;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;
import fr.mssnode.directory.DirectoryException;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;
import fr.mssnode.directory.Patient;
import fr.mssnode.directory.Patients;
import fr.mssnode.directory.TrustedOperator;
import fr.mssnode.directory.trust.CertificateUsage;
import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.directory.trust.MailboxCertificate;
import fr.mssnode.directory.trust.TestCertificateAuthority;
import fr.mssnode.directory.trust.TrustAnchor;
import fr.mssnode.directory.trust.X509Files;
import fr.mssnode.mail.NodeProperties;
import fr.mssnode.mail.smime.MailboxKeys;
import fr.mssnode.mail.smime.TestPki;
import fr.mssnode.directory.extract.DirectoryImporter;
import fr.mssnode.directory.extract.ImportOptions;
import fr.mssnode.directory.extract.ImportReport;
import fr.mssnode.fixtures.directory.SyntheticExtracts;
import fr.mssnode.mailbox.JpaStoreCopy;

/** The operator's commands: accounts, trusted operators, the health directory, certificates, patients, the dossier and the mailbox store. Exit code 0 on success, 1 on refusal, 2 on misuse. */
@Component
public class AdminCommands {
    public static final String USAGE = """
        Usage: java -jar mss-node.jar <command> [options] [--setting=value ...]

          serve                                   run the node
          demo                                    run the node with demo accounts (embedded database)
          account create --address A --kind professional|organisation|patient --name "N" [--password P | --password-stdin]
          account reset-password --address A [--password P | --password-stdin]
          account disable --address A
          account enable --address A
          account list
          account inactive --days N               open mailboxes without a sign-in for N days (candidates for closing)
          account locks                           sign-ins locked for a client address after too many failures
          account unlock --address A              lift A's locks (every client address) and forget its failures
          account passwords --address A --accepted true|false
                                                  false: the mailbox opens with its sign-in certificate only
          trace search --address A [--since YYYY-MM-DD] [--limit 1000]
                                                  the operator's trace: sign-ins, mail accepted, refused, delivered,
                                                  admin commands, by or about A (default: the last 7 days)
          operator add --domain D [--relay host:port]
          operator remove --domain D
          operator list
          directory import-professionals --file PS_LibreAcces_Personne_activite_<ts>.txt [--max-errors 0.01] [--max-deactivation 0.10]
          directory import-mailboxes --file Extraction_Correspondance_MSSante_<ts>.txt [--max-errors 0.01] [--max-deactivation 0.10]
          directory import-whitelist --file <whitelist>.xml [--max-deactivation 0.10]
          directory history [--run N]
          directory lookup --address A
          directory generate-synthetic --folder F [--activity-lines 2000000] [--mailboxes 500000] [--generation 0]
          directory import-certificate --address A --usage signing|encryption|sign-in --file cert.pem|cert.der
          directory certificates --address A
          directory remove-certificate --address A --sha256 H
          operator add-anchor --domain D --file ca.pem
          operator anchors --domain D
          pki issue-test --address A              test CA (var/pki): signing + encryption certificates, key kept here
          pki issue-test-tls --host H --out DIR   test CA: operator TLS certificate (DIR/tls.pem chain, DIR/tls-key.pem)
          pki issue-test-client --name N --out DIR
                                                  test CA: practice software's client certificate (DIR/client.pem,
                                                  DIR/client-key.pem), to register with --usage sign-in
          patient add --ins I --birth-name N --first-names "F G" --birth-date YYYY-MM-DD --sex M|F|U
                      [--oid nir|nia|nir-test|nir-demo] [--used-name N] [--treating-doctor 8RPPS] [--inbox]
          patient show --ins I
          patient set-treating-doctor --ins I [--doctor 8RPPS]   (without --doctor: none declared)
          patient set-emergency-access --ins I --allowed true|false   the patient's choice on break-the-glass
          dossier reindex                         rebuild var/dossier-index from the database (node stopped)
          dossier refusals [--limit 50]           documents that could not be filed, newest first, with the reason
          dossier refusal --id N --out FILE       save the bytes of a refused document
          dossier accesses --ins I [--limit 100]  the dossier's access history, newest first
          dossier verify-audit                    check the access history's hash chain; names the first broken event
          mailbox copy-from-jpa                   copy James's JPA mailbox store into the node's (resumable; the node also does it at start)

        Without --password, the password is read from the terminal (or one line of standard input).
        """;

    private final DirectoryAdmin admin;
    private final Directory directory;
    private final DirectoryImporter importer;
    private final Certificates certificates;
    private final Patients patients;
    private final NodeProperties node;
    private final MailboxKeys keys;
    private final DossierCommands dossier;
    private final DataSource dataSource;
    private final SignInThrottle signIn;
    private final OperatorTrace trace;
    private final MailboxLifecycle lifecycle;

    public AdminCommands(DirectoryAdmin admin, Directory directory, DirectoryImporter importer, Certificates certificates,
                         Patients patients, NodeProperties node, MailboxKeys keys, DossierCommands dossier,
                         DataSource dataSource, SignInThrottle signIn, OperatorTrace trace,
                         MailboxLifecycle lifecycle) {
        this.dataSource = dataSource;
        this.lifecycle = lifecycle;
        this.signIn = signIn;
        this.trace = trace;
        this.keys = keys;
        this.dossier = dossier;
        this.admin = admin;
        this.directory = directory;
        this.importer = importer;
        this.certificates = certificates;
        this.patients = patients;
        this.node = node;
    }

    /** Runs one command and writes it, with its exit code, to the operator's trace (passwords left out). */
    public int run(List<String> args, PrintStream out, PrintStream err) {
        int exit = execute(args, out, err);
        if (args.size() >= 2) {
            try {
                trace.record(System.getProperty("user.name"), "local", "ADMIN", TraceEvent.Action.ADMIN,
                    args.stream().filter(arg -> arg.contains("@")).toList(), withoutSecrets(args), "exit " + exit);
                trace.flush();
            } catch (RuntimeException e) {
                err.println("Warning: the command could not be written to the operator's trace: " + e.getMessage());
            }
        }
        return exit;
    }

    private static String withoutSecrets(List<String> args) {
        List<String> shown = new java.util.ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.startsWith("--password=") || arg.contains("password=")) {
                shown.add(arg.substring(0, arg.indexOf('=') + 1) + "***");
            } else {
                shown.add(arg);
                if (arg.equals("--password") && i + 1 < args.size()) {
                    shown.add("***");
                    i++;
                }
            }
        }
        return String.join(" ", shown);
    }

    private int execute(List<String> args, PrintStream out, PrintStream err) {
        if (args.size() < 2) {
            err.println(USAGE);
            return 2;
        }
        Map<String, String> options;
        try {
            options = options(args.subList(2, args.size()));
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "\n\n" + USAGE);
            return 2;
        }
        try {
            return switch (args.get(0) + " " + args.get(1)) {
                case "account create" -> {
                    Account account = admin.createAccount(required(options, "address"),
                        AccountKind.parse(required(options, "kind")), options.getOrDefault("name", ""), password(options));
                    out.println("Created " + account.kind().label() + " account " + account.address() + ".");
                    yield 0;
                }
                case "account reset-password" -> {
                    admin.resetPassword(required(options, "address"), password(options));
                    out.println("Password changed for " + options.get("address") + ".");
                    yield 0;
                }
                case "account disable", "account enable" -> {
                    boolean enable = args.get(1).equals("enable");
                    admin.setActive(required(options, "address"), enable);
                    out.println((enable ? "Enabled " : "Disabled ") + options.get("address") + ".");
                    yield 0;
                }
                case "account list" -> {
                    out.printf("%-50s %-13s %-8s %s%n", "ADDRESS", "KIND", "STATE", "NAME");
                    for (Account account : directory.listAccounts()) {
                        out.printf("%-50s %-13s %-8s %s%n", account.address(), account.kind().label(),
                            account.active() ? "active" : "disabled", account.displayName());
                    }
                    yield 0;
                }
                case "account inactive" -> {
                    required(options, "days");
                    long days = Math.min(count(options, "days", 365), 36_500);
                    java.util.List<IdleMailbox> idle = lifecycle.idleFor(java.time.Duration.ofDays(days));
                    out.printf("%-50s %-13s %-22s %-22s %s%n", "ADDRESS", "KIND", "LAST SIGN-IN", "WARNED", "CLOSED BY POLICY");
                    for (IdleMailbox mailbox : idle) {
                        boolean closes = lifecycle.policy().kinds().contains(mailbox.kind());
                        out.printf("%-50s %-13s %-22s %-22s %s%n", mailbox.address(), mailbox.kind().label(),
                            mailbox.lastSignIn().map(Object::toString).orElse("never (created " + mailbox.createdAt()
                                .truncatedTo(java.time.temporal.ChronoUnit.DAYS).toString().substring(0, 10) + ")"),
                            mailbox.warnedAt().map(Object::toString).orElse("-"),
                            closes ? "yes, after " + lifecycle.policy().closeAfter().toDays() + " days" : "no (" + mailbox.kind().label() + ")");
                    }
                    out.println(idle.size() + " open mailbox" + (idle.size() == 1 ? "" : "es") + " without a sign-in for "
                        + days + " days or more.");
                    yield 0;
                }
                case "account locks" -> {
                    out.printf("%-50s %-40s %-8s %s%n", "ADDRESS", "FROM", "FAILURES", "LOCKED UNTIL");
                    for (SignInThrottle.Lock lock : signIn.locks()) {
                        out.printf("%-50s %-40s %-8d %s%n", lock.login(), lock.clientAddress(), lock.failures(),
                            lock.lockedUntil());
                    }
                    yield 0;
                }
                case "account unlock" -> {
                    int lifted = signIn.unlock(required(options, "address"));
                    out.println(lifted == 0 ? options.get("address") + " was not locked; its failed sign-ins are forgotten."
                        : "Unlocked " + options.get("address") + ": " + lifted + " lock" + (lifted == 1 ? "" : "s")
                        + " lifted, its failed sign-ins forgotten.");
                    yield 0;
                }
                case "account passwords" -> {
                    String accepted = required(options, "accepted");
                    if (!accepted.equals("true") && !accepted.equals("false")) {
                        throw new IllegalArgumentException("--accepted is true or false, not '" + accepted + "'.");
                    }
                    admin.setPasswordSignIn(required(options, "address"), accepted.equals("true"));
                    out.println(accepted.equals("true") ? "A password opens " + options.get("address") + " again."
                        : options.get("address") + " now opens with its sign-in certificate only (SASL EXTERNAL);"
                            + " passwords are refused.");
                    yield 0;
                }
                case "trace search" -> {
                    java.time.Instant since = java.time.LocalDate.parse(options.getOrDefault("since",
                        java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(7).toString()))
                        .atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                    List<TraceEvent> events = trace.search(required(options, "address"), since,
                        (int) Math.max(1, Math.min(count(options, "limit", 1000), 100_000)));
                    for (TraceEvent event : events) {
                        out.printf("%s  %-8s %-16s %-40s %-15s %s -> %s%n", event.at(), event.protocol(), event.action(),
                            event.actor(), event.clientAddress() == null ? "-" : event.clientAddress(), event.request(),
                            event.answer());
                    }
                    out.println(events.size() + " event" + (events.size() == 1 ? "" : "s") + " since " + since + ".");
                    yield 0;
                }
                case "operator add" -> {
                    TrustedOperator operator = admin.addTrustedOperator(required(options, "domain"), options.get("relay"));
                    out.println("Trusted operator domain " + operator.domain() + " added"
                        + operator.relay().map(relay -> " (relay " + relay + ")").orElse("") + ".");
                    yield 0;
                }
                case "operator remove" -> {
                    admin.removeTrustedOperator(required(options, "domain"));
                    out.println("Trusted operator domain " + options.get("domain") + " removed.");
                    yield 0;
                }
                case "operator list" -> {
                    out.printf("%-40s %s%n", "DOMAIN", "RELAY");
                    for (TrustedOperator operator : directory.listTrustedOperators()) {
                        out.printf("%-40s %s%n", operator.domain(), operator.relay().orElse("(MX from DNS)"));
                    }
                    yield 0;
                }
                case "directory import-professionals" -> report(importer.importProfessionals(file(options),
                    importOptions(options), ProgressBar.on(err)), out, err);
                case "directory import-mailboxes" -> report(importer.importMailboxes(file(options),
                    importOptions(options), ProgressBar.on(err)), out, err);
                case "directory import-whitelist" -> report(importer.importWhitelist(file(options), importOptions(options)), out, err);
                case "directory history" -> {
                    if (options.containsKey("run")) {
                        ImportReport run = importer.runs().find(Long.parseLong(options.get("run")))
                            .orElseThrow(() -> new DirectoryException("No import run " + options.get("run") + "."));
                        out.println(run.summary());
                        run.firstIssues().forEach(issue -> out.println("  line " + issue.line() + ": " + issue.reason()));
                    } else {
                        out.printf("%-6s %-20s %-13s %-10s %12s %10s %10s %10s %10s  %s%n", "RUN", "STARTED", "KIND", "OUTCOME",
                            "LINES", "MALFORMED", "ADDED", "UPDATED", "DEACTIV.", "FILE");
                        for (ImportReport run : importer.runs().history(50)) {
                            out.printf("%-6d %-20s %-13s %-10s %,12d %,10d %,10d %,10d %,10d  %s%n", run.runId(),
                                run.startedAt().toString().substring(0, 19), run.kind().name().toLowerCase(java.util.Locale.ROOT),
                                run.outcome().name().toLowerCase(java.util.Locale.ROOT), run.linesRead(), run.malformed(),
                                run.added(), run.updated(), run.deactivated(), run.fileName());
                        }
                    }
                    yield 0;
                }
                case "directory lookup" -> {
                    new AddressLookup(directory, certificates).print(required(options, "address"), out);
                    yield 0;
                }
                case "directory generate-synthetic" -> {
                    SyntheticExtracts.Plan plan = SyntheticExtracts.Plan.of(
                            count(options, "activity-lines", 2_000_000), count(options, "mailboxes", 500_000))
                        .generation((int) count(options, "generation", 0)).domain(node.getDomain());
                    SyntheticExtracts.Written written = new SyntheticExtracts(plan).write(Path.of(required(options, "folder")));
                    out.printf("Wrote %s (%,d professionals, %,d activity lines) and %s (%,d mailboxes): synthetic,"
                            + " no real person.%n", written.professionals(), written.professionalCount(),
                        written.activityLines(), written.mailboxes(), written.mailboxLines());
                    yield 0;
                }
                case "directory import-certificate" -> {
                    MailboxCertificate added = certificates.register(required(options, "address"),
                        CertificateUsage.parse(required(options, "usage")), readFile(options));
                    out.println("Registered the " + added.usage().label() + " certificate of " + added.address() + ": "
                        + added.subject() + ", issued by " + added.issuer() + ", valid until " + added.notAfter()
                        + " (SHA-256 " + added.sha256() + ").");
                    yield 0;
                }
                case "directory certificates" -> {
                    List<MailboxCertificate> found = certificates.forMailbox(required(options, "address"));
                    if (found.isEmpty()) {
                        out.println("No certificate registered for " + options.get("address") + ".");
                    }
                    for (MailboxCertificate certificate : found) {
                        out.printf("%-10s until %s  %s  (issuer %s)  sha256 %s%n", certificate.usage().label(),
                            certificate.notAfter().toString().substring(0, 10), certificate.subject(), certificate.issuer(),
                            certificate.sha256());
                    }
                    yield 0;
                }
                case "directory remove-certificate" -> {
                    certificates.remove(required(options, "address"), required(options, "sha256"));
                    out.println("Certificate removed.");
                    yield 0;
                }
                case "operator add-anchor" -> {
                    List<TrustAnchor> added = certificates.addAnchors(required(options, "domain"), readFile(options));
                    out.println(added.isEmpty() ? "These trust anchors were already registered."
                        : "Added " + added.size() + " trust anchor(s) for " + added.get(0).domain() + ": "
                        + String.join("; ", added.stream().map(TrustAnchor::subject).toList()) + ".");
                    yield 0;
                }
                case "operator anchors" -> {
                    for (TrustAnchor anchor : certificates.anchors(required(options, "domain"))) {
                        out.printf("%s  until %s  sha256 %s%n", anchor.subject(), anchor.notAfter().toString().substring(0, 10),
                            anchor.sha256());
                    }
                    yield 0;
                }
                case "pki issue-test" -> {
                    String address = required(options, "address");
                    if (directory.findAccount(address).isEmpty()) {
                        throw new DirectoryException("No account " + address + " on this node: the node holds keys only for its own mailboxes.");
                    }
                    String sha256 = TestPki.issue(node, address, keys, certificates);
                    out.println("Issued test certificates (signing and encryption) for " + address + " from the test CA in "
                        + TestPki.folder(node) + "; signing certificate SHA-256 " + sha256 + ". The node signs this"
                        + " mailbox's mail; other nodes trust it only with node.smime.trust-test-ca or that CA as an anchor.");
                    yield 0;
                }
                case "pki issue-test-client" -> {
                    String software = required(options, "name");
                    Path folder = Path.of(required(options, "out"));
                    java.time.Instant now = java.time.Instant.now();
                    TestCertificateAuthority.Issued client = TestPki.authority(node).application(software,
                        now.minus(java.time.Duration.ofDays(1)), now.plus(java.time.Duration.ofDays(730)));
                    Files.createDirectories(folder);
                    Files.writeString(folder.resolve("client.pem"), TestCertificateAuthority.pem(client.certificate()));
                    Files.writeString(folder.resolve("client-key.pem"), TestCertificateAuthority.pem(client.key()));
                    out.println("Wrote " + folder.resolve("client.pem") + " and " + folder.resolve("client-key.pem")
                        + ": register it with 'directory import-certificate --address A --usage sign-in --file "
                        + folder.resolve("client.pem") + "'.");
                    yield 0;
                }
                case "pki issue-test-tls" -> {
                    String host = required(options, "host");
                    Path folder = Path.of(required(options, "out"));
                    TestCertificateAuthority authority = TestPki.authority(node);
                    TestCertificateAuthority.Issued tls = authority.server(host);
                    Files.createDirectories(folder);
                    Files.writeString(folder.resolve("tls.pem"), TestCertificateAuthority.pem(tls.certificate())
                        + TestCertificateAuthority.pem(authority.certificate()));
                    Files.writeString(folder.resolve("tls-key.pem"), TestCertificateAuthority.pem(tls.key()));
                    out.println("Wrote " + folder.resolve("tls.pem") + " (certificate for " + host + " and the test CA) and "
                        + folder.resolve("tls-key.pem") + ": set node.tls.certificate and node.tls.private-key to them.");
                    yield 0;
                }
                case "patient add" -> {
                    Ins ins = new Ins(required(options, "ins"));
                    Patient patient = patients.register(new Patient(ins, InsOid.parse(options.getOrDefault("oid", "nir")),
                        required(options, "birth-name"), required(options, "first-names"),
                        Optional.ofNullable(options.get("used-name")), date(required(options, "birth-date")),
                        required(options, "sex").toUpperCase(java.util.Locale.ROOT),
                        options.containsKey("inbox") ? Optional.of(ins.matricule() + "@" + node.patientDomain()) : Optional.empty(),
                        Optional.ofNullable(options.get("treating-doctor"))));
                    out.println("Registered patient " + patient.ins().matricule() + " (" + patient.birthName() + " "
                        + patient.firstNames() + ")" + patient.inboxAddress().map(a -> ", secure inbox " + a
                        + " (create its account with 'account create --kind patient')").orElse("") + ".");
                    yield 0;
                }
                case "patient show" -> {
                    Patient patient = patients.find(required(options, "ins"))
                        .orElseThrow(() -> new DirectoryException("No patient " + options.get("ins") + "."));
                    out.println("INS             " + patient.ins().matricule() + " (" + patient.oid().label() + ", "
                        + patient.oid().oid() + ")");
                    out.println("Birth name      " + patient.birthName());
                    out.println("First names     " + patient.firstNames());
                    patient.usedName().ifPresent(name -> out.println("Used name       " + name));
                    out.println("Birth date      " + patient.birthDate());
                    out.println("Sex             " + patient.sex());
                    out.println("Secure inbox    " + patient.inboxAddress().orElse("(none)"));
                    out.println("Treating doctor " + patient.treatingDoctor().map(id -> directory.professional(id)
                        .map(p -> p.displayName() + " (" + id + ")").orElse(id)).orElse("(none declared)"));
                    yield 0;
                }
                case "patient set-treating-doctor" -> {
                    patients.setTreatingDoctor(required(options, "ins"), Optional.ofNullable(options.get("doctor")));
                    out.println(options.containsKey("doctor") ? "Treating doctor declared." : "Treating doctor cleared.");
                    yield 0;
                }
                case "dossier reindex" -> dossier.reindex(out, err);
                case "dossier refusals" -> dossier.refusals((int) Math.max(1, Math.min(count(options, "limit", 50), 10_000)), out);
                case "dossier refusal" -> {
                    required(options, "id");
                    yield dossier.saveRefused(count(options, "id", 0), Path.of(required(options, "out")), out, err);
                }
                case "dossier accesses" -> dossier.accesses(new Ins(required(options, "ins")).matricule(),
                    (int) Math.max(1, Math.min(count(options, "limit", 100), 100_000)), out);
                case "dossier verify-audit" -> dossier.verifyAudit(out, err);
                case "patient set-emergency-access" -> {
                    String allowed = required(options, "allowed");
                    if (!allowed.equals("true") && !allowed.equals("false")) {
                        throw new IllegalArgumentException("--allowed is true or false, not '" + allowed + "'.");
                    }
                    yield dossier.setEmergencyAccess(new Ins(required(options, "ins")).matricule(), allowed.equals("true"), out);
                }
                case "mailbox copy-from-jpa" -> copyFromJpa(out, err);
                default -> {
                    err.println("Unknown command '" + args.get(0) + " " + args.get(1) + "'.\n\n" + USAGE);
                    yield 2;
                }
            };
        } catch (DirectoryException e) {
            err.println("Refused: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("Cannot write or read the files: " + e.getMessage());
            return 1;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
    }

    /**
     * Copies the mailboxes of James's JPA store (a node that ran an earlier version) into the node's mailbox store, as
     * the node does at start: a line a mailbox, then the totals. Resumable: a copy stopped half-way goes on from its
     * last committed batch.
     */
    private int copyFromJpa(PrintStream out, PrintStream err) {
        try {
            JpaStoreCopy copy = new JpaStoreCopy(dataSource);
            switch (copy.state()) {
                case NO_JPA_STORE -> {
                    out.println("Nothing to copy: this database has no James JPA mailbox tables (the node never ran James's JPA mailbox store).");
                    return 0;
                }
                case EMPTY_JPA_STORE -> {
                    out.println("Nothing to copy: James's JPA mailbox tables hold no mailbox.");
                    return 0;
                }
                case FINISHED -> {
                    out.println("Nothing to copy: the copy from James's JPA mailbox store has already finished ("
                        + copy.finishedAt().map(at -> at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString()).orElse("earlier") + ").");
                    return 0;
                }
                case NEEDED -> {
                }
            }
            JpaStoreCopy.Result result = copy.copy(out::println);
            out.println("Copied " + result.mailboxes() + " mailboxes, " + result.messages() + " messages, "
                + result.subscriptions() + " subscriptions, " + result.annotations() + " annotations");
            if (!result.skipped().isEmpty()) {
                result.skipped().forEach(skipped -> err.println("Not copied: " + skipped));
                err.println("The copy has not finished: rename or delete the mailboxes named above in the node's store, then run the command again.");
                return 1;
            }
            return 0;
        } catch (SQLException e) {
            err.println("The copy stopped: " + e.getMessage() + " (what was copied is kept: run the command again to go on).");
            return 1;
        }
    }

    private static int report(ImportReport report, PrintStream out, PrintStream err) {
        if (report.outcome() == ImportReport.Outcome.SUCCEEDED) {
            out.println(report.summary());
        } else {
            err.println(report.summary());
        }
        int shown = 0;
        for (ImportReport.LineIssue issue : report.firstIssues()) {
            if (shown++ == 20) {
                err.println("  ... (" + report.malformed() + " in all; 'directory history --run " + report.runId()
                    + "' lists the first " + report.firstIssues().size() + ")");
                break;
            }
            err.println("  skipped line " + issue.line() + ": " + issue.reason());
        }
        return report.outcome() == ImportReport.Outcome.SUCCEEDED ? 0 : 1;
    }

    private static byte[] readFile(Map<String, String> options) {
        Path path = file(options);
        try {
            if (Files.size(path) > X509Files.MAX_BYTES) {
                throw new DirectoryException(path + " is too large for a certificate file.");
            }
            return Files.readAllBytes(path);
        } catch (java.io.IOException e) {
            throw new DirectoryException("Cannot read " + path + ": " + e.getMessage());
        }
    }

    private static long count(Map<String, String> options, String name, long byDefault) {
        try {
            long value = Long.parseLong(options.getOrDefault(name, String.valueOf(byDefault)).trim());
            if (value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " takes a whole number, not '" + options.get(name) + "'.");
        }
    }

    private static java.time.LocalDate date(String text) {
        try {
            return java.time.LocalDate.parse(text.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("Dates are written YYYY-MM-DD, not '" + text + "'.");
        }
    }

    private static Path file(Map<String, String> options) {
        return Path.of(required(options, "file"));
    }

    private static ImportOptions importOptions(Map<String, String> options) {
        try {
            return new ImportOptions(
                Double.parseDouble(options.getOrDefault("max-errors", String.valueOf(ImportOptions.DEFAULTS.maxErrorRatio()))),
                Double.parseDouble(options.getOrDefault("max-deactivation",
                    String.valueOf(ImportOptions.DEFAULTS.maxDeactivationRatio()))));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--max-errors and --max-deactivation are ratios between 0 and 1, like 0.05.");
        }
    }

    /** Turns a failed start into one sentence, notably the embedded database held by a running node. */
    public static String explainStartupFailure(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = String.valueOf(cause.getMessage());
            if (message.contains("Another instance of Derby may have already booted the database")) {
                return "The embedded database in var/ is in use by a running node. Stop the node first,"
                    + " or run the node on PostgreSQL to administer it live.";
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return "Cannot open the node's database: " + root.getMessage();
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("Unexpected argument '" + arg + "'.");
            }
            String name = arg.substring(2);
            if (name.equals("password-stdin") || name.equals("inbox")) {
                options.put(name, "true");
            } else if (i + 1 < args.size()) {
                options.put(name, args.get(++i));
            } else {
                throw new IllegalArgumentException("Option --" + name + " needs a value.");
            }
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Missing --" + name + ".");
        }
        return value;
    }

    private static String password(Map<String, String> options) {
        if (options.containsKey("password")) {
            return options.get("password");
        }
        Console console = System.console();
        if (console != null && !options.containsKey("password-stdin")) {
            char[] first = console.readPassword("Password: ");
            char[] second = console.readPassword("Password again: ");
            if (first == null || second == null || !new String(first).equals(new String(second))) {
                throw new IllegalArgumentException("The two passwords differ.");
            }
            return new String(first);
        }
        try {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("No password given: use --password, --password-stdin or a terminal.");
            }
            return line;
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the password: " + e.getMessage());
        }
    }
}
