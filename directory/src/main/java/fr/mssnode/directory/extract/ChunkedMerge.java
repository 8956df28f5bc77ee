package fr.mssnode.directory.extract;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Merges parsed extract entries into one table, a chunk at a time, inside the caller's transaction, with three
 * batched statements per chunk instead of a round trip per entry:
 * <ol>
 * <li>entries whose stored fingerprint is unchanged are only marked as seen by this run;</li>
 * <li>the others that exist and were not yet seen by this run are updated (and reactivated);</li>
 * <li>what is left is looked up: new entries are inserted, an entry already seen by this run (its lines are
 *     not contiguous in the file) is handed to {@link #seenAgain}.</li>
 * </ol>
 * Whatever this run did not see is deactivated afterwards by the caller. Memory: one chunk.
 */
abstract class ChunkedMerge<E> {
    static final int CHUNK = 500;

    private final List<E> pending = new ArrayList<>(CHUNK);
    protected final Connection connection;
    protected final long runId;
    long added;
    long updated;
    long unchanged;

    ChunkedMerge(Connection connection, long runId) {
        this.connection = connection;
        this.runId = runId;
    }

    abstract String key(E entry);

    abstract String fingerprint(E entry);

    /** UPDATE table SET seen_run = ? WHERE key = ? AND fingerprint = ? AND active = TRUE */
    abstract String markSeenSql();

    /** UPDATE table SET ..., active = TRUE, seen_run = ?, updated_at = ? WHERE key = ? AND seen_run <> ? */
    abstract String updateSql();

    abstract void bindUpdate(PreparedStatement update, E entry) throws SQLException;

    /** SELECT key FROM table WHERE key IN (...) : the placeholder list is appended. */
    abstract String existingSqlPrefix();

    abstract String insertSql();

    abstract void bindInsert(PreparedStatement insert, E entry) throws SQLException;

    /** After an entry was inserted or updated: replace what hangs off it (activities). */
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

    void flush() throws SQLException {
        if (pending.isEmpty()) {
            return;
        }
        List<E> rest = new ArrayList<>();
        try (PreparedStatement markSeen = connection.prepareStatement(markSeenSql())) {
            for (E entry : pending) {
                markSeen.setLong(1, runId);
                markSeen.setString(2, key(entry));
                markSeen.setString(3, fingerprint(entry));
                markSeen.addBatch();
            }
            int[] counts = markSeen.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    rest.add(pending.get(i));
                } else {
                    unchanged++;
                }
            }
        }
        List<E> changed = new ArrayList<>();
        List<E> absent = new ArrayList<>();
        if (!rest.isEmpty()) {
            try (PreparedStatement update = connection.prepareStatement(updateSql())) {
                for (E entry : rest) {
                    bindUpdate(update, entry);
                    update.addBatch();
                }
                int[] counts = update.executeBatch();
                for (int i = 0; i < counts.length; i++) {
                    (counts[i] == 0 ? absent : changed).add(rest.get(i));
                }
            }
        }
        updated += changed.size();
        List<E> inserted = new ArrayList<>();
        if (!absent.isEmpty()) {
            Set<String> existing = existing(absent);
            try (PreparedStatement insert = connection.prepareStatement(insertSql())) {
                Set<String> insertedKeys = new HashSet<>();
                for (E entry : absent) {
                    if (existing.contains(key(entry)) || !insertedKeys.add(key(entry))) {
                        continue;
                    }
                    bindInsert(insert, entry);
                    insert.addBatch();
                    inserted.add(entry);
                }
                insert.executeBatch();
            }
            added += inserted.size();
            changed.addAll(inserted);
            replaceChildren(changed);
            // Entries whose key was merged earlier in this run (or twice in this chunk), in file order.
            Set<String> merged = new HashSet<>();
            for (E entry : inserted) {
                merged.add(key(entry));
            }
            List<E> insertedCopy = new ArrayList<>(inserted);
            for (E entry : absent) {
                if (existing.contains(key(entry)) || (merged.contains(key(entry)) && !containsSame(insertedCopy, entry))) {
                    seenAgain(entry);
                }
            }
        } else {
            replaceChildren(changed);
        }
        pending.clear();
    }

    private static <E> boolean containsSame(List<E> list, E entry) {
        for (E candidate : list) {
            if (candidate == entry) {
                return true;
            }
        }
        return false;
    }

    private Set<String> existing(List<E> entries) throws SQLException {
        StringBuilder sql = new StringBuilder(existingSqlPrefix()).append(" IN (");
        for (int i = 0; i < entries.size(); i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        Set<String> found = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < entries.size(); i++) {
                select.setString(i + 1, key(entries.get(i)));
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    found.add(rows.getString(1));
                }
            }
        }
        return found;
    }
}
