package fr.mssnode.directory.extract;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import fr.mssnode.directory.Addresses;
import fr.mssnode.directory.Names;
import fr.mssnode.directory.DirectoryVersion;
import fr.mssnode.directory.extract.ProfessionalLines.BadLine;
import fr.mssnode.directory.extract.ProfessionalLines.Professional;
import fr.mssnode.directory.extract.ProfessionalLines.Site;

/**
 * Imports the public extracts into the directory. Each import is one database transaction: it adds what is
 * new, updates what changed, deactivates what disappeared, and either commits all of it or nothing (bad file,
 * too many malformed lines, suspiciously many deactivations). Streaming: memory does not grow with the file.
 */
public class DirectoryImporter {
    private static final String SPLIT = "split";
    private static final long PROGRESS_EVERY_LINES = 10_000;

    private final DataSource dataSource;
    private final ImportRuns runs;

    public DirectoryImporter(DataSource dataSource) {
        this.dataSource = dataSource;
        this.runs = new ImportRuns(dataSource);
    }

    public ImportRuns runs() {
        return runs;
    }

    public ImportReport importProfessionals(Path file, ImportOptions options, ImportProgress progress) {
        return run(ImportKind.PROFESSIONALS, file, options, progress, this::mergeProfessionals);
    }

    public ImportReport importMailboxes(Path file, ImportOptions options, ImportProgress progress) {
        return run(ImportKind.MAILBOXES, file, options, progress, this::mergeMailboxes);
    }

    public ImportReport importWhitelist(Path file, ImportOptions options) {
        return run(ImportKind.WHITELIST, file, options, ImportProgress.NONE, this::mergeWhitelist);
    }

    /** Counts of one run, filled while it goes. */
    static final class Tally {
        long lines;
        long malformed;
        long added;
        long updated;
        long unchanged;
        long deactivated;
        final List<ImportReport.LineIssue> firstIssues = new ArrayList<>();
    }

    @FunctionalInterface
    interface Merge {
        void merge(Connection connection, long runId, Path file, ImportOptions options, ImportProgress progress, Tally tally)
            throws IOException, SQLException;
    }

    private ImportReport run(ImportKind kind, Path file, ImportOptions options, ImportProgress progress, Merge merge) {
        Instant started = Instant.now();
        String fileName = file.getFileName().toString();
        if (!Files.isRegularFile(file)) {
            throw new ExtractException("No such file: " + file);
        }
        long runId = runs.start(kind, fileName, started);
        Tally tally = new Tally();
        ImportReport.Outcome outcome = ImportReport.Outcome.SUCCEEDED;
        String detail = null;
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                merge.merge(connection, runId, file, options, progress, tally);
                DirectoryVersion.bump(connection);
                connection.commit();
            } catch (IOException | SQLException | RuntimeException failure) {
                connection.rollback();
                outcome = ImportReport.Outcome.ABORTED;
                detail = failure instanceof ExtractException ? failure.getMessage() : describe(failure);
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException noConnection) {
            outcome = ImportReport.Outcome.ABORTED;
            detail = "the database could not be reached: " + noConnection.getMessage();
        }
        for (ImportReport.LineIssue issue : tally.firstIssues) {
            runs.issue(runId, issue);
        }
        ImportReport report = new ImportReport(runId, kind, fileName, started, Duration.between(started, Instant.now()),
            outcome, tally.lines, tally.malformed, outcome == ImportReport.Outcome.SUCCEEDED ? tally.added : 0,
            outcome == ImportReport.Outcome.SUCCEEDED ? tally.updated : 0,
            outcome == ImportReport.Outcome.SUCCEEDED ? tally.unchanged : 0,
            outcome == ImportReport.Outcome.SUCCEEDED ? tally.deactivated : 0, List.copyOf(tally.firstIssues), detail);
        runs.finish(report);
        return report;
    }

    private static String describe(Exception failure) {
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return "unexpected failure (" + message + ")";
    }

    /** One more line read; the progress bar moves every {@value #PROGRESS_EVERY_LINES} lines. */
    private static void counted(Tally tally, ExtractReader extract, long size, ImportProgress progress) {
        tally.lines++;
        if (tally.lines % PROGRESS_EVERY_LINES == 0) {
            progress.progress(extract.bytesRead(), size, tally.lines);
        }
    }

    private static void malformed(Tally tally, long line, String reason) {
        tally.malformed++;
        if (tally.firstIssues.size() < ImportRuns.KEPT_ISSUES) {
            tally.firstIssues.add(new ImportReport.LineIssue(line, reason));
        }
    }

    /** Too many malformed lines means the wrong file or a broken one: better to change nothing. */
    private static void checkErrorRatio(Tally tally, ImportOptions options, String fileName) {
        if (tally.lines == 0) {
            throw new ExtractException(fileName + " has a header but no data lines.");
        }
        double ratio = tally.malformed / (double) tally.lines;
        if (ratio > options.maxErrorRatio()) {
            throw new ExtractException(String.format("%,d of %,d lines are malformed (%.2f%%, more than the %.2f%% allowed);"
                    + " first: line %d, %s.", tally.malformed, tally.lines, ratio * 100, options.maxErrorRatio() * 100,
                tally.firstIssues.get(0).line(), tally.firstIssues.get(0).reason()));
        }
    }

    /** Deactivates what this run did not see, unless that is suspiciously much. */
    private static long deactivateUnseen(Connection connection, String table, long runId, ImportOptions options,
                                         String what) throws SQLException {
        long unseen = count(connection, "SELECT COUNT(*) FROM " + table + " WHERE active = TRUE AND seen_run <> ?", runId);
        long active = count(connection, "SELECT COUNT(*) FROM " + table + " WHERE active = TRUE");
        if (unseen > 0 && unseen > options.maxDeactivationRatio() * active) {
            throw new ExtractException(String.format("it would deactivate %,d of %,d active %s (more than %.0f%%):"
                    + " is the file complete? Import it with a higher --max-deactivation if this is intended.",
                unseen, active, what, options.maxDeactivationRatio() * 100));
        }
        try (PreparedStatement deactivate = connection.prepareStatement("UPDATE " + table
            + " SET active = FALSE, updated_at = ? WHERE active = TRUE AND seen_run <> ?")) {
            deactivate.setTimestamp(1, Timestamp.from(Instant.now()));
            deactivate.setLong(2, runId);
            return deactivate.executeUpdate();
        }
    }

    private static long count(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    // ---- professionals ------------------------------------------------------------------------------------

    private void mergeProfessionals(Connection connection, long runId, Path file, ImportOptions options,
                                    ImportProgress progress, Tally tally) throws IOException, SQLException {
        long size = Files.size(file);
        ProfessionalMerge merge = new ProfessionalMerge(connection, runId);
        try (InputStream in = Files.newInputStream(file); ExtractReader extract = new ExtractReader(in, file.getFileName().toString())) {
            ProfessionalLines.requireColumns(extract);
            try (ParsedAhead<Professional> parsed = new ParsedAhead<>("import-professionals", sink -> {
                Professional group = null;
                Optional<ExtractReader.Row> next;
                while ((next = extract.next()).isPresent()) {
                    ExtractReader.Row row = next.get();
                    counted(tally, extract, size, progress);
                    Professional line;
                    try {
                        line = ProfessionalLines.parse(extract, row);
                    } catch (BadLine bad) {
                        malformed(tally, row.lineNumber(), bad.getMessage());
                        continue;
                    }
                    // The lines of one professional follow each other: gather their activities.
                    if (group != null && group.nationalId().equals(line.nationalId()) && group.sites().size() < 500) {
                        List<Site> sites = new ArrayList<>(group.sites());
                        sites.addAll(line.sites());
                        group = withSites(group, sites);
                    } else {
                        if (group != null) {
                            sink.accept(group);
                        }
                        group = line;
                    }
                }
                if (group != null) {
                    sink.accept(group);
                }
            })) {
                parsed.writeAll(merge::add);
            }
            merge.flush();
            progress.progress(size, size, tally.lines);
            checkErrorRatio(tally, options, file.getFileName().toString());
        }
        tally.added = merge.added;
        tally.updated = merge.updated;
        tally.unchanged = merge.unchanged;
        tally.deactivated = deactivateUnseen(connection, "professional", runId, options, "professionals");
    }

    private static Professional withSites(Professional p, List<Site> sites) {
        return new Professional(p.nationalId(), p.idType(), p.civility(), p.title(), p.firstName(), p.lastName(),
            p.professionCode(), p.professionLabel(), p.specialtyCode(), p.specialtyLabel(), sites);
    }

    private static final class ProfessionalMerge extends ChunkedMerge<Professional> {
        private final Timestamp now = Timestamp.from(Instant.now());

        ProfessionalMerge(Connection connection, long runId) throws SQLException {
            super(connection, runId);
        }

        @Override
        String key(Professional p) {
            return p.nationalId();
        }

        @Override
        String fingerprint(Professional p) {
            StringBuilder all = new StringBuilder(512);
            append(all, p.idType(), p.civility(), p.title(), p.firstName(), p.lastName(), p.professionCode(),
                p.professionLabel(), p.specialtyCode(), p.specialtyLabel());
            for (Site s : p.sites()) {
                append(all, s.roleCode(), s.roleLabel(), s.practiceMode(), s.structureName(), s.finess(), s.siret(),
                    s.address(), s.postcode(), s.city(), s.phone(), s.email());
            }
            return sha256(all.toString());
        }

        @Override
        String table() {
            return "professional";
        }

        @Override
        String keyColumn() {
            return "national_id";
        }

        @Override
        String updateSql() {
            return "UPDATE professional SET id_type = ?, civility = ?, exercise_title = ?, first_name = ?, last_name = ?,"
                + " search_name = ?, search_given = ?, profession_code = ?, profession_label = ?, specialty_code = ?, specialty_label = ?,"
                + " fingerprint = ?, active = TRUE, seen_run = ?, updated_at = ? WHERE national_id = ? AND seen_run <> ?";
        }

        @Override
        void bindUpdate(PreparedStatement update, Professional p) throws SQLException {
            int i = bindFields(update, p);
            update.setString(i++, fingerprint(p));
            update.setLong(i++, runId);
            update.setTimestamp(i++, now);
            update.setString(i++, p.nationalId());
            update.setLong(i, runId);
        }

        private static int bindFields(PreparedStatement statement, Professional p) throws SQLException {
            int i = 1;
            statement.setString(i++, p.idType());
            statement.setString(i++, p.civility());
            statement.setString(i++, p.title());
            statement.setString(i++, p.firstName());
            statement.setString(i++, p.lastName());
            statement.setString(i++, ProfessionalLines.cut(p.searchName(), 210));
            statement.setString(i++, p.firstName() == null ? null : Names.givenKey(p.firstName()));
            statement.setString(i++, p.professionCode());
            statement.setString(i++, p.professionLabel());
            statement.setString(i++, p.specialtyCode());
            statement.setString(i++, p.specialtyLabel());
            return i;
        }

        @Override
        String insertSql() {
            return "INSERT INTO professional (id_type, civility, exercise_title, first_name, last_name, search_name, search_given,"
                + " profession_code, profession_label, specialty_code, specialty_label, fingerprint, active, seen_run,"
                + " updated_at, national_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?)";
        }

        @Override
        void bindInsert(PreparedStatement insert, Professional p) throws SQLException {
            int i = bindFields(insert, p);
            insert.setString(i++, fingerprint(p));
            insert.setLong(i++, runId);
            insert.setTimestamp(i++, now);
            insert.setString(i, p.nationalId());
        }

        @Override
        void replaceChildren(List<Professional> changed) throws SQLException {
            if (changed.isEmpty()) {
                return;
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM activity WHERE national_id = ?")) {
                for (Professional p : changed) {
                    delete.setString(1, p.nationalId());
                    delete.addBatch();
                }
                delete.executeBatch();
            }
            insertSites(changed, 0);
        }

        @Override
        void insertChildren(List<Professional> inserted) throws SQLException {
            if (!inserted.isEmpty()) {
                insertSites(inserted, 0);
            }
        }

        private void insertSites(List<Professional> professionals, int firstIndex) throws SQLException {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO activity (national_id, site_index,"
                + " role_code, role_label, practice_mode, structure_name, finess, siret, address, postcode, city,"
                + " search_city, phone, email) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (Professional p : professionals) {
                    int index = firstIndex;
                    for (Site s : p.sites()) {
                        int i = 1;
                        insert.setString(i++, p.nationalId());
                        insert.setInt(i++, index++);
                        insert.setString(i++, s.roleCode());
                        insert.setString(i++, s.roleLabel());
                        insert.setString(i++, s.practiceMode());
                        insert.setString(i++, s.structureName());
                        insert.setString(i++, s.finess());
                        insert.setString(i++, s.siret());
                        insert.setString(i++, s.address());
                        insert.setString(i++, s.postcode());
                        insert.setString(i++, s.city());
                        insert.setString(i++, ProfessionalLines.searchCity(s.city()));
                        insert.setString(i++, s.phone());
                        insert.setString(i, s.email());
                        insert.addBatch();
                    }
                }
                insert.executeBatch();
            }
        }

        /** More lines of a professional met further down the file: add their activities. */
        @Override
        void seenAgain(Professional p) throws SQLException {
            int next = (int) count(connection, "SELECT COALESCE(MAX(site_index) + 1, 0) FROM activity WHERE national_id = ?",
                p.nationalId());
            insertSites(List.of(p), next);
            try (PreparedStatement split = connection.prepareStatement(
                "UPDATE professional SET fingerprint = ? WHERE national_id = ?")) {
                // Never "unchanged" next time: its lines must be gathered again from all over the file.
                split.setString(1, SPLIT);
                split.setString(2, p.nationalId());
                split.executeUpdate();
            }
        }
    }

    // ---- MSSanté mailboxes ---------------------------------------------------------------------------------

    record Mailbox(String address, String type, String ownerNationalId, String structureId, String structureName,
                   String service) {
    }

    private void mergeMailboxes(Connection connection, long runId, Path file, ImportOptions options,
                                ImportProgress progress, Tally tally) throws IOException, SQLException {
        long size = Files.size(file);
        MailboxMerge merge = new MailboxMerge(connection, runId);
        try (InputStream in = Files.newInputStream(file); ExtractReader extract = new ExtractReader(in, file.getFileName().toString())) {
            extract.require("the mailbox address", "Adresse BAL");
            extract.require("the mailbox type", "Type de BAL");
            try (ParsedAhead<Mailbox> parsed = new ParsedAhead<>("import-mailboxes", sink -> {
                Optional<ExtractReader.Row> next;
                while ((next = extract.next()).isPresent()) {
                    ExtractReader.Row row = next.get();
                    counted(tally, extract, size, progress);
                    try {
                        sink.accept(mailbox(extract, row));
                    } catch (BadLine bad) {
                        malformed(tally, row.lineNumber(), bad.getMessage());
                    }
                }
            })) {
                parsed.writeAll(merge::add);
            }
            merge.flush();
            progress.progress(size, size, tally.lines);
            checkErrorRatio(tally, options, file.getFileName().toString());
        }
        tally.added = merge.added;
        tally.updated = merge.updated;
        tally.unchanged = merge.unchanged;
        tally.deactivated = deactivateUnseen(connection, "mss_mailbox", runId, options, "mailboxes");
    }

    private static Mailbox mailbox(ExtractReader extract, ExtractReader.Row row) {
        if (!extract.hasHeaderShape(row)) {
            throw new BadLine(row.fieldCount() + " fields where the header has " + extract.headerSize());
        }
        String type = row.get("Type de BAL").toUpperCase(java.util.Locale.ROOT);
        if (!List.of("PER", "ORG", "APP", "CAB").contains(type)) {
            throw new BadLine("mailbox type '" + type + "' is none of PER, ORG, APP, CAB");
        }
        String address = row.get("Adresse BAL");
        if (!Addresses.isValid(address)) {
            throw new BadLine("'" + address + "' is not an e-mail address");
        }
        String owner = row.first("Identification nationale PP");
        if (owner.isEmpty() && !row.get("Identifiant PP").isEmpty()) {
            owner = row.get("Type d'identifiant PP") + row.get("Identifiant PP");
        }
        if ((type.equals("PER") || type.equals("CAB")) && owner.isEmpty()) {
            throw new BadLine(type + " mailbox " + address + " has no owner (Identification nationale PP)");
        }
        if (!owner.isEmpty() && !owner.matches("8[0-9]{11}|0[0-9]{9}")) {
            throw new BadLine("owner '" + owner + "' is not an RPPS or ADELI national identifier");
        }
        return new Mailbox(Addresses.normalize(address), type, owner.isEmpty() ? null : owner,
            ProfessionalLines.cut(row.get("Identification Structure"), 40),
            ProfessionalLines.cut(row.get("Raison sociale structure BAL"), 200),
            ProfessionalLines.cut(row.get("Service de rattachement"), 200));
    }

    private static final class MailboxMerge extends ChunkedMerge<Mailbox> {
        private final Timestamp now = Timestamp.from(Instant.now());

        MailboxMerge(Connection connection, long runId) throws SQLException {
            super(connection, runId);
        }

        @Override
        String key(Mailbox m) {
            return m.address();
        }

        @Override
        String fingerprint(Mailbox m) {
            StringBuilder all = new StringBuilder(256);
            append(all, m.type(), m.ownerNationalId(), m.structureId(), m.structureName(), m.service());
            return sha256(all.toString());
        }

        @Override
        String table() {
            return "mss_mailbox";
        }

        @Override
        String keyColumn() {
            return "address";
        }

        @Override
        String updateSql() {
            return "UPDATE mss_mailbox SET mailbox_type = ?, owner_national_id = ?, structure_id = ?, structure_name = ?,"
                + " service = ?, fingerprint = ?, active = TRUE, seen_run = ?, updated_at = ? WHERE address = ? AND seen_run <> ?";
        }

        @Override
        void bindUpdate(PreparedStatement update, Mailbox m) throws SQLException {
            int i = bindFields(update, m);
            update.setLong(i++, runId);
            update.setTimestamp(i++, now);
            update.setString(i++, m.address());
            update.setLong(i, runId);
        }

        private int bindFields(PreparedStatement statement, Mailbox m) throws SQLException {
            statement.setString(1, m.type());
            statement.setString(2, m.ownerNationalId());
            statement.setString(3, m.structureId());
            statement.setString(4, m.structureName());
            statement.setString(5, m.service());
            statement.setString(6, fingerprint(m));
            return 7;
        }

        @Override
        String insertSql() {
            return "INSERT INTO mss_mailbox (mailbox_type, owner_national_id, structure_id, structure_name, service,"
                + " fingerprint, active, seen_run, updated_at, address) VALUES (?, ?, ?, ?, ?, ?, TRUE, ?, ?, ?)";
        }

        @Override
        void bindInsert(PreparedStatement insert, Mailbox m) throws SQLException {
            int i = bindFields(insert, m);
            insert.setLong(i++, runId);
            insert.setTimestamp(i++, now);
            insert.setString(i, m.address());
        }

        @Override
        void seenAgain(Mailbox m) {
            // The same address twice in one extract: the first line wins.
        }
    }

    // ---- trusted operators whitelist -----------------------------------------------------------------------

    private void mergeWhitelist(Connection connection, long runId, Path file, ImportOptions options,
                                ImportProgress progress, Tally tally) throws IOException, SQLException {
        List<String> domains;
        try (InputStream in = Files.newInputStream(file)) {
            domains = Whitelist.domains(in, file.getFileName().toString());
        }
        Timestamp now = Timestamp.from(Instant.now());
        for (String domain : domains) {
            tally.lines++;
            String normalized;
            try {
                normalized = Addresses.normalizeDomain(domain);
            } catch (RuntimeException bad) {
                malformed(tally, tally.lines, "'" + domain + "' is not a domain name");
                continue;
            }
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE trusted_operator SET active = TRUE, origin = 'whitelist' WHERE domain = ? AND (active = FALSE"
                    + " OR origin <> 'whitelist' OR origin IS NULL)")) {
                update.setString(1, normalized);
                if (update.executeUpdate() == 1) {
                    tally.updated++;
                    continue;
                }
            }
            if (count(connection, "SELECT COUNT(*) FROM trusted_operator WHERE domain = ?", normalized) == 1) {
                tally.unchanged++;
                continue;
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO trusted_operator (domain, relay,"
                + " added_at, origin, active) VALUES (?, NULL, ?, 'whitelist', TRUE)")) {
                insert.setString(1, normalized);
                insert.setTimestamp(2, now);
                insert.executeUpdate();
                tally.added++;
            }
        }
        checkErrorRatio(tally, options, file.getFileName().toString());
        // Domains that left the whitelist stop being trusted (domains added by hand stay).
        List<String> kept = domains.stream().map(String::trim).map(d -> d.toLowerCase(java.util.Locale.ROOT)).toList();
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT domain FROM trusted_operator WHERE origin = 'whitelist' AND active = TRUE");
             ResultSet rows = select.executeQuery()) {
            List<String> gone = new ArrayList<>();
            while (rows.next()) {
                if (!kept.contains(rows.getString(1))) {
                    gone.add(rows.getString(1));
                }
            }
            long active = count(connection, "SELECT COUNT(*) FROM trusted_operator WHERE origin = 'whitelist' AND active = TRUE");
            if (!gone.isEmpty() && gone.size() > options.maxDeactivationRatio() * active) {
                throw new ExtractException(String.format("it would stop trusting %d of %d whitelisted operator domains"
                    + " (more than %.0f%%): is the file complete?", gone.size(), active, options.maxDeactivationRatio() * 100));
            }
            try (PreparedStatement deactivate = connection.prepareStatement(
                "UPDATE trusted_operator SET active = FALSE WHERE domain = ?")) {
                for (String domain : gone) {
                    deactivate.setString(1, domain);
                    deactivate.addBatch();
                }
                if (!gone.isEmpty()) {
                    deactivate.executeBatch();
                }
            }
            tally.deactivated = gone.size();
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private static void append(StringBuilder all, String... values) {
        for (String value : values) {
            all.append(value == null ? "" : value).append('\u001f');
        }
        all.append('\u001e');
    }

    static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
