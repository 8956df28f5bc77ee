package fr.mssnode.mail.mailet;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Remembers which spooled message was stored in which local mailbox, so that a message redelivered
 * from the spool after a crash is not stored twice. A delivery is STORING before the mailbox append and
 * STORED after it; a crash in between leaves STORING, which the caller settles by looking in the mailbox.
 */
public class DeliveryLedger {
    public enum State { STORING, STORED }

    public record Entry(State state, Instant since) {
    }

    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Duration PURGE_EVERY = Duration.ofHours(1);

    private final JdbcTemplate jdbc;
    private final AtomicReference<Instant> lastPurge = new AtomicReference<>(Instant.EPOCH);

    public DeliveryLedger(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public Optional<Entry> find(String spoolId, String recipient) {
        return jdbc.query("SELECT state, updated_at FROM delivery_ledger WHERE spool_id = ? AND recipient = ?",
            (rs, row) -> new Entry(State.valueOf(rs.getString("state")), rs.getTimestamp("updated_at").toInstant()),
            spoolId, recipient).stream().findFirst();
    }

    public void storing(String spoolId, String recipient) {
        Timestamp now = Timestamp.from(Instant.now());
        try {
            jdbc.update("INSERT INTO delivery_ledger (spool_id, recipient, state, updated_at) VALUES (?, ?, ?, ?)",
                spoolId, recipient, State.STORING.name(), now);
        } catch (DuplicateKeyException retriedDelivery) {
            jdbc.update("UPDATE delivery_ledger SET state = ?, updated_at = ? WHERE spool_id = ? AND recipient = ?",
                State.STORING.name(), now, spoolId, recipient);
        }
        purgeOccasionally();
    }

    public void stored(String spoolId, String recipient) {
        jdbc.update("UPDATE delivery_ledger SET state = ?, updated_at = ? WHERE spool_id = ? AND recipient = ?",
            State.STORED.name(), Timestamp.from(Instant.now()), spoolId, recipient);
    }

    private void purgeOccasionally() {
        Instant now = Instant.now();
        Instant previous = lastPurge.get();
        if (previous.plus(PURGE_EVERY).isBefore(now) && lastPurge.compareAndSet(previous, now)) {
            jdbc.update("DELETE FROM delivery_ledger WHERE updated_at < ?", Timestamp.from(now.minus(RETENTION)));
        }
    }
}
