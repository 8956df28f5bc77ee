package fr.mssnode.mailbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.apache.james.mailbox.store.mail.model.Property;
import org.apache.james.mailbox.store.mail.model.impl.Properties;

/**
 * Copies the mailboxes of James's JPA store (tables {@code james_mailbox}, {@code james_mail}, their user flags and
 * properties, {@code james_subscription}, {@code james_mailbox_annotation}) into this store, keeping mailbox ids and
 * message UIDs (the mailbox search index and the clients' caches stay valid). Resumable: each mailbox's messages are
 * copied in batches of {@value #BATCH} committed one by one (fewer when their bytes reach {@link #BATCH_BYTES}: 200
 * clinical documents of 15 MB would not fit in memory), and a run starts after the last message copied. When
 * everything is copied the copy is marked finished; the JPA tables are left as they are (drop them when satisfied).
 */
public final class JpaStoreCopy {
    static final int BATCH = 200;
    /** A batch ends early once its messages' bytes reach this. */
    static final long BATCH_BYTES = 64L * 1024 * 1024;
    /** Rows the database sends at a time (PostgreSQL would otherwise send a whole batch's bytes at once). */
    private static final int FETCH_ROWS = 4;

    /** What a run copied. */
    public record Result(int mailboxes, long messages, int subscriptions, int annotations, List<String> skipped) {
    }

    private final DataSource dataSource;
    private final StoreDatabase.Vendor vendor;
    private final long batchBytes;

    public JpaStoreCopy(DataSource dataSource) {
        this(dataSource, BATCH_BYTES);
    }

    /** With batches ending early at {@code batchBytes} (tests: small batches with small messages). */
    JpaStoreCopy(DataSource dataSource, long batchBytes) {
        this.dataSource = dataSource;
        this.vendor = new StoreDatabase(dataSource).vendor();
        this.batchBytes = batchBytes;
    }

    /** Where the copy stands. */
    public enum State {
        /** The JPA mailbox tables are not there: the node never ran James's JPA mailbox store. */
        NO_JPA_STORE,
        /** The JPA mailbox tables are there, without a mailbox. */
        EMPTY_JPA_STORE,
        /** The copy has finished (see {@link #finishedAt()}). */
        FINISHED,
        /** A JPA store with mailboxes is there and its copy has not finished. */
        NEEDED
    }

    /** Whether a JPA store with mailboxes is there and its copy has not finished. */
    public boolean needed() throws SQLException {
        return state() == State.NEEDED;
    }

    /** Whether there is something to copy, and if not, why. */
    public State state() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (finished(connection)) {
                return State.FINISHED;
            }
            if (!jpaTables(connection)) {
                return State.NO_JPA_STORE;
            }
            return jpaMailboxes(connection) > 0 ? State.NEEDED : State.EMPTY_JPA_STORE;
        }
    }

    /** When the copy finished; empty while it has not. */
    public Optional<Instant> finishedAt() throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement select = connection.createStatement();
             ResultSet row = select.executeQuery("SELECT MIN(finished_at) FROM mailbox_jpa_copy")) {
            row.next();
            Timestamp finished = row.getTimestamp(1);
            return finished == null ? Optional.empty() : Optional.of(finished.toInstant());
        }
    }

    /** Copies what is not copied yet; {@code progress} hears a sentence a mailbox. */
    public Result copy(Consumer<String> progress) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            if (finished(connection) || jpaMailboxes(connection) == 0) {
                return new Result(0, 0, 0, 0, List.of());
            }
            List<String> skipped = new ArrayList<>();
            int mailboxes = 0;
            long messages = 0;
            for (JpaMailbox mailbox : jpaMailboxList(connection)) {
                if (!ensureMailbox(connection, mailbox)) {
                    skipped.add(mailbox.user + " " + mailbox.name + ": another mailbox of this store has its name");
                    continue;
                }
                long copied = copyMessages(connection, mailbox);
                mailboxes++;
                messages += copied;
                progress.accept("mailbox " + mailbox.id + " (" + mailbox.user + " " + mailbox.name + "): " + copied
                    + " messages copied");
            }
            int subscriptions = copySubscriptions(connection);
            int annotations = copyAnnotations(connection);
            restartMailboxIds(connection);
            if (skipped.isEmpty()) {
                try (PreparedStatement finished = connection.prepareStatement("INSERT INTO mailbox_jpa_copy (finished_at) VALUES (?)")) {
                    finished.setTimestamp(1, Timestamp.from(Instant.now()));
                    finished.executeUpdate();
                }
            }
            connection.commit();
            return new Result(mailboxes, messages, subscriptions, annotations, skipped);
        }
    }

    private static boolean finished(Connection connection) throws SQLException {
        try (Statement select = connection.createStatement(); ResultSet row = select.executeQuery("SELECT COUNT(*) FROM mailbox_jpa_copy")) {
            row.next();
            return row.getLong(1) > 0;
        }
    }

    /** The JPA store's mailboxes; 0 when its tables are not there (a node that never ran James's JPA store). */
    private static long jpaMailboxes(Connection connection) throws SQLException {
        if (!jpaTables(connection)) {
            return 0;
        }
        try (Statement select = connection.createStatement(); ResultSet row = select.executeQuery("SELECT COUNT(*) FROM james_mailbox")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static boolean jpaTables(Connection connection) throws SQLException {
        return tableExists(connection, "james_mailbox") && tableExists(connection, "james_mail");
    }

    private static boolean tableExists(Connection connection, String table) throws SQLException {
        String schema = connection.getSchema();
        for (String name : List.of(table, table.toUpperCase(java.util.Locale.ROOT))) {
            try (ResultSet tables = connection.getMetaData().getTables(null, schema, name, new String[] {"TABLE"})) {
                if (tables.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    private record JpaMailbox(long id, String namespace, String user, String name, long uidValidity, long lastUid, long highestModSeq) {
    }

    private static List<JpaMailbox> jpaMailboxList(Connection connection) throws SQLException {
        List<JpaMailbox> mailboxes = new ArrayList<>();
        try (Statement select = connection.createStatement(); ResultSet rows = select.executeQuery("SELECT mailbox_id,"
            + " mailbox_namespace, user_name, mailbox_name, mailbox_uid_validity, mailbox_last_uid, mailbox_highest_modseq"
            + " FROM james_mailbox ORDER BY mailbox_id")) {
            while (rows.next()) {
                String user = rows.getString(3);
                mailboxes.add(new JpaMailbox(rows.getLong(1), rows.getString(2), user == null ? "" : user, rows.getString(4),
                    rows.getLong(5), rows.getLong(6), rows.getLong(7)));
            }
        }
        return mailboxes;
    }

    /** The mailbox under its JPA id (created if needed); false when its name is taken by another mailbox. */
    private static boolean ensureMailbox(Connection connection, JpaMailbox mailbox) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT mailbox_id FROM mailbox WHERE mailbox_id = ? OR (user_name = ? AND namespace = ? AND name = ?)")) {
            select.setLong(1, mailbox.id);
            select.setString(2, mailbox.user);
            select.setString(3, mailbox.namespace);
            select.setString(4, mailbox.name);
            try (ResultSet rows = select.executeQuery()) {
                if (rows.next()) {
                    return rows.getLong(1) == mailbox.id && !rows.next();
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO mailbox (mailbox_id, namespace, user_name,"
            + " name, uid_validity, last_uid, highest_modseq) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, mailbox.id);
            insert.setString(2, mailbox.namespace);
            insert.setString(3, mailbox.user);
            insert.setString(4, mailbox.name);
            insert.setLong(5, mailbox.uidValidity);
            insert.setLong(6, mailbox.lastUid);
            insert.setLong(7, mailbox.highestModSeq);
            insert.executeUpdate();
        }
        connection.commit();
        return true;
    }

    /** The mailbox's messages after the last one already copied, a committed batch at a time; how many. */
    private long copyMessages(Connection connection, JpaMailbox mailbox) throws SQLException {
        long copied = 0;
        long after = lastCopied(connection, mailbox.id);
        while (true) {
            List<Long> uids = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT mail_uid, mail_modseq, mail_date,"
                + " mail_content_octets_count, mail_body_start_octet, mail_is_answered, mail_is_deleted, mail_is_draft,"
                + " mail_is_flagged, mail_is_recent, mail_is_seen, mail_textual_line_count, header_bytes, mail_bytes"
                + " FROM james_mail WHERE mailbox_id = ? AND mail_uid > ? ORDER BY mail_uid FETCH FIRST " + BATCH + " ROWS ONLY");
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO mailbox_message (mailbox_id, uid, modseq,"
                     + " internal_date, save_date, size, body_start, answered, deleted, draft, flagged, recent, seen, user_flags,"
                     + " mime_properties, text_lines, header, body) VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                select.setLong(1, mailbox.id);
                select.setLong(2, after);
                select.setFetchSize(FETCH_ROWS);
                long bytes = 0;
                try (ResultSet row = select.executeQuery()) {
                    while (bytes < batchBytes && row.next()) {
                        long uid = row.getLong(1);
                        uids.add(uid);
                        int n = 1;
                        insert.setLong(n++, mailbox.id);
                        insert.setLong(n++, uid);
                        insert.setLong(n++, row.getLong(2));
                        Timestamp date = row.getTimestamp(3);
                        insert.setTimestamp(n++, date == null ? new Timestamp(0) : date);
                        insert.setLong(n++, row.getLong(4));
                        insert.setInt(n++, row.getInt(5));
                        for (int flag = 6; flag <= 11; flag++) {
                            insert.setBoolean(n++, row.getBoolean(flag));
                        }
                        insert.setString(n++, userFlags(connection, mailbox.id, uid));
                        insert.setString(n++, properties(connection, mailbox.id, uid));
                        long lines = row.getLong(12);
                        if (row.wasNull()) {
                            insert.setNull(n++, java.sql.Types.BIGINT);
                        } else {
                            insert.setLong(n++, lines);
                        }
                        byte[] header = orEmpty(row.getBytes(13));
                        byte[] body = orEmpty(row.getBytes(14));
                        bytes += header.length + (long) body.length;
                        insert.setBytes(n++, header);
                        insert.setBytes(n, body);
                        insert.addBatch();
                    }
                }
                if (uids.isEmpty()) {
                    break;
                }
                insert.executeBatch();
            }
            connection.commit();
            copied += uids.size();
            after = uids.get(uids.size() - 1);
        }
        try (PreparedStatement counters = connection.prepareStatement("UPDATE mailbox SET"
            + " last_uid = CASE WHEN last_uid < ? THEN ? ELSE last_uid END,"
            + " highest_modseq = CASE WHEN highest_modseq < ? THEN ? ELSE highest_modseq END WHERE mailbox_id = ?")) {
            counters.setLong(1, mailbox.lastUid);
            counters.setLong(2, mailbox.lastUid);
            counters.setLong(3, mailbox.highestModSeq);
            counters.setLong(4, mailbox.highestModSeq);
            counters.setLong(5, mailbox.id);
            counters.executeUpdate();
        }
        connection.commit();
        return copied;
    }

    private static byte[] orEmpty(byte[] bytes) {
        return bytes == null ? new byte[0] : bytes;
    }

    private static long lastCopied(Connection connection, long mailbox) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT MAX(uid) FROM mailbox_message WHERE mailbox_id = ?")) {
            select.setLong(1, mailbox);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private static String userFlags(Connection connection, long mailbox, long uid) throws SQLException {
        List<String> flags = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT userflag_name FROM james_mail_userflag WHERE mailbox_id = ? AND mail_uid = ? ORDER BY userflag_id")) {
            select.setLong(1, mailbox);
            select.setLong(2, uid);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    flags.add(rows.getString(1));
                }
            }
        }
        return flags.isEmpty() ? null : String.join(" ", flags);
    }

    private static String properties(Connection connection, long mailbox, long uid) throws SQLException {
        List<Property> properties = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT property_name_space, property_local_name,"
            + " property_value FROM james_mail_property WHERE mailbox_id = ? AND mail_uid = ? ORDER BY property_line_number")) {
            select.setLong(1, mailbox);
            select.setLong(2, uid);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    properties.add(new Property(rows.getString(1), rows.getString(2), rows.getString(3)));
                }
            }
        }
        return MimeProperties.text(new Properties(properties, null));
    }

    private static int copySubscriptions(Connection connection) throws SQLException {
        if (!tableExists(connection, "james_subscription")) {
            return 0;
        }
        int copied;
        try (Statement insert = connection.createStatement()) {
            copied = insert.executeUpdate("INSERT INTO mailbox_subscription (user_name, mailbox_name)"
                + " SELECT s.user_name, s.mailbox_name FROM james_subscription s WHERE NOT EXISTS (SELECT 1 FROM"
                + " mailbox_subscription m WHERE m.user_name = s.user_name AND m.mailbox_name = s.mailbox_name)");
        }
        connection.commit();
        return copied;
    }

    private static int copyAnnotations(Connection connection) throws SQLException {
        if (!tableExists(connection, "james_mailbox_annotation")) {
            return 0;
        }
        int copied;
        try (Statement insert = connection.createStatement()) {
            copied = insert.executeUpdate("INSERT INTO mailbox_annotation (mailbox_id, annotation_key, annotation_value)"
                + " SELECT a.mailbox_id, a.annotation_key, a.value FROM james_mailbox_annotation a WHERE a.value IS NOT NULL"
                + " AND NOT EXISTS (SELECT 1 FROM mailbox_annotation m WHERE m.mailbox_id = a.mailbox_id"
                + " AND m.annotation_key = a.annotation_key)");
        }
        connection.commit();
        return copied;
    }

    /** New mailboxes are numbered after the copied ones. */
    private void restartMailboxIds(Connection connection) throws SQLException {
        long next;
        try (Statement select = connection.createStatement(); ResultSet row = select.executeQuery("SELECT MAX(mailbox_id) FROM mailbox")) {
            row.next();
            next = row.getLong(1) + 1;
        }
        try (Statement restart = connection.createStatement()) {
            if (vendor == StoreDatabase.Vendor.POSTGRESQL) {
                restart.execute("SELECT setval(pg_get_serial_sequence('mailbox', 'mailbox_id'), " + next + ", false)");
            } else {
                restart.execute("ALTER TABLE mailbox ALTER COLUMN mailbox_id RESTART WITH " + next);
            }
        }
        connection.commit();
    }
}
