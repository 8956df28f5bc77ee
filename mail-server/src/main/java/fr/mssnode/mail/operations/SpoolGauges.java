package fr.mssnode.mail.operations;

import java.time.Duration;
import java.time.Instant;

import org.apache.james.GuiceJamesServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import fr.mssnode.mail.james.JamesMailServer;
import fr.mssnode.mail.james.SpoolProbe;

/**
 * The spool's depth and the age of its oldest message, read when the metrics are scraped (at most once a second:
 * the oldest message is read from the queue).
 */
public class SpoolGauges {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpoolGauges.class);
    private final JamesMailServer james;
    private long readAtNanos;
    private double depth;
    private double oldestSeconds;

    public SpoolGauges(JamesMailServer james, MeterRegistry registry) {
        this.james = james;
        Gauge.builder("mss.spool.depth", this, gauges -> gauges.read().depth)
            .description("Messages waiting in the spool").register(registry);
        Gauge.builder("mss.spool.oldest.age", this, gauges -> gauges.read().oldestSeconds).baseUnit("seconds")
            .description("How long the oldest message of the spool has waited since it was accepted").register(registry);
    }

    private synchronized SpoolGauges read() {
        long now = System.nanoTime();
        if (now - readAtNanos < 1_000_000_000L && readAtNanos != 0) {
            return this;
        }
        readAtNanos = now;
        GuiceJamesServer server = james.server();
        if (server == null) {
            depth = Double.NaN;
            oldestSeconds = Double.NaN;
            return this;
        }
        try {
            SpoolProbe spool = server.getProbe(SpoolProbe.class);
            depth = spool.depth();
            oldestSeconds = spool.oldestWaiting(Instant.now()).map(Duration::toMillis).orElse(0L) / 1000.0;
        } catch (Exception e) {
            LOGGER.warn("Could not read the spool for the metrics: {}", e.getMessage());
            depth = Double.NaN;
            oldestSeconds = Double.NaN;
        }
        return this;
    }
}
