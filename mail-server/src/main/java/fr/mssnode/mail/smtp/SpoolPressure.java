package fr.mssnode.mail.smtp;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import javax.annotation.PreDestroy;
import javax.inject.Inject;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the spool holds more mail than the node delivers within its visibility target. The spool's depth is
 * sampled twice a second; the delivery rate is what left the spool between two samples (what was there, plus
 * what was accepted, minus what is there now), smoothed. Past {@code max(minimumDepth, rate × target)} new mail
 * is asked to come back later (451 4.3.2): senders retry, nothing is lost, and the delay between "250" and the
 * mailbox stays bounded instead of growing with the queue.
 */
public class SpoolPressure implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpoolPressure.class);
    private static final double SMOOTHING = 0.2;

    /** How long accepted mail may wait in the spool, and the depth below which mail is always accepted. */
    public record Limits(Duration visibilityTarget, long minimumDepth) {
    }

    private final LongSupplier spoolDepth;
    private final Limits limits;
    private final AtomicLong accepted = new AtomicLong();
    private final ScheduledExecutorService sampler;
    private volatile long depth;
    private volatile double deliveredPerSecond;
    private long lastDepth;
    private long lastAccepted;
    private long lastNanos;

    /** Samples the spool's depth on its own thread, twice a second, until the server stops. */
    @Inject
    public SpoolPressure(MailQueueFactory<? extends ManageableMailQueue> queues, Limits limits) {
        this(() -> spoolSize(queues), limits, Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "spool-pressure");
            thread.setDaemon(true);
            return thread;
        }));
        sampler.scheduleWithFixedDelay(() -> {
            try {
                sample(System.nanoTime());
            } catch (RuntimeException e) {
                LOGGER.warn("Could not read the spool's depth: {}", e.getMessage());
            }
        }, 500, 500, TimeUnit.MILLISECONDS);
    }

    SpoolPressure(LongSupplier spoolDepth, Limits limits, ScheduledExecutorService sampler) {
        this.spoolDepth = spoolDepth;
        this.limits = limits;
        this.sampler = sampler;
        this.lastNanos = System.nanoTime();
    }

    private static long spoolSize(MailQueueFactory<? extends ManageableMailQueue> queues) {
        try {
            Optional<? extends ManageableMailQueue> spool = queues.getQueue(MailQueueFactory.SPOOL);
            return spool.isPresent() ? spool.get().getSize() : 0;
        } catch (MailQueue.MailQueueException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A message was accepted into the spool. */
    public void accepted() {
        accepted.incrementAndGet();
    }

    synchronized void sample(long nanos) {
        long now = spoolDepth.getAsLong();
        long acceptedNow = accepted.get();
        double seconds = (nanos - lastNanos) / 1e9;
        if (seconds > 0) {
            long delivered = Math.max(0, lastDepth + (acceptedNow - lastAccepted) - now);
            deliveredPerSecond = deliveredPerSecond == 0 ? delivered / seconds
                : (1 - SMOOTHING) * deliveredPerSecond + SMOOTHING * (delivered / seconds);
        }
        depth = now;
        lastDepth = now;
        lastAccepted = acceptedNow;
        lastNanos = nanos;
    }

    /** Why new mail should come back later, or empty when it is welcome. */
    public Optional<String> refusal() {
        long seconds = Math.max(1, limits.visibilityTarget().toSeconds());
        long limit = Math.max(limits.minimumDepth(), (long) (deliveredPerSecond * seconds));
        if (depth <= limit) {
            return Optional.empty();
        }
        return Optional.of("The node is busy: " + depth + " messages are waiting for delivery, more than it delivers in "
            + seconds + " s. Please try again in a few minutes; your message has not been accepted yet.");
    }

    @Override
    @PreDestroy
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }
}
