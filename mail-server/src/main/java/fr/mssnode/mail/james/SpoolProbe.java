package fr.mssnode.mail.james;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.utils.GuiceProbe;

import fr.mssnode.mail.operations.AcceptedAt;
import fr.mssnode.mail.smtp.SpoolPressure;

/**
 * Hands the spool to the Spring side: its back pressure (the web space's replies wait when SMTP submissions do), its
 * depth and how long its oldest message has waited (metrics, readiness).
 */
public class SpoolProbe implements GuiceProbe {
    private final SpoolPressure pressure;
    private final MailQueueFactory<? extends ManageableMailQueue> queues;

    @Inject
    public SpoolProbe(SpoolPressure pressure, MailQueueFactory<? extends ManageableMailQueue> queues) {
        this.pressure = pressure;
        this.queues = queues;
    }

    public SpoolPressure pressure() {
        return pressure;
    }

    /** How many messages wait in the spool, read from the queue now. */
    public long depth() throws MailQueue.MailQueueException {
        Optional<? extends ManageableMailQueue> spool = queues.getQueue(MailQueueFactory.SPOOL);
        return spool.isPresent() ? spool.get().getSize() : 0;
    }

    /** How long the message at the head of the spool has waited since it was accepted; empty when none waits. */
    public Optional<Duration> oldestWaiting(Instant now) throws MailQueue.MailQueueException {
        Optional<? extends ManageableMailQueue> spool = queues.getQueue(MailQueueFactory.SPOOL);
        if (spool.isEmpty()) {
            return Optional.empty();
        }
        ManageableMailQueue.MailQueueIterator items = spool.get().browse();
        try {
            if (!items.hasNext()) {
                return Optional.empty();
            }
            org.apache.mailet.Mail oldest = items.next().getMail();
            Optional<Duration> waited = AcceptedAt.since(oldest, now);
            return waited.isPresent() ? waited : Optional.ofNullable(oldest.getLastUpdated())
                .map(updated -> Duration.between(updated.toInstant(), now)).filter(d -> !d.isNegative());
        } finally {
            items.close();
        }
    }
}
