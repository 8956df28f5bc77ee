package fr.mssnode.dossier.store;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

import fr.mssnode.dossier.cda.CdaDocument;
import fr.mssnode.dossier.cda.FilingRejected;
import fr.mssnode.dossier.cda.FilingRejected.Reason;
import fr.mssnode.dossier.index.IndexEntry;

import static fr.mssnode.dossier.store.DocumentRows.cut;
import static fr.mssnode.dossier.store.DocumentRows.marks;

/**
 * The dossier in the database. Filing a document is one transaction: the dossier is created on the patient's
 * first document (opt-out model), the same document filed twice changes nothing, a new version supersedes the
 * one it replaces (which stays in history), and its bytes, facts and the filing's provenance are stored with it.
 */
public class DossierStore {
    /** Beyond this many, the memories of known dossiers and readers start again (they only save queries). */
    private static final int REMEMBERED_MAX = 200_000;

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    // Dossiers and readers committed in the database, remembered so that a filing skips the query asking whether
    // they exist (nothing removes either today; a removal would have to forget them here).
    private final Set<String> knownDossiers = ConcurrentHashMap.newKeySet();
    private final Set<String> knownReaders = ConcurrentHashMap.newKeySet();

    public DossierStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public FilingResult file(DocumentToFile document, Filing filing) throws FilingRejected, SQLException {
        String sha256 = sha256(document.content());
        Rubric rubric = Rubric.of(document.typeCode());
        Set<String> readers = readersOf(document, filing);
        for (int attempt = 1; ; attempt++) {
            try (Connection connection = dataSource.getConnection()) {
                FilingResult result = file(connection, document, filing, readers, sha256, rubric);
                remember(knownDossiers, result.ins());
                readers.forEach(reader -> remember(knownReaders, result.ins() + " " + reader));
                return result;
            } catch (SQLException e) {
                // Two filings at once for a new patient, or of the same document: the other one committed first.
                // Filing again sees it (an existing dossier, or ALREADY_FILED).
                if (attempt < 3 && isUniqueViolation(e)) {
                    continue;
                }
                // Rolled back by the database (a deadlock, or on Derby a lock wait given up while another filing
                // held the same index pages): the filing is whole or nothing, so it is simply done again.
                if (attempt < 5 && isRolledBack(e)) {
                    pause(attempt);
                    continue;
                }
                throw e;
            }
        }
    }

    private static void remember(Set<String> known, String key) {
        if (known.size() >= REMEMBERED_MAX) {
            known.clear();
        }
        known.add(key);
    }

    /** SQLState class 40, transaction rollback (40001 serialization or deadlock, 40P01, Derby's 40XL1 lock timeout). */
    private static boolean isRolledBack(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (next.getSQLState() != null && next.getSQLState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int attempt) throws SQLException {
        try {
            Thread.sleep(20L * attempt + java.util.concurrent.ThreadLocalRandom.current().nextInt(30));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new SQLException("Interrupted while filing again", "40000", interrupted);
        }
    }

    private static boolean isUniqueViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if ("23505".equals(next.getSQLState())) { // the same code on PostgreSQL and Derby
                return true;
            }
        }
        return false;
    }

    private FilingResult file(Connection connection, DocumentToFile document, Filing filing, Set<String> readers, String sha256,
                              Rubric rubric) throws FilingRejected, SQLException {
        String ins = document.ins().matricule();
        // One round trip, before any write: the same document if already filed ('U'), and the current versions it may
        // replace ('C'): the one its RPLC names, or the current version of its set. A filing of the same document at
        // the same moment makes the write fail on the unique document id, and the filing is tried again.
        Optional<long[]> existing = Optional.empty(); // id, current (1/0)
        List<Object[]> currentVersions = new ArrayList<>(); // id, uid, version
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT 'U', id, sha256, current_version, document_uid, version_number, patient_masking, masked_from_professionals"
                + " FROM dossier_document WHERE document_uid = ?"
                + " UNION ALL SELECT 'C', id, sha256, current_version, document_uid, version_number, patient_masking,"
                + " masked_from_professionals FROM dossier_document"
                + " WHERE ins = ? AND current_version = TRUE AND (set_uid = ? OR document_uid = ?)")) {
            select.setString(1, document.documentUid());
            select.setString(2, ins);
            select.setString(3, document.setUid());
            select.setString(4, document.replacesUid().orElse(document.setUid()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    if (rows.getString(1).equals("U")) {
                        if (!rows.getString(3).equals(sha256)) {
                            throw new FilingRejected(Reason.CONFLICT, document.documentUid() + " is already filed with other content");
                        }
                        boolean masking = rows.getBoolean(7);
                        boolean masked = rows.wasNull() ? rows.getBoolean(8) : masking;
                        existing = Optional.of(new long[] {rows.getLong(2), rows.getBoolean(4) ? 1 : 0, masked ? 1 : 0});
                    } else {
                        boolean masking = rows.getBoolean(7);
                        currentVersions.add(new Object[] {rows.getLong(2), rows.getString(5), rows.getInt(6),
                            rows.wasNull() ? null : masking});
                    }
                }
            }
        }
        List<String> newReaders = readers.stream().filter(reader -> !knownReaders.contains(ins + " " + reader)).toList();
        if (existing.isPresent()) {
            // A new recipient of the same document joins the care.
            DocumentRows.insertRefiling(connection, existing.get()[0], ins, filing, newReaders);
            return new FilingResult(FilingResult.Outcome.ALREADY_FILED, existing.get()[0], ins, document.documentUid(),
                document.typeCode(), rubric, existing.get()[1] == 1, Optional.empty(), Optional.empty(), existing.get()[2] == 1);
        }
        Optional<Long> replaced = Optional.empty();
        Optional<String> replacedUid = Optional.empty();
        // The patient's masking of a document holds for its versions: a new version (or an old one arriving late)
        // of a set the patient masked or unmasked is masked or unmasked the same.
        Optional<Boolean> patientMasking = Optional.empty();
        boolean current = true;
        for (Object[] version : currentVersions) {
            if (version[3] != null) {
                patientMasking = Optional.of((Boolean) version[3]);
            }
            if ((Integer) version[2] > document.version() && document.replacesUid().isEmpty()) {
                current = false; // an older version arriving late goes straight to the history
            } else {
                replaced = Optional.of((Long) version[0]);
                replacedUid = Optional.of((String) version[1]);
            }
        }
        long id = DocumentRows.insert(connection, document, sha256, rubric, current, current ? replaced : Optional.empty(),
            patientMasking, filing, knownDossiers.contains(ins), newReaders);
        boolean masked = patientMasking.orElse(document.flags().contains(DocumentToFile.MASKED_FROM_PROFESSIONALS));
        return new FilingResult(FilingResult.Outcome.FILED, id, ins, document.documentUid(), document.typeCode(), rubric,
            current, current ? replaced : Optional.empty(), current ? replacedUid : Optional.empty(), masked);
    }

    /** Readers of a dossier: the sender and recipients (by address) and the author (by national id). */
    private static Set<String> readersOf(DocumentToFile document, Filing filing) {
        Set<String> readers = new LinkedHashSet<>();
        if (filing.sender() != null && !filing.sender().isBlank()) {
            readers.add(cut(Readers.mailbox(filing.sender()), 260));
        }
        filing.recipients().forEach(r -> readers.add(cut(Readers.mailbox(r), 260)));
        document.authorId().ifPresent(a -> readers.add(cut(Readers.professional(a), 260)));
        return readers;
    }

    /** The dossiers any of these readers (see {@link Readers}) may open. */
    public Set<String> readableDossiers(Collection<String> readers) {
        if (readers.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.queryForList("SELECT DISTINCT ins FROM dossier_reader WHERE reader IN (" + marks(readers.size()) + ")",
            String.class, readers.toArray()));
    }

    /** Whether any of these readers may open the patient's dossier. */
    public boolean mayRead(String ins, Collection<String> readers) {
        if (readers.isEmpty()) {
            return false;
        }
        List<Object> args = new ArrayList<>(readers);
        args.add(0, ins);
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM dossier_reader WHERE ins = ? AND reader IN (" + marks(readers.size()) + ")",
            Integer.class, args.toArray());
        return count != null && count > 0;
    }

    /** Largest refused attachment whose bytes are kept; a larger one is in the recipients' mailboxes only. */
    public static final int REFUSAL_CONTENT_LIMIT = 25 * 1024 * 1024;

    /** Keeps a document that could not be filed, with its reason, for the operator. */
    public long recordRefusal(String attachment, byte[] content, FilingRejected rejected, Filing filing) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO dossier_refusal (attachment, reason_code,"
                 + " reason, message_id, sender, recipients, size_bytes, sha256, refused_at, content)"
                 + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", DocumentRows.idColumn(connection))) {
            insert.setString(1, cut(attachment, 300));
            insert.setString(2, cut(rejected.reason().code(), 40));
            insert.setString(3, cut(rejected.getMessage(), 1000));
            insert.setString(4, cut(filing.messageId(), 300));
            insert.setString(5, cut(filing.sender(), 254));
            insert.setString(6, cut(String.join(",", filing.recipients()), 2000));
            insert.setLong(7, content.length);
            insert.setString(8, sha256(content));
            insert.setTimestamp(9, Timestamp.from(Instant.now()));
            insert.setBytes(10, content.length <= REFUSAL_CONTENT_LIMIT ? content : null);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** A document that could not be filed, as kept for the operator. */
    public record Refusal(long id, Instant refusedAt, String attachment, String reasonCode, String reason, String messageId,
                          String sender, String recipients, long sizeBytes, String sha256, boolean contentKept) {
    }

    /** The latest refusals, newest first. */
    public List<Refusal> refusals(int limit) {
        JdbcTemplate limited = new JdbcTemplate(dataSource);
        limited.setMaxRows(limit);
        return limited.query("SELECT id, refused_at, attachment, reason_code, reason, message_id, sender, recipients, size_bytes,"
                + " sha256, CASE WHEN content IS NULL THEN 0 ELSE 1 END FROM dossier_refusal ORDER BY id DESC",
            (rs, row) -> new Refusal(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getLong(9), rs.getString(10),
                rs.getInt(11) == 1));
    }

    /** The kept bytes of a refused attachment. */
    public Optional<byte[]> refusedContent(long refusalId) {
        return jdbc.query("SELECT content FROM dossier_refusal WHERE id = ?", (rs, row) -> rs.getBytes(1), refusalId)
            .stream().filter(Objects::nonNull).findFirst();
    }

    /** A document of the dossier as listed (no content). */
    public record StoredDocument(long id, String ins, String documentUid, String setUid, int version, boolean current,
                                 Rubric rubric, String typeCode, String typeDisplay, String title,
                                 Optional<String> effectiveTime, Optional<String> authorId, String authorName, String mediaType,
                                 String sha256, long sizeBytes, Instant filedAt, boolean maskedFromProfessionals,
                                 boolean invisibleToPatient, Optional<Long> supersededBy, Optional<Boolean> patientMasking,
                                 Optional<Instant> releasedAt) {
        /**
         * Whether the document is masked from professionals now: as the patient decided, else as it was filed
         * (MASQUE_PS). {@link #maskedFromProfessionals()} is the flag it was filed with.
         */
        public boolean masked() {
            return patientMasking.orElse(maskedFromProfessionals);
        }
    }

    private static final String DOCUMENT_COLUMNS = "id, ins, document_uid, set_uid, version_number, current_version, rubric,"
        + " type_code, type_display, title, effective_time, author_id, author_name, media_type, sha256, size_bytes, filed_at,"
        + " masked_from_professionals, invisible_to_patient, superseded_by, patient_masking, released_at";

    private static StoredDocument document(ResultSet rs, int row) throws SQLException {
        long supersededBy = rs.getLong(20);
        Optional<Long> superseded = rs.wasNull() ? Optional.empty() : Optional.of(supersededBy);
        boolean patientMasking = rs.getBoolean(21);
        Optional<Boolean> masking = rs.wasNull() ? Optional.empty() : Optional.of(patientMasking);
        Optional<Instant> releasedAt = Optional.ofNullable(rs.getTimestamp(22)).map(Timestamp::toInstant);
        return new StoredDocument(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getInt(5),
            rs.getBoolean(6), Rubric.valueOf(rs.getString(7)), rs.getString(8), rs.getString(9), rs.getString(10),
            Optional.ofNullable(rs.getString(11)), Optional.ofNullable(rs.getString(12)), rs.getString(13), rs.getString(14),
            rs.getString(15), rs.getLong(16), rs.getTimestamp(17).toInstant(), rs.getBoolean(18), rs.getBoolean(19), superseded,
            masking, releasedAt);
    }

    public Optional<StoredDocument> document(long id) {
        return jdbc.query("SELECT " + DOCUMENT_COLUMNS + " FROM dossier_document WHERE id = ?", DossierStore::document, id)
            .stream().findFirst();
    }

    /** The patient as the first document of the dossier named them. */
    public record DossierPatient(String ins, String insOid, String birthName, String givenNames, Optional<LocalDate> birthDate,
                                 Optional<String> sex, Instant createdAt) {
    }

    public Optional<DossierPatient> dossier(String ins) {
        return jdbc.query("SELECT ins, ins_oid, birth_name, given_names, birth_date, sex, created_at FROM dossier WHERE ins = ?",
            (rs, row) -> new DossierPatient(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                Optional.ofNullable(rs.getDate(5)).map(Date::toLocalDate), Optional.ofNullable(rs.getString(6)),
                rs.getTimestamp(7).toInstant()), ins).stream().findFirst();
    }

    /** What the index must know of a document to filter it: whether it is current, and masked from professionals. */
    public record DocumentState(long id, boolean current, boolean masked) {
    }

    /** The masking the patient decided, else the document's own flag (SQL). */
    private static final String MASKED = "CASE WHEN patient_masking IS NULL THEN masked_from_professionals ELSE patient_masking END";

    /** A document changed by a node (PostgreSQL only: table dossier_index_change, written by a trigger). */
    public record IndexChange(long seq, long documentId, String changedBy) {
    }

    /** The documents changed after {@code seq}, in order (several nodes on one PostgreSQL). */
    public List<IndexChange> indexChangesAfter(long seq) {
        return jdbc.query("SELECT seq, document_id, changed_by FROM dossier_index_change WHERE seq > ? ORDER BY seq",
            (rs, row) -> new IndexChange(rs.getLong(1), rs.getLong(2), rs.getString(3)), seq);
    }

    /** The number of the last change written before {@code before} (0 when none). */
    public long lastIndexChangeBefore(Instant before) {
        Long last = jdbc.queryForObject("SELECT MAX(seq) FROM dossier_index_change WHERE changed_at < ?", Long.class,
            Timestamp.from(before));
        return last == null ? 0 : last;
    }

    /** Forgets the changes older than {@code before}; how many. */
    public int purgeIndexChanges(Instant before) {
        return jdbc.update("DELETE FROM dossier_index_change WHERE changed_at < ?", Timestamp.from(before));
    }

    /** Every document's state, in ascending id order: what the index must hold. */
    public void forEachDocumentState(Consumer<DocumentState> action) throws SQLException {
        streamed("SELECT id, current_version, " + MASKED + " FROM dossier_document ORDER BY id", List.of(),
            rs -> action.accept(new DocumentState(rs.getLong(1), rs.getBoolean(2), rs.getBoolean(3))));
    }

    /** What the index holds of each document (all of them, or those named), read as a stream. */
    public void forEachIndexEntry(Optional<List<Long>> only, Consumer<IndexEntry> action)
        throws SQLException {
        String select = "SELECT d.id, d.ins, d.type_code, d.type_display, d.rubric, d.author_id, d.author_name, d.effective_time,"
            + " d.filed_at, d.title, c.search_text, d.current_version,"
            + " CASE WHEN d.patient_masking IS NULL THEN d.masked_from_professionals ELSE d.patient_masking END"
            + " FROM dossier_document d JOIN dossier_content c ON c.document_id = d.id";
        RowAction toEntry = rs -> action.accept(new IndexEntry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
            rs.getString(5), Optional.ofNullable(rs.getString(6)), rs.getString(7),
            IndexEntry.dayOf(Optional.ofNullable(rs.getString(8))), rs.getTimestamp(9).toInstant(), rs.getString(10),
            rs.getString(11), rs.getBoolean(12), rs.getBoolean(13)));
        if (only.isEmpty()) {
            streamed(select + " ORDER BY d.id", List.of(), toEntry);
            return;
        }
        List<Long> ids = List.copyOf(only.get());
        for (int start = 0; start < ids.size(); start += 500) {
            List<Long> chunk = ids.subList(start, Math.min(ids.size(), start + 500));
            streamed(select + " WHERE d.id IN (" + marks(chunk.size()) + ")",
                chunk, toEntry);
        }
    }

    private interface RowAction {
        void accept(ResultSet row) throws SQLException;
    }

    /** A query read row by row (a cursor: PostgreSQL only streams inside a transaction with a fetch size). */
    private void streamed(String sql, List<Long> parameters, RowAction action) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setFetchSize(500);
                for (int i = 0; i < parameters.size(); i++) {
                    select.setLong(i + 1, parameters.get(i));
                }
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        action.accept(rows);
                    }
                }
                connection.commit();
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    /** Current documents of a patient, newest first. */
    public List<StoredDocument> currentDocuments(String ins) {
        return jdbc.query("SELECT " + DOCUMENT_COLUMNS + " FROM dossier_document WHERE ins = ? AND current_version = TRUE"
            + " ORDER BY filed_at DESC, id DESC", DossierStore::document, ins);
    }

    /** Every version of a document's set, newest first. */
    public List<StoredDocument> history(String setUid) {
        return jdbc.query("SELECT " + DOCUMENT_COLUMNS + " FROM dossier_document WHERE set_uid = ? ORDER BY version_number DESC, id DESC",
            DossierStore::document, setUid);
    }

    /** A structured fact and the document it was taken from. */
    public record DocumentFact(long documentId, CdaDocument.Fact fact) {
    }

    /** The facts of the patient's current documents, by kind and name: the synthesis, before access rules. */
    public List<DocumentFact> currentFacts(String ins) {
        return jdbc.query("SELECT f.document_id, f.kind, f.code, f.code_system, f.display, f.fact_value, f.unit, f.effective_time"
                + " FROM dossier_fact f JOIN dossier_document d ON d.id = f.document_id"
                + " WHERE f.ins = ? AND d.current_version = TRUE ORDER BY f.kind, f.display",
            (rs, row) -> new DocumentFact(rs.getLong(1), new CdaDocument.Fact(CdaDocument.FactKind.valueOf(rs.getString(2)),
                rs.getString(3), rs.getString(4), rs.getString(5), Optional.ofNullable(rs.getString(6)),
                Optional.ofNullable(rs.getString(7)), Optional.ofNullable(rs.getString(8)))), ins);
    }

    /**
     * The patient masks (or unmasks) a document from professionals: every version of its set in the dossier.
     * Returns the documents whose masking changed (an event for the access history and the index).
     */
    public List<Long> setPatientMasking(String ins, String setUid, boolean masked) {
        List<Long> changed = jdbc.query("SELECT id, " + MASKED + " FROM dossier_document WHERE ins = ? AND set_uid = ?",
            (rs, row) -> rs.getBoolean(2) == masked ? null : rs.getLong(1), ins, setUid).stream().filter(Objects::nonNull).toList();
        jdbc.update("UPDATE dossier_document SET patient_masking = ? WHERE ins = ? AND set_uid = ?", masked, ins, setUid);
        return changed;
    }

    /** The author releases a document not yet visible to the patient. False when it was released already. */
    public boolean release(long documentId, Instant at) {
        return jdbc.update("UPDATE dossier_document SET released_at = ? WHERE id = ? AND released_at IS NULL",
            Timestamp.from(at), documentId) == 1;
    }

    public byte[] content(long documentId) {
        return jdbc.queryForObject("SELECT content FROM dossier_content WHERE document_id = ?",
            (rs, row) -> rs.getBytes(1), documentId);
    }

    public int filings(long documentId) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM dossier_filing WHERE document_id = ?", Integer.class, documentId);
        return count == null ? 0 : count;
    }

    public boolean hasDossier(String ins) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM dossier WHERE ins = ?", Integer.class, ins);
        return count != null && count > 0;
    }
}
