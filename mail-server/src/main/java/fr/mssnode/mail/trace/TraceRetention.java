package fr.mssnode.mail.trace;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.mail.PeriodicTask;

/** Purges the operator's trace of the events older than the retention, at start and every six hours. */
public class TraceRetention extends PeriodicTask {
    private static final Logger LOG = LoggerFactory.getLogger(TraceRetention.class);
    private static final Duration EVERY = Duration.ofHours(6);

    private final OperatorTrace trace;
    private final Duration keep;

    public TraceRetention(OperatorTrace trace, Duration keep) {
        super("trace-retention", Duration.ZERO, EVERY);
        this.trace = trace;
        this.keep = keep;
    }

    @Override
    protected void runOnce() {
        try {
            int purged = trace.purge(Instant.now().minus(keep));
            if (purged > 0) {
                LOG.info("Operator trace: {} events older than {} purged", purged, keep);
            }
        } catch (RuntimeException e) {
            LOG.error("The operator trace could not be purged (tried again in {} h): {}", EVERY.toHours(), e.toString());
        }
    }
}
