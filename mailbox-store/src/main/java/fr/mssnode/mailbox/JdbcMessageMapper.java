package fr.mssnode.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.mail.Flags;
import javax.mail.Flags.Flag;

import org.apache.james.mailbox.ApplicableFlagBuilder;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.ModSeq;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.exception.MailboxNotFoundException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxCounters;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageMetaData;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.FlagsUpdateCalculator;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.DefaultMessageId;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * The messages of the mailboxes, a row each in {@code mailbox_message}: flags as columns, header and body bytes as
 * received. Each call is one transaction. An append takes the mailbox's next UID and mod-sequence and inserts the
 * message in the same transaction (the mailbox row stays locked until it commits), so concurrent appends to one
 * mailbox become visible in UID order; flag changes take the mailbox row first too, then the messages, always in
 * that order, so two sessions never wait for each other in a circle.
 */
final class JdbcMessageMapper implements MessageMapper {
    private static final String METADATA = "uid, modseq, internal_date, save_date, size, body_start, answered, deleted,"
        + " draft, flagged, recent, seen, user_flags, mime_properties, text_lines";
    private static final String INSERT = "INSERT INTO mailbox_message (mailbox_id, uid, modseq, internal_date, save_date,"
        + " size, body_start, answered, deleted, draft, flagged, recent, seen, user_flags, mime_properties, text_lines,"
        + " header, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final int USER_FLAGS_LIMIT = 4000;

    /** Told of every message once it is stored (the mailbox search index takes it from there, without reading it back). */
    @FunctionalInterface
    interface Appended {
        void stored(Mailbox mailbox, MailboxMessage message);
    }

    private final StoreDatabase database;
    private final Clock clock;
    private final Appended appended;
    private final MessageId.Factory messageIds = new DefaultMessageId.Factory();

    JdbcMessageMapper(StoreDatabase database, Clock clock, Appended appended) {
        this.database = database;
        this.clock = clock;
        this.appended = appended;
    }

    @Override
    public Iterator<MailboxMessage> findInMailbox(Mailbox mailbox, MessageRange range, FetchType type, int limit)
        throws MailboxException {
        return find(mailbox, range, type, limit).iterator();
    }

    @Override
    public Flux<MailboxMessage> findInMailboxReactive(Mailbox mailbox, MessageRange range, FetchType type, int limit) {
        return Flux.defer(() -> {
            try {
                return Flux.fromIterable(find(mailbox, range, type, limit));
            } catch (MailboxException e) {
                return Flux.error(e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private List<MailboxMessage> find(Mailbox mailbox, MessageRange range, FetchType type, int limit) throws MailboxException {
        String bytes = switch (type) {
            case METADATA -> "";
            case HEADERS -> ", header";
            default -> ", header, body";
        };
        String sql = "SELECT " + METADATA + bytes + " FROM mailbox_message WHERE mailbox_id = ?" + condition(range)
            + " ORDER BY uid" + (limit > 0 ? " FETCH FIRST " + limit + " ROWS ONLY" : "");
        long mailboxId = StoreMailboxId.of(mailbox.getMailboxId());
        return database.inTransaction("Reading messages " + range + " of " + mailbox.getName(), connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setLong(1, mailboxId);
                bind(select, 2, range);
                return messages(select, mailbox, type);
            }
        });
    }

    private List<MailboxMessage> messages(PreparedStatement select, Mailbox mailbox, FetchType type) throws SQLException {
        long mailboxId = StoreMailboxId.of(mailbox.getMailboxId());
        List<MailboxMessage> messages = new ArrayList<>();
        try (ResultSet row = select.executeQuery()) {
            while (row.next()) {
                long uid = row.getLong("uid");
                long size = row.getLong("size");
                byte[] header = type == FetchType.METADATA ? null : row.getBytes("header");
                byte[] body = type == FetchType.METADATA || type == FetchType.HEADERS ? null : row.getBytes("body");
                Timestamp saveDate = row.getTimestamp("save_date");
                long lines = row.getLong("text_lines");
                Long textLines = row.wasNull() ? null : lines;
                StoredMessage message = new StoredMessage(messageIds.generate(), new Date(row.getTimestamp("internal_date").getTime()),
                    size, row.getInt("body_start"), new StoredContent(database, mailboxId, uid, size, header, body), flags(row),
                    MimeProperties.parse(row.getString("mime_properties"), textLines), mailbox.getMailboxId(), uid,
                    Optional.ofNullable(saveDate).map(date -> new Date(date.getTime())));
                message.setUid(MessageUid.of(uid));
                message.setModSeq(ModSeq.of(row.getLong("modseq")));
                messages.add(message);
            }
        }
        return messages;
    }

    @Override
    public List<MessageUid> retrieveMessagesMarkedForDeletion(Mailbox mailbox, MessageRange range) throws MailboxException {
        return uids(mailbox, "deleted = TRUE" + condition(range), range);
    }

    @Override
    public List<MessageUid> findRecentMessageUidsInMailbox(Mailbox mailbox) throws MailboxException {
        return uids(mailbox, "recent = TRUE", MessageRange.all());
    }

    @Override
    public Flux<MessageUid> listAllMessageUids(Mailbox mailbox) {
        return Flux.defer(() -> {
            try {
                return Flux.fromIterable(uids(mailbox, "1 = 1", MessageRange.all()));
            } catch (MailboxException e) {
                return Flux.error(e);
            }
        }).subscribeOn(Schedulers.boundedElastic());
    }

    private List<MessageUid> uids(Mailbox mailbox, String where, MessageRange range) throws MailboxException {
        return database.inTransaction("Listing messages of " + mailbox.getName(), connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT uid FROM mailbox_message WHERE mailbox_id = ? AND " + where + " ORDER BY uid")) {
                select.setLong(1, StoreMailboxId.of(mailbox.getMailboxId()));
                bind(select, 2, range);
                List<MessageUid> uids = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        uids.add(MessageUid.of(rows.getLong(1)));
                    }
                }
                return uids;
            }
        });
    }

    @Override
    public MessageUid findFirstUnseenMessageUid(Mailbox mailbox) throws MailboxException {
        return database.inTransaction("Finding the first unseen message of " + mailbox.getName(), connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT MIN(uid) FROM mailbox_message WHERE mailbox_id = ? AND seen = FALSE")) {
                select.setLong(1, StoreMailboxId.of(mailbox.getMailboxId()));
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    long uid = row.getLong(1);
                    return row.wasNull() ? null : MessageUid.of(uid);
                }
            }
        });
    }

    @Override
    public long countMessagesInMailbox(Mailbox mailbox) throws MailboxException {
        return getMailboxCounters(mailbox).getCount();
    }

    @Override
    public MailboxCounters getMailboxCounters(Mailbox mailbox) throws MailboxException {
        return database.inTransaction("Counting the messages of " + mailbox.getName(), connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*),"
                + " SUM(CASE WHEN seen THEN 0 ELSE 1 END) FROM mailbox_message WHERE mailbox_id = ?")) {
                select.setLong(1, StoreMailboxId.of(mailbox.getMailboxId()));
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return MailboxCounters.builder().mailboxId(mailbox.getMailboxId()).count(row.getLong(1))
                        .unseen(row.getLong(2)).build();
                }
            }
        });
    }

    @Override
    public void delete(Mailbox mailbox, MailboxMessage message) throws MailboxException {
        database.inTransaction("Deleting message " + message.getUid() + " of " + mailbox.getName(), connection -> {
            deleteRow(connection, StoreMailboxId.of(mailbox.getMailboxId()), message.getUid().asLong());
            return null;
        });
    }

    @Override
    public Map<MessageUid, MessageMetaData> deleteMessages(Mailbox mailbox, List<MessageUid> uids) throws MailboxException {
        long mailboxId = StoreMailboxId.of(mailbox.getMailboxId());
        return database.inTransaction("Expunging messages of " + mailbox.getName(), connection -> {
            Map<MessageUid, MessageMetaData> deleted = new HashMap<>();
            for (MessageRange range : MessageRange.toRanges(uids)) {
                try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + METADATA + " FROM mailbox_message WHERE mailbox_id = ?" + condition(range))) {
                    select.setLong(1, mailboxId);
                    bind(select, 2, range);
                    for (MailboxMessage message : messages(select, mailbox, FetchType.METADATA)) {
                        deleted.put(message.getUid(), message.metaData());
                    }
                }
                try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM mailbox_message WHERE mailbox_id = ?" + condition(range))) {
                    delete.setLong(1, mailboxId);
                    bind(delete, 2, range);
                    delete.executeUpdate();
                }
            }
            return deleted;
        });
    }

    @Override
    public MessageMetaData add(Mailbox mailbox, MailboxMessage message) throws MailboxException {
        long mailboxId = StoreMailboxId.of(mailbox.getMailboxId());
        Bytes bytes = Bytes.of(message);
        if (message.getSaveDate().isEmpty()) {
            message.setSaveDate(Date.from(clock.instant()));
        }
        MessageMetaData stored = database.inTransaction("Storing a message in " + mailbox.getName(), connection -> {
            Next next = next(connection, mailboxId, 1);
            message.setUid(MessageUid.of(next.uid()));
            message.setModSeq(ModSeq.of(next.modSeq()));
            insert(connection, mailboxId, next, message, message.createFlags(), message.getSaveDate().orElse(null), bytes);
            return message.metaData();
        });
        appended.stored(mailbox, message);
        return stored;
    }

    @Override
    public MessageMetaData copy(Mailbox mailbox, MailboxMessage original) throws MailboxException {
        long mailboxId = StoreMailboxId.of(mailbox.getMailboxId());
        Bytes bytes = original instanceof StoredMessage ? null : Bytes.of(original);
        return database.inTransaction("Copying a message to " + mailbox.getName(), connection ->
            copy(connection, mailboxId, original, bytes));
    }

    @Override
    public MessageMetaData move(Mailbox mailbox, MailboxMessage original) throws MailboxException {
        long mailboxId = StoreMailboxId.of(mailbox.getMailboxId());
        Bytes bytes = original instanceof StoredMessage ? null : Bytes.of(original);
        return database.inTransaction("Moving a message to " + mailbox.getName(), connection -> {
            MessageMetaData moved = copy(connection, mailboxId, original, bytes);
            deleteRow(connection, StoreMailboxId.of(original.getMailboxId()), original.getUid().asLong());
            return moved;
        });
    }

    /** The copy is recent in its new mailbox, with its own UID and mod-sequence, saved now. */
    private MessageMetaData copy(Connection connection, long mailboxId, MailboxMessage original, Bytes bytes)
        throws SQLException, MailboxException {
        Next next = next(connection, mailboxId, 1);
        Flags flags = original.createFlags();
        flags.add(Flag.RECENT);
        Date saveDate = Date.from(clock.instant());
        if (original instanceof StoredMessage stored) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO mailbox_message (mailbox_id, uid, modseq,"
                + " internal_date, save_date, size, body_start, answered, deleted, draft, flagged, recent, seen, user_flags,"
                + " mime_properties, text_lines, header, body) SELECT ?, ?, ?, internal_date, ?, size, body_start, ?, ?, ?, ?, ?,"
                + " ?, ?, mime_properties, text_lines, header, body FROM mailbox_message WHERE mailbox_id = ? AND uid = ?")) {
                int n = 1;
                insert.setLong(n++, mailboxId);
                insert.setLong(n++, next.uid());
                insert.setLong(n++, next.modSeq());
                insert.setTimestamp(n++, new Timestamp(saveDate.getTime()));
                n = bindFlags(insert, n, flags);
                insert.setLong(n++, stored.storedMailbox());
                insert.setLong(n, stored.storedUid());
                if (insert.executeUpdate() == 0) {
                    throw new MailboxException("Message " + stored.storedUid() + " of mailbox " + stored.storedMailbox()
                        + " is no longer stored (expunged): it cannot be copied");
                }
            }
        } else {
            insert(connection, mailboxId, next, original, flags, saveDate, bytes);
        }
        return new MessageMetaData(MessageUid.of(next.uid()), ModSeq.of(next.modSeq()), flags, original.getFullContentOctets(),
            original.getInternalDate(), Optional.of(saveDate), original.getMessageId(), original.getThreadId());
    }

    @Override
    public Iterator<UpdatedFlags> updateFlags(Mailbox mailbox, FlagsUpdateCalculator calculator, MessageRange range)
        throws MailboxException {
        long mailboxId = StoreMailboxId.of(mailbox.getMailboxId());
        return database.inTransaction("Changing flags of " + range + " in " + mailbox.getName(), connection -> {
            // The mailbox row first (the next mod-sequence), then the messages: the order every writer keeps.
            long modSeq = next(connection, mailboxId, 0).modSeq();
            List<UpdatedFlags> updated = new ArrayList<>();
            boolean changed = false;
            String lock = database.vendor() == StoreDatabase.Vendor.POSTGRESQL ? " FOR UPDATE" : "";
            try (PreparedStatement select = connection.prepareStatement("SELECT uid, modseq, answered, deleted, draft,"
                + " flagged, recent, seen, user_flags FROM mailbox_message WHERE mailbox_id = ?" + condition(range)
                + " ORDER BY uid" + lock);
                 PreparedStatement update = connection.prepareStatement("UPDATE mailbox_message SET modseq = ?, answered = ?,"
                     + " deleted = ?, draft = ?, flagged = ?, recent = ?, seen = ?, user_flags = ? WHERE mailbox_id = ? AND uid = ?")) {
                select.setLong(1, mailboxId);
                bind(select, 2, range);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        long uid = row.getLong("uid");
                        Flags before = flags(row);
                        Flags after = calculator.buildNewFlags(before);
                        long messageModSeq = row.getLong("modseq");
                        if (UpdatedFlags.flagsChanged(before, after)) {
                            changed = true;
                            messageModSeq = modSeq;
                            update.setLong(1, modSeq);
                            int n = bindFlags(update, 2, after);
                            update.setLong(n++, mailboxId);
                            update.setLong(n, uid);
                            update.addBatch();
                        }
                        updated.add(UpdatedFlags.builder().uid(MessageUid.of(uid)).modSeq(ModSeq.of(messageModSeq))
                            .oldFlags(before).newFlags(after).build());
                    }
                }
                if (changed) {
                    update.executeBatch();
                } else {
                    // Nothing changed: the mod-sequence taken is given back.
                    connection.rollback();
                }
            }
            return updated.iterator();
        });
    }

    @Override
    public Optional<MessageUid> getLastUid(Mailbox mailbox) throws MailboxException {
        long last = counters(mailbox)[0];
        return last == 0 ? Optional.empty() : Optional.of(MessageUid.of(last));
    }

    @Override
    public ModSeq getHighestModSeq(Mailbox mailbox) throws MailboxException {
        return ModSeq.of(counters(mailbox)[1]);
    }

    private long[] counters(Mailbox mailbox) throws MailboxException {
        long mailboxId = StoreMailboxId.of(mailbox.getMailboxId());
        return database.inTransaction("Reading the counters of " + mailbox.getName(), connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                "SELECT last_uid, highest_modseq FROM mailbox WHERE mailbox_id = ?")) {
                select.setLong(1, mailboxId);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        throw new MailboxNotFoundException(mailbox.getMailboxId());
                    }
                    return new long[] {row.getLong(1), row.getLong(2)};
                }
            }
        });
    }

    /** The system flags and the user flags (keywords) present on a message of the mailbox now. */
    @Override
    public Flags getApplicableFlag(Mailbox mailbox) throws MailboxException {
        long mailboxId = StoreMailboxId.of(mailbox.getMailboxId());
        ApplicableFlagBuilder builder = ApplicableFlagBuilder.builder();
        database.inTransaction("Reading the keywords of " + mailbox.getName(), connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT DISTINCT user_flags FROM mailbox_message"
                + " WHERE mailbox_id = ? AND user_flags IS NOT NULL")) {
                select.setLong(1, mailboxId);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        Arrays.stream(rows.getString(1).split(" ")).filter(flag -> !flag.isEmpty()).forEach(builder::add);
                    }
                }
            }
            return null;
        });
        return builder.build();
    }

    private record Next(long uid, long modSeq) {
    }

    /**
     * Takes the mailbox's next {@code uids} UIDs (0 or 1) and its next mod-sequence; the row stays locked until the
     * transaction ends.
     */
    private Next next(Connection connection, long mailboxId, int uids) throws SQLException, MailboxException {
        if (database.vendor() == StoreDatabase.Vendor.POSTGRESQL) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE mailbox SET last_uid = last_uid + ?,"
                + " highest_modseq = highest_modseq + 1 WHERE mailbox_id = ? RETURNING last_uid, highest_modseq")) {
                update.setInt(1, uids);
                update.setLong(2, mailboxId);
                try (ResultSet row = update.executeQuery()) {
                    if (!row.next()) {
                        throw new MailboxNotFoundException(new StoreMailboxId(mailboxId));
                    }
                    return new Next(row.getLong(1), row.getLong(2));
                }
            }
        }
        try (PreparedStatement update = connection.prepareStatement("UPDATE mailbox SET last_uid = last_uid + ?,"
            + " highest_modseq = highest_modseq + 1 WHERE mailbox_id = ?")) {
            update.setInt(1, uids);
            update.setLong(2, mailboxId);
            if (update.executeUpdate() == 0) {
                throw new MailboxNotFoundException(new StoreMailboxId(mailboxId));
            }
        }
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT last_uid, highest_modseq FROM mailbox WHERE mailbox_id = ?")) {
            select.setLong(1, mailboxId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return new Next(row.getLong(1), row.getLong(2));
            }
        }
    }

    private static void insert(Connection connection, long mailboxId, Next next, MailboxMessage message, Flags flags,
                               Date saveDate, Bytes bytes) throws SQLException, MailboxException {
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            int n = 1;
            insert.setLong(n++, mailboxId);
            insert.setLong(n++, next.uid());
            insert.setLong(n++, next.modSeq());
            insert.setTimestamp(n++, new Timestamp(message.getInternalDate().getTime()));
            insert.setTimestamp(n++, saveDate == null ? null : new Timestamp(saveDate.getTime()));
            insert.setLong(n++, bytes.header.length + (long) bytes.body.length);
            insert.setInt(n++, bytes.header.length);
            n = bindFlags(insert, n, flags);
            insert.setString(n++, MimeProperties.text(message.getProperties()));
            if (message.getTextualLineCount() == null) {
                insert.setNull(n++, java.sql.Types.BIGINT);
            } else {
                insert.setLong(n++, message.getTextualLineCount());
            }
            insert.setBytes(n++, bytes.header);
            insert.setBytes(n, bytes.body);
            insert.executeUpdate();
        }
    }

    /** The six system flags and the keywords, from parameter {@code n} on; the next parameter's index. */
    private static int bindFlags(PreparedStatement statement, int n, Flags flags) throws SQLException, MailboxException {
        statement.setBoolean(n++, flags.contains(Flag.ANSWERED));
        statement.setBoolean(n++, flags.contains(Flag.DELETED));
        statement.setBoolean(n++, flags.contains(Flag.DRAFT));
        statement.setBoolean(n++, flags.contains(Flag.FLAGGED));
        statement.setBoolean(n++, flags.contains(Flag.RECENT));
        statement.setBoolean(n++, flags.contains(Flag.SEEN));
        String[] userFlags = flags.getUserFlags();
        String keywords = userFlags.length == 0 ? null : String.join(" ", userFlags);
        if (keywords != null && keywords.length() > USER_FLAGS_LIMIT) {
            throw new MailboxException("Too many keywords on one message (" + userFlags.length + ", "
                + keywords.length() + " characters; at most " + USER_FLAGS_LIMIT + ")");
        }
        statement.setString(n++, keywords);
        return n;
    }

    private static Flags flags(ResultSet row) throws SQLException {
        Flags flags = new Flags();
        if (row.getBoolean("answered")) {
            flags.add(Flag.ANSWERED);
        }
        if (row.getBoolean("deleted")) {
            flags.add(Flag.DELETED);
        }
        if (row.getBoolean("draft")) {
            flags.add(Flag.DRAFT);
        }
        if (row.getBoolean("flagged")) {
            flags.add(Flag.FLAGGED);
        }
        if (row.getBoolean("recent")) {
            flags.add(Flag.RECENT);
        }
        if (row.getBoolean("seen")) {
            flags.add(Flag.SEEN);
        }
        String keywords = row.getString("user_flags");
        if (keywords != null) {
            for (String keyword : keywords.split(" ")) {
                if (!keyword.isEmpty()) {
                    flags.add(keyword);
                }
            }
        }
        return flags;
    }

    private static void deleteRow(Connection connection, long mailboxId, long uid) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM mailbox_message WHERE mailbox_id = ? AND uid = ?")) {
            delete.setLong(1, mailboxId);
            delete.setLong(2, uid);
            delete.executeUpdate();
        }
    }

    private static String condition(MessageRange range) {
        return switch (range.getType()) {
            case ONE -> " AND uid = ?";
            case FROM -> " AND uid >= ?";
            case RANGE -> " AND uid BETWEEN ? AND ?";
            case ALL -> "";
        };
    }

    private static void bind(PreparedStatement statement, int n, MessageRange range) throws SQLException {
        switch (range.getType()) {
            case ONE, FROM -> statement.setLong(n, range.getUidFrom().asLong());
            case RANGE -> {
                statement.setLong(n, range.getUidFrom().asLong());
                statement.setLong(n + 1, range.getUidTo().asLong());
            }
            case ALL -> {
            }
        }
    }

    /** A message's header and body, read once from whatever holds them. */
    private record Bytes(byte[] header, byte[] body) {
        static Bytes of(MailboxMessage message) throws MailboxException {
            try (InputStream full = message.getFullContent()) {
                byte[] all = full.readAllBytes();
                int headerLength = (int) Math.min(all.length, Math.max(0, message.getHeaderOctets()));
                return new Bytes(Arrays.copyOfRange(all, 0, headerLength), Arrays.copyOfRange(all, headerLength, all.length));
            } catch (IOException e) {
                throw new MailboxException("Could not read the message to store: " + e.getMessage(), e);
            }
        }
    }
}
