package fr.mssnode.mail.trace;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.mssnode.mail.operations.NodeMeters;

/**
 * The operator's content-free trace. {@link #record} never waits on the database: events go to a queue that a
 * writer thread saves in batches every {@value #FLUSH_MILLIS} ms (and {@link #close} at shutdown, {@link #flush} for
 * a command-line run); if the database is down the events wait in the queue (bounded: beyond
 * {@value #MAX_WAITING} waiting events new ones are dropped and counted in the log).
 */
public class OperatorTrace implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorTrace.class);
    static final int FLUSH_MILLIS = 200;
    static final int MAX_WAITING = 100_000;
    private static final int BATCH = 500;

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final LinkedBlockingQueue<TraceEvent> waiting = new LinkedBlockingQueue<>(MAX_WAITING);
    private final Thread writer;
    private volatile boolean open = true;
    private long dropped;

    public OperatorTrace(DataSource dataSource, Clock clock) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.clock = clock;
        this.writer = new Thread(this::writeLoop, "operator-trace");
        writer.setDaemon(true);
        writer.start();
    }

    public void record(String actor, String clientAddress, String protocol, TraceEvent.Action action, List<String> concerns,
                       String request, String answer) {
        TraceEvent event = new TraceEvent(clock.instant(), actor == null || actor.isBlank() ? "anonymous" : actor,
            clientAddress, protocol, action, concerns, request, answer);
        count(event);
        if (!waiting.offer(event)) {
            synchronized (this) {
                if (dropped++ % 1000 == 0) {
                    LOG.error("The operator trace is {} events behind (database unavailable?): {} dropped so far",
                        MAX_WAITING, dropped);
                }
            }
        }
    }

    private static final java.util.regex.Pattern ENHANCED_STATUS = java.util.regex.Pattern.compile("\\b[245]\\.\\d{1,3}\\.\\d{1,3}\\b");

    /** What the trace sees, the node's meters count (never content, never an address). */
    private static void count(TraceEvent event) {
        switch (event.action()) {
            case MAIL_ACCEPTED -> NodeMeters.accepted(event.protocol());
            case MAIL_REFUSED -> {
                java.util.regex.Matcher status = ENHANCED_STATUS.matcher(event.answer() == null ? "" : event.answer());
                NodeMeters.refused(event.protocol(), status.find() ? status.group() : "other");
            }
            case DELIVERED -> NodeMeters.delivered();
            case RELAYED -> NodeMeters.relayed();
            case SIGN_IN_FAILED, SIGN_IN_REFUSED -> NodeMeters.signInFailed(event.protocol());
            default -> {
            }
        }
    }

    /** Saves what is waiting now. */
    public synchronized void flush() {
        List<TraceEvent> batch = new ArrayList<>();
        while (waiting.drainTo(batch, BATCH) > 0) {
            save(batch);
            batch.clear();
        }
    }

    private void writeLoop() {
        while (open) {
            try {
                TimeUnit.MILLISECONDS.sleep(FLUSH_MILLIS);
                flush();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("The operator trace could not be saved (tried again in {} ms): {}", FLUSH_MILLIS, e.toString());
            }
        }
    }

    private void save(List<TraceEvent> batch) {
        jdbc.batchUpdate("INSERT INTO operator_trace (occurred_at, actor, client_address, protocol, action, concerns, request, answer)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", batch.stream().map(event -> new Object[] {
                Timestamp.from(event.at()), cut(event.actor(), 320), cut(event.clientAddress(), 64), event.protocol(),
                event.action().name(), cut(String.join(",", event.concerns()), 2000), cut(event.request(), 2000),
                cut(event.answer(), 1000)}).toList());
    }

    /** The events by or about an address (actor, or among the addresses concerned) since a moment, oldest first. */
    public List<TraceEvent> search(String address, Instant since, int limit) {
        flush();
        String who = address.trim().toLowerCase(Locale.ROOT);
        return jdbc.query("SELECT occurred_at, actor, client_address, protocol, action, concerns, request, answer FROM operator_trace"
                + " WHERE occurred_at >= ? AND (LOWER(actor) = ? OR LOWER(concerns) LIKE ?) ORDER BY occurred_at, id"
                + " OFFSET 0 ROWS FETCH FIRST " + Math.max(1, limit) + " ROWS ONLY",
            (row, n) -> new TraceEvent(row.getTimestamp(1).toInstant(), row.getString(2), row.getString(3), row.getString(4),
                TraceEvent.Action.valueOf(row.getString(5)),
                row.getString(6) == null || row.getString(6).isEmpty() ? List.of() : Arrays.asList(row.getString(6).split(",")),
                row.getString(7), row.getString(8)),
            Timestamp.from(since), who, "%" + who.replace("%", "") + "%");
    }

    /** Deletes the events older than {@code before}: how many. */
    public int purge(Instant before) {
        return jdbc.update("DELETE FROM operator_trace WHERE occurred_at < ?", Timestamp.from(before));
    }

    @Override
    public void close() {
        open = false;
        writer.interrupt();
        try {
            writer.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    private static String cut(String text, int max) {
        if (text == null) {
            return null;
        }
        String oneLine = text.replaceAll("[\\r\\n]+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 1) + "…";
    }
}
