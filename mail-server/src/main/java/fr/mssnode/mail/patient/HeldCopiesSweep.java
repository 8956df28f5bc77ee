package fr.mssnode.mail.patient;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import fr.mssnode.dossier.access.DossierAccess;

/**
 * Looks at the held copies regularly, while the mail server runs: copies of documents released by their author or
 * at one month go to the patients, and patients are told at two weeks that a document waits for them.
 */
public class HeldCopiesSweep implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(HeldCopiesSweep.class);

    private final DossierAccess access;
    private final Duration every;
    private volatile ScheduledExecutorService executor;

    public HeldCopiesSweep(DossierAccess access, Duration every) {
        this.access = access;
        this.every = every;
    }

    @Override
    public void start() {
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "held-copies");
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(this::sweep, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        executor = started;
    }

    private void sweep() {
        try {
            int sent = access.sendDueCopies(Instant.now());
            if (sent > 0) {
                LOG.info("{} held copies or reminders sent to patients", sent);
            }
        } catch (RuntimeException e) {
            LOG.error("The held copies could not be looked at (tried again in {} s): {}", every.toSeconds(), e.toString());
        }
    }

    @Override
    public void stop() {
        ScheduledExecutorService running = executor;
        executor = null;
        if (running != null) {
            running.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    /** After the mail server (which starts in an earlier phase) and stopped before it. */
    @Override
    public int getPhase() {
        return DEFAULT_PHASE;
    }
}
