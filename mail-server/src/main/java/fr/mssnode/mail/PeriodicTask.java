package fr.mssnode.mail;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.springframework.context.SmartLifecycle;

/**
 * Something the node does again and again while it runs (a sweep, a purge), on its own daemon thread, started after
 * the mail server and stopped before it. Subclasses say what, in {@link #runOnce()}, and catch what they can survive.
 * A task whose period is zero never runs (switched off by configuration).
 */
public abstract class PeriodicTask implements SmartLifecycle {
    private final String name;
    private final Duration first;
    private final Duration every;
    private volatile ScheduledExecutorService executor;

    protected PeriodicTask(String name, Duration first, Duration every) {
        this.name = name;
        this.first = first;
        this.every = every;
    }

    protected abstract void runOnce();

    @Override
    public void start() {
        if (every.isZero()) {
            return;
        }
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, name);
            thread.setDaemon(true);
            return thread;
        });
        started.scheduleWithFixedDelay(this::runOnce, first.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        executor = started;
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
