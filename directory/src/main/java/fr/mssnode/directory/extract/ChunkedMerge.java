package fr.mssnode.directory.extract;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merges parsed extract entries into one table, a chunk at a time, inside the caller's transaction. One query
 * reads the stored state of the whole chunk (fingerprint, last run that saw it, active), then each entry goes
 * one of four ways, each a single statement or one batch for the chunk:
 * <ol>
 * <li>unchanged (same fingerprint, still active): only marked as seen by this run;</li>
 * <li>changed, or coming back: updated (and reactivated), its children replaced;</li>
 * <li>new: inserted with its children;</li>
 * <li>already merged by this run from earlier lines (the file does not keep one key's lines together):
 *     handed to {@link #seenAgain}.</li>
 * </ol>
 * Whatever this run did not see is deactivated afterwards by the caller. Memory: one chunk.
 */
abstract class ChunkedMerge<E> {
    static final int CHUNK = 500;

    private final List<E> pending = new ArrayList<>(CHUNK);
    protected final Connection connection;
    protected final long runId;
    private final boolean postgres;
    long added;
    long updated;
    long unchanged;

    ChunkedMerge(Connection connection, long runId) throws SQLException {
        this.connection = connection;
        this.runId = runId;
        this.postgres = connection.getMetaData().getDatabaseProductName().equals("PostgreSQL");
    }

    abstract String table();

    abstract String keyColumn();

    abstract String key(E entry);

    abstract String fingerprint(E entry);

    /** UPDATE table SET ..., active = TRUE, seen_run = ?, updated_at = ? WHERE key = ? AND seen_run <> ? */
    abstract String updateSql();

    abstract void bindUpdate(PreparedStatement update, E entry) throws SQLException;

    abstract String insertSql();

    abstract void bindInsert(PreparedStatement insert, E entry) throws SQLException;

    /** After entries were inserted: add what hangs off them (activities). */
    void insertChildren(List<E> inserted) throws SQLException {
    }

    /** After entries were updated: replace what hangs off them. */
    void replaceChildren(List<E> changed) throws SQLException {
    }

    /** The key was already merged by this run from earlier lines. */
    abstract void seenAgain(E entry) throws SQLException;

    void add(E entry) throws SQLException {
        pending.add(entry);
        if (pending.size() >= CHUNK) {
            flush();
        }
    }

    /** What the table holds for one key before this chunk. */
    private record Stored(String fingerprint, long seenRun, boolean active) {
    }

    void flush() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        Map<String, Stored> stored = stored(pending);
        List<String> same = new ArrayList<>();
        List<E> changed = new ArrayList<>();
        List<E> inserted = new ArrayList<>();
        List<E> again = new ArrayList<>();
        Set<String> inChunk = new HashSet<>();
        for (E entry : pending) {
            String key = key(entry);
            Stored before = stored.get(key);
            if (!inChunk.add(key) || (before != null && before.seenRun() == runId)) {
                again.add(entry);
            } else if (before == null) {
                inserted.add(entry);
            } else if (before.active() && before.fingerprint().equals(fingerprint(entry))) {
                same.add(key);
            } else {
                changed.add(entry);
            }
        }
        markSeen(same);
        batch(updateSql(), changed, this::bindUpdate);
        batch(insertSql(), inserted, this::bindInsert);
        replaceChildren(changed);
        insertChildren(inserted);
        for (E entry : again) {
            seenAgain(entry);
        }
        unchanged += same.size();
        updated += changed.size();
        added += inserted.size();
        pending.clear();
    }

    @FunctionalInterface
    private interface Binder<E> {
        void bind(PreparedStatement statement, E entry) throws SQLException;
    }

    private void batch(String sql, List<E> entries, Binder<E> binder) throws SQLException {
        if (entries.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (E entry : entries) {
                binder.bind(statement, entry);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** One batched single-row UPDATE per key: Derby accepts no optimizer override in an UPDATE, and an IN list there can scan. */
    private void markSeen(List<String> keys) throws SQLException {
        if (keys.isEmpty()) {
            return;
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE " + table() + " SET seen_run = ? WHERE "
            + keyColumn() + " = ?")) {
            for (String key : keys) {
                update.setLong(1, runId);
                update.setString(2, key);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private Map<String, Stored> stored(List<E> entries) throws SQLException {
        Map<String, Stored> found = new HashMap<>();
        try (PreparedStatement select = storedQuery(entries)) {
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.put(rows.getString(1), new Stored(rows.getString(2), rows.getLong(3), rows.getBoolean(4)));
                }
            }
        }
        return found;
    }

    /**
     * PostgreSQL caches a generic plan for a prepared statement after a few runs; for an IN list planned while
     * the table was still small that plan is a sequential scan, kept as the table grows (quadratic import).
     * {@code = ANY(array)} is planned as an index probe whatever the array holds. Derby has no arrays: an IN
     * list with an optimizer override.
     */
    private PreparedStatement storedQuery(List<E> entries) throws SQLException {
        String columns = "SELECT " + keyColumn() + ", fingerprint, seen_run, active FROM " + table();
        List<String> keys = entries.stream().map(this::key).toList();
        if (postgres) {
            PreparedStatement select = connection.prepareStatement(columns + " WHERE " + keyColumn() + " = ANY (?)");
            select.setArray(1, connection.createArrayOf("varchar", keys.toArray()));
            return select;
        }
        PreparedStatement select = connection.prepareStatement(columns + byPrimaryKey() + " WHERE " + keyColumn()
            + " IN (" + placeholders(keys.size()) + ")");
        for (int i = 0; i < keys.size(); i++) {
            select.setString(i + 1, keys.get(i));
        }
        return select;
    }

    /**
     * Derby plans an IN list on a table that was empty when the transaction began as a full scan, which makes a
     * large import quadratic; this Derby optimizer override (a comment to any other database) makes it probe the
     * primary key instead.
     */
    private String byPrimaryKey() {
        return " --DERBY-PROPERTIES constraint=pk_" + table() + "\n";
    }

    private static String placeholders(int count) {
        StringBuilder list = new StringBuilder(count * 3);
        for (int i = 0; i < count; i++) {
            list.append(i == 0 ? "?" : ", ?");
        }
        return list.toString();
    }
}
