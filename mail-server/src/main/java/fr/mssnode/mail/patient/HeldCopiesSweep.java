package fr.mssnode.mail.patient;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.dossier.access.DossierAccess;
import fr.mssnode.mail.PeriodicTask;

/**
 * Looks at the held copies regularly, while the mail server runs: copies of documents released by their author or
 * at one month go to the patients, and patients are told at two weeks that a document waits for them.
 */
public class HeldCopiesSweep extends PeriodicTask {
    private static final Logger LOG = LoggerFactory.getLogger(HeldCopiesSweep.class);

    private final DossierAccess access;
    private final Duration every;

    public HeldCopiesSweep(DossierAccess access, Duration every) {
        super("held-copies", every, every);
        this.access = access;
        this.every = every;
    }

    @Override
    protected void runOnce() {
        try {
            int sent = access.sendDueCopies(Instant.now());
            if (sent > 0) {
                LOG.info("{} held copies or reminders sent to patients", sent);
            }
        } catch (RuntimeException e) {
            LOG.error("The held copies could not be looked at (tried again in {} s): {}", every.toSeconds(), e.toString());
        }
    }
}
