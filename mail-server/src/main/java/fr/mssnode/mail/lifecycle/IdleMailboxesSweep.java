package fr.mssnode.mail.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.directory.lifecycle.IdleMailbox;
import fr.mssnode.directory.lifecycle.MailboxLifecycle;
import fr.mssnode.dossier.inbox.Letter;
import fr.mssnode.dossier.inbox.Outbox;
import fr.mssnode.mail.PeriodicTask;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;

/**
 * Looks regularly at the mailboxes nobody signs in to ({@link MailboxLifecycle} decides which): writes to each owner
 * due a warning, in their own mailbox, the date it will be closed and how to keep it; closes those warned long enough
 * ago. Both go to the operator's trace.
 */
public class IdleMailboxesSweep extends PeriodicTask {
    private static final Logger LOG = LoggerFactory.getLogger(IdleMailboxesSweep.class);
    private static final DateTimeFormatter DAY =
        DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH).withZone(ZoneId.of("Europe/Paris"));

    private final MailboxLifecycle lifecycle;
    private final Outbox outbox;
    private final OperatorTrace trace;
    private final Duration every;

    public IdleMailboxesSweep(MailboxLifecycle lifecycle, Outbox outbox, OperatorTrace trace, Duration every) {
        super("idle-mailboxes", every.isZero() ? Duration.ZERO : Duration.ofSeconds(Math.min(60, every.toSeconds())), every);
        this.lifecycle = lifecycle;
        this.outbox = outbox;
        this.trace = trace;
        this.every = every;
    }

    @Override
    protected void runOnce() {
        try {
            MailboxLifecycle.Due due = lifecycle.due();
            for (IdleMailbox mailbox : due.toWarn()) {
                warn(mailbox);
            }
            for (IdleMailbox mailbox : due.toClose()) {
                if (lifecycle.close(mailbox)) {
                    trace.record("node", "local", "LIFECYCLE", TraceEvent.Action.MAILBOX_CLOSED, List.of(mailbox.address()),
                        "no sign-in since " + mailbox.lastUsed(), "closed (account enable --address " + mailbox.address()
                            + " opens it again)");
                }
            }
            if (!due.toWarn().isEmpty() || !due.toClose().isEmpty()) {
                LOG.warn("Mailboxes without a sign-in: {} owners warned, {} mailboxes closed", due.toWarn().size(),
                    due.toClose().size());
            }
        } catch (RuntimeException e) {
            LOG.error("The idle mailboxes could not be looked at (tried again in {}): {}", every, e.toString());
        }
    }

    private void warn(IdleMailbox mailbox) {
        Instant closing = lifecycle.closingDate(mailbox);
        String since = mailbox.lastSignIn().map(at -> "Aucune connexion n'a eu lieu depuis le " + DAY.format(at) + ".")
            .orElse("Aucune connexion n'a eu lieu depuis sa création le " + DAY.format(mailbox.createdAt()) + ".");
        outbox.send(new Letter(List.of(mailbox.address()),
            "Votre messagerie sécurisée sera fermée le " + DAY.format(closing) + " faute d'utilisation",
            "Bonjour,\n\nLa boîte aux lettres sécurisée " + mailbox.address() + " (" + mailbox.displayName() + ") n'est plus"
                + " utilisée : " + since + "\n\nSans connexion d'ici là, elle sera fermée le " + DAY.format(closing)
                + " : les messages qui lui seront adressés seront refusés. Rien de ce qu'elle contient ne sera effacé."
                + "\n\nPour la garder ouverte, il suffit de vous y connecter une fois (logiciel de messagerie, logiciel"
                + " métier ou espace web). Pour la rouvrir après sa fermeture, adressez-vous à votre opérateur.\n\n"
                + "-- \nL'opérateur de messagerie sécurisée de santé\n",
            List.of(), "inactivity-warning " + mailbox.address()));
        lifecycle.warned(mailbox);
        trace.record("node", "local", "LIFECYCLE", TraceEvent.Action.MAILBOX_WARNED, List.of(mailbox.address()),
            "no sign-in since " + mailbox.lastUsed(), "warned: closes on " + closing);
    }
}
