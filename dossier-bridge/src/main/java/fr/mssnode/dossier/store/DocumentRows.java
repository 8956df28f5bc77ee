package fr.mssnode.dossier.store;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import fr.mssnode.dossier.cda.CdaDocument.Fact;

/**
 * The rows a new document adds: the patient's dossier if new, the document, its bytes, its facts, the filing that
 * brought it, the mark on the earlier version it supersedes and the dossier's new readers. Portable SQL writes
 * them one statement after the other in a transaction (Derby, embedded: a statement costs no round trip). On
 * PostgreSQL one statement writes them all, its parts being data-modifying WITH queries: one round trip and no
 * transaction to open and commit, where round trips were about half of what a filing cost the database server.
 */
final class DocumentRows {
    private static final String DOSSIER_COLUMNS = "ins, ins_oid, birth_name, given_names, birth_date, sex, created_at";
    private static final String DOCUMENT_COLUMNS = "ins, document_uid, set_uid, version_number, replaces_uid, current_version,"
        + " type_code, type_display, rubric, title, effective_time, confidentiality, masked_from_professionals,"
        + " invisible_to_patient, invisible_to_legal_representatives, author_id, author_name, custodian, media_type, sha256,"
        + " size_bytes, filed_at, patient_masking";
    private static final int DOCUMENT_COLUMN_COUNT = 23;
    private static final String FACT_COLUMNS = "kind, code, code_system, display, fact_value, unit, effective_time";
    /** A fact's values in the order of {@link #FACT_COLUMNS}, cut to the columns' sizes. */
    private static final List<Function<Fact, String>> FACT_VALUES = List.of(
        fact -> fact.kind().name(),
        fact -> cut(fact.code(), 60),
        fact -> cut(fact.codeSystem(), 80),
        fact -> cut(fact.display(), 300),
        fact -> fact.value().map(v -> cut(v, 60)).orElse(null),
        fact -> fact.unit().map(u -> cut(u, 40)).orElse(null),
        fact -> fact.effectiveTime().map(t -> cut(t, 40)).orElse(null));
    private static final String FILING_COLUMNS = "outcome, message_id, sender, recipients, attachment, filed_at";

    /**
     * A reader added unless already there. Two filings adding the same reader at once: the second fails on the
     * table's key and the store files it again.
     */
    private static final String NEW_READER = "INSERT INTO dossier_reader (ins, reader, since)"
        + " SELECT ins, CAST(? AS VARCHAR(260)), CAST(? AS TIMESTAMP) FROM dossier WHERE ins = ?"
        + " AND NOT EXISTS (SELECT 1 FROM dossier_reader WHERE reader = ? AND ins = ?)";

    /**
     * PostgreSQL, everything in one statement. No part of it reads a table but through a key, and it names no
     * earlier version when there is none to supersede ({@link #ALL_IN_ONE_SUPERSEDING}): so PostgreSQL finds its
     * generic plan as cheap as one made for the values and keeps it, instead of planning the statement again at
     * every filing (which cost it a quarter of its time).
     */
    private static final String ALL_IN_ONE = "WITH dossier_row AS (INSERT INTO dossier (" + DOSSIER_COLUMNS + ")"
        + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (ins) DO NOTHING),"
        + " document AS (INSERT INTO dossier_document (" + DOCUMENT_COLUMNS + ") VALUES (" + marks(DOCUMENT_COLUMN_COUNT) + ")"
        + " RETURNING id),"
        + " content AS (INSERT INTO dossier_content (document_id, content, search_text) SELECT id, ?, ? FROM document),"
        + " facts AS (INSERT INTO dossier_fact (document_id, ins, " + FACT_COLUMNS + ") SELECT document.id, ?, fact.*"
        + " FROM document, unnest(" + String.join(", ", Collections.nCopies(FACT_VALUES.size(), "CAST(? AS VARCHAR[])")) + ")"
        + " AS fact (" + FACT_COLUMNS + ")),"
        + " filing AS (INSERT INTO dossier_filing (document_id, " + FILING_COLUMNS + ") SELECT id, ?, ?, ?, ?, ?, ? FROM document),"
        + " readers AS (INSERT INTO dossier_reader (ins, reader, since) SELECT ?, reader, ?"
        + " FROM unnest(CAST(? AS VARCHAR[])) AS new (reader) ON CONFLICT DO NOTHING)";
    private static final String ALL_IN_ONE_SUPERSEDING = ALL_IN_ONE + ","
        + " superseded AS (UPDATE dossier_document SET current_version = FALSE, superseded_by = (SELECT id FROM document)"
        + " WHERE id = ?)";

    private DocumentRows() {
    }

    /**
     * Writes a new document's rows, as one transaction, and returns its id. {@code dossierKnown}: the patient's
     * dossier is known to exist; {@code newReaders}: the readers the dossier may not have yet.
     */
    static long insert(Connection connection, DocumentToFile document, String sha256, Rubric rubric, boolean current,
                       Optional<Long> supersedes, Optional<Boolean> patientMasking, Filing filing, boolean dossierKnown,
                       List<String> newReaders)
        throws SQLException {
        if (connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
            return insertInOneStatement(connection, document, sha256, rubric, current, supersedes, patientMasking, filing,
                newReaders);
        }
        return inTransaction(connection, () -> {
            if (!dossierKnown) {
                insertDossierIfAbsent(connection, document);
            }
            long id = insertStatementByStatement(connection, document, sha256, rubric, current, supersedes, patientMasking,
                filing);
            insertReaders(connection, document.ins().matricule(), newReaders);
            return id;
        });
    }

    /** Records one more filing of a document already filed, and the readers it brings, as one transaction. */
    static void insertRefiling(Connection connection, long documentId, String ins, Filing filing, List<String> newReaders)
        throws SQLException {
        inTransaction(connection, () -> {
            insertFiling(connection, documentId, FilingResult.Outcome.ALREADY_FILED, filing);
            insertReaders(connection, ins, newReaders);
            return documentId;
        });
    }

    private interface Writes {
        long run() throws SQLException;
    }

    private static long inTransaction(Connection connection, Writes writes) throws SQLException {
        connection.setAutoCommit(false);
        try {
            long id = writes.run();
            connection.commit();
            return id;
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(true);
        }
    }

    private static long insertInOneStatement(Connection connection, DocumentToFile document, String sha256, Rubric rubric,
                                             boolean current, Optional<Long> supersedes, Optional<Boolean> patientMasking,
                                             Filing filing, List<String> newReaders)
        throws SQLException {
        String ins = document.ins().matricule();
        Timestamp now = Timestamp.from(Instant.now());
        String sql = (supersedes.isPresent() ? ALL_IN_ONE_SUPERSEDING : ALL_IN_ONE) + " SELECT id FROM document";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            int i = bindDossier(insert, 1, document);
            i = bindDocument(insert, i, document, sha256, rubric, current, patientMasking);
            insert.setBytes(i++, document.content());
            insert.setString(i++, document.searchText());
            insert.setString(i++, ins);
            for (Function<Fact, String> value : FACT_VALUES) { // one array per column, unnested together
                insert.setArray(i++, connection.createArrayOf("varchar", document.facts().stream().map(value).toArray()));
            }
            i = bindFiling(insert, i, FilingResult.Outcome.FILED, filing);
            insert.setString(i++, ins);
            insert.setTimestamp(i++, now);
            insert.setArray(i++, connection.createArrayOf("varchar", newReaders.toArray()));
            if (supersedes.isPresent()) {
                insert.setLong(i, supersedes.get());
            }
            try (ResultSet rows = insert.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static long insertStatementByStatement(Connection connection, DocumentToFile document, String sha256,
                                                   Rubric rubric, boolean current, Optional<Long> supersedes,
                                                   Optional<Boolean> patientMasking, Filing filing)
        throws SQLException {
        long id;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dossier_document (" + DOCUMENT_COLUMNS + ")"
            + " VALUES (" + marks(DOCUMENT_COLUMN_COUNT) + ")", idColumn(connection))) {
            bindDocument(insert, 1, document, sha256, rubric, current, patientMasking);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        if (supersedes.isPresent()) {
            try (PreparedStatement update = connection.prepareStatement(
                "UPDATE dossier_document SET current_version = FALSE, superseded_by = ? WHERE id = ?")) {
                update.setLong(1, id);
                update.setLong(2, supersedes.get());
                update.executeUpdate();
            }
        }
        try (PreparedStatement content = connection.prepareStatement(
            "INSERT INTO dossier_content (document_id, content, search_text) VALUES (?, ?, ?)")) {
            content.setLong(1, id);
            content.setBytes(2, document.content());
            content.setString(3, document.searchText());
            content.executeUpdate();
        }
        if (!document.facts().isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dossier_fact (document_id, ins, "
                + FACT_COLUMNS + ") VALUES (?, ?, " + marks(FACT_VALUES.size()) + ")")) {
                for (Fact fact : document.facts()) {
                    insert.setLong(1, id);
                    insert.setString(2, document.ins().matricule());
                    int i = 3;
                    for (Function<Fact, String> value : FACT_VALUES) {
                        insert.setString(i++, value.apply(fact));
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        insertFiling(connection, id, FilingResult.Outcome.FILED, filing);
        return id;
    }

    private static void insertFiling(Connection connection, long documentId, FilingResult.Outcome outcome, Filing filing)
        throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dossier_filing (document_id, "
            + FILING_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, documentId);
            bindFiling(insert, 2, outcome, filing);
            insert.executeUpdate();
        }
    }

    private static void insertDossierIfAbsent(Connection connection, DocumentToFile document) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM dossier WHERE ins = ?")) {
            select.setString(1, document.ins().matricule());
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    return;
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dossier (" + DOSSIER_COLUMNS + ")"
            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            bindDossier(insert, 1, document);
            insert.executeUpdate();
        }
    }

    /** Adds the readers the dossier does not have yet, in one batch (one round trip). */
    private static void insertReaders(Connection connection, String ins, List<String> readers) throws SQLException {
        if (readers.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(NEW_READER)) {
            Timestamp now = Timestamp.from(Instant.now());
            for (String reader : readers) {
                insert.setString(1, reader);
                insert.setTimestamp(2, now);
                insert.setString(3, ins);
                insert.setString(4, reader);
                insert.setString(5, ins);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The patient's dossier row, from parameter {@code i} on; returns the next parameter's index. */
    private static int bindDossier(PreparedStatement insert, int i, DocumentToFile document) throws SQLException {
        insert.setString(i++, document.ins().matricule());
        insert.setString(i++, document.oid().oid());
        insert.setString(i++, cut(document.birthName(), 100));
        insert.setString(i++, cut(document.givenNames(), 200));
        insert.setDate(i++, document.birthDate().map(Date::valueOf).orElse(null));
        insert.setString(i++, document.sex().map(s -> cut(s, 1)).orElse(null));
        insert.setTimestamp(i++, Timestamp.from(Instant.now()));
        return i;
    }

    /**
     * The generated key to ask back from an INSERT: its id alone (asked for any generated key, PostgreSQL's driver
     * returns the whole row), named as the database stores names (Derby upper case, PostgreSQL lower case).
     */
    static String[] idColumn(Connection connection) throws SQLException {
        return new String[] {connection.getMetaData().storesUpperCaseIdentifiers() ? "ID" : "id"};
    }

    /** The document row's values, from parameter {@code i} on; returns the next parameter's index. */
    private static int bindDocument(PreparedStatement insert, int i, DocumentToFile d, String sha256, Rubric rubric,
                                    boolean current, Optional<Boolean> patientMasking) throws SQLException {
        insert.setString(i++, d.ins().matricule());
        insert.setString(i++, cut(d.documentUid(), 300));
        insert.setString(i++, cut(d.setUid(), 300));
        insert.setInt(i++, d.version());
        insert.setString(i++, d.replacesUid().map(u -> cut(u, 300)).orElse(null));
        insert.setBoolean(i++, current);
        insert.setString(i++, cut(d.typeCode(), 40));
        insert.setString(i++, cut(d.typeDisplay(), 300));
        insert.setString(i++, rubric.name());
        insert.setString(i++, cut(d.title(), 500));
        insert.setString(i++, d.effectiveTime().map(t -> cut(t, 40)).orElse(null));
        insert.setString(i++, cut(d.confidentiality(), 10));
        insert.setBoolean(i++, d.flags().contains(DocumentToFile.MASKED_FROM_PROFESSIONALS));
        insert.setBoolean(i++, d.flags().contains(DocumentToFile.INVISIBLE_TO_PATIENT));
        insert.setBoolean(i++, d.flags().contains(DocumentToFile.INVISIBLE_TO_LEGAL_REPRESENTATIVES));
        insert.setString(i++, d.authorId().map(a -> cut(a, 20)).orElse(null));
        insert.setString(i++, cut(d.authorName(), 200));
        insert.setString(i++, d.custodian().map(c -> cut(c, 300)).orElse(null));
        insert.setString(i++, cut(d.mediaType(), 100));
        insert.setString(i++, sha256);
        insert.setLong(i++, d.content().length);
        insert.setTimestamp(i++, Timestamp.from(Instant.now()));
        if (patientMasking.isPresent()) {
            insert.setBoolean(i++, patientMasking.get());
        } else {
            insert.setNull(i++, java.sql.Types.BOOLEAN);
        }
        return i;
    }

    /** The filing row's values after its document id, from parameter {@code i} on; returns the next index. */
    private static int bindFiling(PreparedStatement insert, int i, FilingResult.Outcome outcome, Filing filing)
        throws SQLException {
        insert.setString(i++, outcome.name());
        insert.setString(i++, cut(filing.messageId(), 300));
        insert.setString(i++, cut(filing.sender(), 254));
        insert.setString(i++, cut(String.join(",", filing.recipients()), 2000));
        insert.setString(i++, cut(filing.attachmentName(), 300));
        insert.setTimestamp(i++, Timestamp.from(Instant.now()));
        return i;
    }

    /** "?, ?, ?": the parameters of a VALUES or IN list. */
    static String marks(int count) {
        return String.join(", ", Collections.nCopies(count, "?"));
    }

    static String cut(String text, int max) {
        if (text == null) {
            return null;
        }
        return text.length() <= max ? text : text.substring(0, max);
    }
}
