package fr.mssnode.mail.james;

import java.lang.reflect.Field;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import javax.inject.Inject;
import javax.inject.Provider;

import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.mailetcontainer.impl.JamesMailSpooler;
import org.apache.james.protocols.lib.netty.AbstractConfigurableAsyncServer;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.apache.james.utils.GuiceProbe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first steps of a clean stop, before James disposes of its components: the mail listeners stop taking
 * connections, the spooler stops taking messages from the spool, and the messages it is processing are let to finish.
 * What still waits in the spool stays there, acknowledged by no one, and is processed once after the next start.
 * <p>
 * James 3.8.1 disposes of its spooler's threads while the queue still hands it messages: each one it is handed then
 * fails ("Scheduler unavailable") and is logged as an error, hundreds after a load. Its spooler has no public way to
 * stop consuming, so the subscription is cancelled through the field that holds it (checked at start).
 */
public class SpoolDrain implements GuiceProbe {
    private static final Logger LOGGER = LoggerFactory.getLogger(SpoolDrain.class);
    private final Provider<JamesMailSpooler> spooler;
    private final Provider<SMTPServerFactory> smtp;
    private final Provider<IMAPServerFactory> imap;

    /** Providers: a probe is made early, and must not make James build its spooler or listeners out of order. */
    @Inject
    public SpoolDrain(Provider<JamesMailSpooler> spooler, Provider<SMTPServerFactory> smtp, Provider<IMAPServerFactory> imap) {
        this.spooler = spooler;
        this.smtp = smtp;
        this.imap = imap;
    }

    /** Stops listening and consuming, then waits (at most {@code patience}) for the messages in processing. */
    public void drain(Duration patience) {
        unbindAtOnce(Stream.concat(smtp.get().getServers().stream(), imap.get().getServers().stream()).toList());
        JamesMailSpooler spooler = this.spooler.get();
        consumption(spooler).ifPresent(reactor.core.Disposable::dispose);
        long deadline = System.nanoTime() + patience.toNanos();
        while (spooler.getCurrentSpoolCount() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (spooler.getCurrentSpoolCount() > 0) {
            LOGGER.warn("{} messages were still in processing when the node stopped: they are processed again after the"
                + " next start (each delivered once)", spooler.getCurrentSpoolCount());
        }
    }

    /**
     * Each listener's Netty shutdown waits for a quiet period of 2 s: the four listeners stop side by side, not one
     * after the other.
     */
    private static void unbindAtOnce(List<AbstractConfigurableAsyncServer> servers) {
        List<Thread> stopping = servers.stream().map(server -> new Thread(server::unbind, "stopping-" + server.getPort())).toList();
        stopping.forEach(Thread::start);
        for (Thread thread : stopping) {
            try {
                thread.join(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The spooler's subscription to the spool (JamesMailSpooler.runner.disposable in James 3.8.1). */
    private static Optional<reactor.core.Disposable> consumption(JamesMailSpooler spooler) {
        try {
            Field runnerField = JamesMailSpooler.class.getDeclaredField("runner");
            runnerField.setAccessible(true);
            Optional<?> runner = (Optional<?>) runnerField.get(spooler);
            if (runner == null || runner.isEmpty()) {
                return Optional.empty();
            }
            Field disposable = runner.get().getClass().getDeclaredField("disposable");
            disposable.setAccessible(true);
            return Optional.of((reactor.core.Disposable) disposable.get(runner.get()));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOGGER.warn("Cannot stop the spooler's consumption before it is disposed ({}): James may log errors while"
                + " stopping", e.toString());
            return Optional.empty();
        }
    }
}
