package fr.mssnode.dossier.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access history of the dossiers: append-only, tamper-evident (each event carries the hash of the one before
 * it), durable before the access it records is answered. Nothing in the node deletes an event: the history is kept
 * for (at least) the ten years the rules ask.
 *
 * <p>Writes are grouped: callers hand their events to one writer thread and wait; the writer takes everything
 * waiting, chains it after the head of the chain (a row every writer moves under its lock, so two nodes on one
 * database chain in one order), inserts it and commits once, then lets the callers go. One commit serves many
 * accesses.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AuditLog.class);
    private static final int MAX_BATCH = 500;
    private static final int DOCUMENTS_MAX_CHARS = 16_000;
    private static final Duration WAIT_AT_MOST = Duration.ofSeconds(15);
    private static final String COLUMNS = "seq, occurred_at_ms, actor_address, actor_national_id, actor_name, actor_kind,"
        + " ground, action, outcome, ins, documents, reason, previous_hash, hash";

    private record Pending(List<AuditEvent> events, CompletableFuture<List<Long>> done) {
    }

    private final DataSource dataSource;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed;

    public AuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
        this.writer = new Thread(this::writeLoop, "dossier-audit");
        writer.setDaemon(true);
        writer.start();
    }

    /** Records one event; returns once it is committed. */
    public long record(AuditEvent event) {
        return record(List.of(event)).get(0);
    }

    /**
     * Records these events, in this order; returns their places in the chain once they are committed.
     *
     * @throws AuditUnavailable when they could not be made durable (the access must then be refused)
     */
    public List<Long> record(List<AuditEvent> events) {
        return await(submit(events));
    }

    /**
     * Hands these events to the writer and returns at once; {@link #await} waits until they are committed. Between
     * the two the caller may prepare its answer, but must not give it.
     */
    public CompletableFuture<List<Long>> submit(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        if (closed) {
            throw new AuditUnavailable("The access history is closed (the node is stopping).", null);
        }
        Pending pending = new Pending(List.copyOf(events), new CompletableFuture<>());
        queue.add(pending);
        return pending.done();
    }

    /**
     * Waits until events handed over by {@link #submit} are committed; returns their places in the chain.
     *
     * @throws AuditUnavailable when they could not be made durable (the access must then be refused)
     */
    public List<Long> await(CompletableFuture<List<Long>> submitted) {
        try {
            return submitted.get(WAIT_AT_MOST.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AuditUnavailable("Interrupted while recording the access.", e);
        } catch (ExecutionException e) {
            throw new AuditUnavailable("The access could not be recorded: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new AuditUnavailable("The access history did not answer within " + WAIT_AT_MOST.toSeconds() + " s.", e);
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                int events = first.events().size();
                while (events < MAX_BATCH) {
                    Pending next = queue.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                    events += next.events().size();
                }
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.error("The access history writer failed: {}", e.toString(), e);
                batch.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending> batch) {
        for (int attempt = 1; ; attempt++) {
            try {
                List<List<Long>> sequences = writeOnce(batch);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).done().complete(sequences.get(i));
                }
                return;
            } catch (SQLException e) {
                if (attempt < 3 && e.getSQLState() != null && e.getSQLState().startsWith("40")) {
                    continue; // rolled back by the database (a deadlock, a lock wait given up): write it again
                }
                LOG.error("Could not record {} access events: {}", batch.stream().mapToInt(p -> p.events().size()).sum(),
                    e.getMessage());
                batch.forEach(p -> p.done().completeExceptionally(e));
                return;
            }
        }
    }

    /**
     * The end of the chain as this node last wrote it: the next batch is chained after it without reading the head
     * first, the head's UPDATE checking that no other node wrote in between (else the head is read and the batch
     * chained after it). On PostgreSQL one round trip a batch (one statement, its own transaction), else three: the
     * head, the events, the commit.
     */
    private long knownSeq = -1;
    private String knownHash = "";

    private List<List<Long>> writeOnce(List<Pending> batch) throws SQLException {
        List<Row> rows = new ArrayList<>();
        batch.forEach(pending -> pending.events().forEach(event -> rows.add(Row.of(event))));
        try (Connection connection = dataSource.getConnection()) {
            if (knownSeq >= 0 && connection.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                long first = knownSeq + 1;
                String[] hashes = chain(rows, first, knownHash);
                if (writeInOneStatement(connection, rows, first, hashes)) {
                    knownSeq = first + rows.size() - 1;
                    knownHash = hashes[rows.size()];
                    return sequences(batch, first);
                }
            }
            connection.setAutoCommit(false);
            try {
                long first = knownSeq + 1;
                String[] hashes = chain(rows, first, knownHash);
                if (knownSeq < 0 || !moveHead(connection, knownSeq, knownHash, first + rows.size() - 1, hashes[rows.size()])) {
                    // Not known yet, or another node wrote since: lock the head, read it, chain after it.
                    long[] seq = {0};
                    String[] hash = {""};
                    readHeadLocked(connection, seq, hash);
                    first = seq[0] + 1;
                    hashes = chain(rows, first, hash[0]);
                    if (!moveHead(connection, seq[0], hash[0], first + rows.size() - 1, hashes[rows.size()])) {
                        throw new SQLException("The head of the access history moved while locked", "40001");
                    }
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO dossier_audit (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (int i = 0; i < rows.size(); i++) {
                        rows.get(i).bind(insert, first + i, hashes[i], hashes[i + 1]);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                connection.commit();
                knownSeq = first + rows.size() - 1;
                knownHash = hashes[rows.size()];
                return sequences(batch, first);
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                knownSeq = -1; // read the head again next time
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private static List<List<Long>> sequences(List<Pending> batch, long first) {
        List<List<Long>> sequences = new ArrayList<>(batch.size());
        long seq = first;
        for (Pending pending : batch) {
            List<Long> these = new ArrayList<>(pending.events().size());
            for (int i = 0; i < pending.events().size(); i++) {
                these.add(seq++);
            }
            sequences.add(these);
        }
        return sequences;
    }

    /**
     * PostgreSQL, the usual case: the head moved and the events inserted by one statement, in its own transaction
     * (one round trip, the commit included); the events travel as one array per column, so the statement is the same
     * for any number of events and is prepared once. False when the head was not where this node left it (another
     * node wrote): nothing was written, and the caller chains after the head it then reads.
     */
    private static boolean writeInOneStatement(Connection connection, List<Row> rows, long first, String[] hashes)
        throws SQLException {
        int n = rows.size();
        Long[] seqs = new Long[n];
        Long[] times = new Long[n];
        String[][] texts = new String[12][n];
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            seqs[i] = first + i;
            times[i] = row.occurredAtMillis();
            for (int f = 0; f < row.fields().length; f++) {
                texts[f][i] = row.fields()[f];
            }
            texts[10][i] = hashes[i];
            texts[11][i] = hashes[i + 1];
        }
        try (PreparedStatement write = connection.prepareStatement(ONE_STATEMENT)) {
            write.setLong(1, first + n - 1);
            write.setString(2, hashes[n]);
            write.setLong(3, first - 1);
            write.setString(4, hashes[0]);
            write.setArray(5, connection.createArrayOf("bigint", seqs));
            write.setArray(6, connection.createArrayOf("bigint", times));
            for (int f = 0; f < 12; f++) {
                write.setArray(7 + f, connection.createArrayOf("varchar", texts[f]));
            }
            return write.executeUpdate() == n;
        }
    }

    private static final String ONE_STATEMENT = "WITH head AS (UPDATE dossier_audit_head SET last_seq = ?, last_hash = ?"
        + " WHERE id = 1 AND last_seq = ? AND last_hash = ? RETURNING 1) INSERT INTO dossier_audit (" + COLUMNS + ")"
        + " SELECT * FROM unnest(CAST(? AS BIGINT[]), CAST(? AS BIGINT[]), "
        + String.join(", ", java.util.Collections.nCopies(12, "CAST(? AS VARCHAR[])")) + ") WHERE EXISTS (SELECT 1 FROM head)";

    /** The hashes of a run of events chained after {@code previous}: [previous, hash of the first, ..., of the last]. */
    private static String[] chain(List<Row> rows, long first, String previous) {
        String[] hashes = new String[rows.size() + 1];
        hashes[0] = previous;
        for (int i = 0; i < rows.size(); i++) {
            hashes[i + 1] = rows.get(i).hash(hashes[i], first + i);
        }
        return hashes;
    }

    /** Moves the head from where it is believed to be; true when it was there (the row is then locked until commit). */
    private static boolean moveHead(Connection connection, long fromSeq, String fromHash, long toSeq, String toHash)
        throws SQLException {
        try (PreparedStatement head = connection.prepareStatement("UPDATE dossier_audit_head SET last_seq = ?, last_hash = ?"
            + " WHERE id = 1 AND last_seq = ? AND last_hash = ?")) {
            head.setLong(1, toSeq);
            head.setString(2, toHash);
            head.setLong(3, fromSeq);
            head.setString(4, fromHash);
            return head.executeUpdate() == 1;
        }
    }

    private static void readHeadLocked(Connection connection, long[] seq, String[] hash) throws SQLException {
        try (Statement head = connection.createStatement()) {
            head.executeUpdate("UPDATE dossier_audit_head SET last_seq = last_seq WHERE id = 1"); // the lock (portable)
            try (ResultSet row = head.executeQuery("SELECT last_seq, last_hash FROM dossier_audit_head WHERE id = 1")) {
                row.next();
                seq[0] = row.getLong(1);
                hash[0] = row.getString(2);
            }
        }
    }

    /** An event's columns as stored (cut to the columns' sizes): what the hash covers. */
    private record Row(long occurredAtMillis, String[] fields) {
        static Row of(AuditEvent e) {
            return new Row(e.at().toEpochMilli(), new String[] {cut(e.actorAddress(), 254), e.actorNationalId().map(n -> cut(n, 20)).orElse(null),
                cut(e.actorName(), 200), cut(e.actorKind(), 12), e.ground().map(g -> cut(g, 20)).orElse(null), cut(e.action(), 30),
                e.outcome().label(), e.ins().map(i -> cut(i, 15)).orElse(null), documents(e.documents()),
                e.reason().map(r -> cut(oneLine(r), 1000)).orElse(null)});
        }

        static Row read(ResultSet rs) throws SQLException {
            String[] fields = new String[10];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = rs.getString(3 + i);
            }
            return new Row(rs.getLong(2), fields);
        }

        String hash(String previous, long seq) {
            return AuditChain.hash(previous, seq, occurredAtMillis, fields);
        }

        void bind(PreparedStatement insert, long seq, String previous, String hash) throws SQLException {
            insert.setLong(1, seq);
            insert.setLong(2, occurredAtMillis);
            for (int i = 0; i < fields.length; i++) {
                insert.setString(3 + i, fields[i]);
            }
            insert.setString(13, previous);
            insert.setString(14, hash);
        }
    }

    /** The ids, comma-separated; what does not fit is counted at the end ("+N"). */
    static String documents(List<Long> ids) {
        if (ids.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < ids.size(); i++) {
            String next = (i == 0 ? "" : ",") + ids.get(i);
            if (text.length() + next.length() > DOCUMENTS_MAX_CHARS - 12) {
                return text.append(",+").append(ids.size() - i).toString();
            }
            text.append(next);
        }
        return text.toString();
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    private static String oneLine(String text) {
        return text.replaceAll("[\\p{Cntrl}]+", " ").strip();
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        List<Long> documents = new ArrayList<>();
        int leftOut = 0;
        String listed = rs.getString(11);
        if (listed != null) {
            for (String id : listed.split(",")) {
                if (id.startsWith("+")) {
                    leftOut = Integer.parseInt(id.substring(1));
                } else if (!id.isEmpty()) {
                    documents.add(Long.parseLong(id));
                }
            }
        }
        return new AuditEntry(rs.getLong(1), Instant.ofEpochMilli(rs.getLong(2)), rs.getString(3),
            Optional.ofNullable(rs.getString(4)), rs.getString(5), rs.getString(6), Optional.ofNullable(rs.getString(7)),
            rs.getString(8), rs.getString(9), Optional.ofNullable(rs.getString(10)), List.copyOf(documents), leftOut,
            Optional.ofNullable(rs.getString(12)), rs.getString(13), rs.getString(14));
    }

    /** The events of one dossier, newest first. */
    public List<AuditEntry> ofDossier(String ins, int offset, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM dossier_audit WHERE ins = ?"
                 + " ORDER BY seq DESC OFFSET ? ROWS FETCH FIRST ? ROWS ONLY")) {
            select.setString(1, ins);
            select.setInt(2, offset);
            select.setInt(3, limit);
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(entry(rows));
                }
            }
            return entries;
        }
    }

    /** What checking the chain found: how many events hold, and the first that does not (with what is wrong). */
    public record Verification(long checked, Optional<Long> firstBroken, String problem) {
        public boolean intact() {
            return firstBroken.isEmpty();
        }
    }

    /** Reads the whole chain in order and checks every link and every hash. */
    public Verification verify() throws SQLException {
        return verify(entry -> {
        });
    }

    /** {@link #verify()}, telling {@code progress} of each event checked. */
    public Verification verify(Consumer<Long> progress) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false); // PostgreSQL streams a result only inside a transaction
            try (Statement select = connection.createStatement()) {
                select.setFetchSize(1000);
                long expectedSeq = 1;
                String previous = AuditChain.GENESIS;
                try (ResultSet rows = select.executeQuery("SELECT " + COLUMNS + " FROM dossier_audit ORDER BY seq")) {
                    while (rows.next()) {
                        long seq = rows.getLong(1);
                        if (seq != expectedSeq) {
                            return new Verification(expectedSeq - 1, Optional.of(expectedSeq),
                                "event " + expectedSeq + " is missing (the next one is " + seq + ")");
                        }
                        if (!rows.getString(13).equals(previous)) {
                            return new Verification(seq - 1, Optional.of(seq),
                                "event " + seq + " does not name the hash of event " + (seq - 1));
                        }
                        String hash = Row.read(rows).hash(previous, seq);
                        if (!hash.equals(rows.getString(14))) {
                            return new Verification(seq - 1, Optional.of(seq),
                                "event " + seq + " was changed after it was written (its hash does not match its content)");
                        }
                        previous = hash;
                        expectedSeq++;
                        progress.accept(seq);
                    }
                }
                try (ResultSet head = select.executeQuery("SELECT last_seq, last_hash FROM dossier_audit_head WHERE id = 1")) {
                    head.next();
                    if (head.getLong(1) != expectedSeq - 1 || !head.getString(2).equals(previous)) {
                        // Removed at the end: the first one missing; added at the end: the first one added.
                        return new Verification(expectedSeq - 1, Optional.of(Math.min(expectedSeq, head.getLong(1) + 1)),
                            "the end of the chain says event " + head.getLong(1) + ", the history ends at event "
                                + (expectedSeq - 1) + ": events were removed or added by hand");
                    }
                }
                return new Verification(expectedSeq - 1, Optional.empty(), "");
            } finally {
                connection.commit();
                connection.setAutoCommit(true);
            }
        }
    }

    /** Lets the waiting events be written, then stops the writer. */
    @Override
    public void close() {
        closed = true;
        try {
            writer.join(WAIT_AT_MOST.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.done().completeExceptionally(new IllegalStateException("the node stopped")));
    }
}
