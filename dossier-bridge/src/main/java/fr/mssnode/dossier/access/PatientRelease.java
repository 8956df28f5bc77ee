package fr.mssnode.dossier.access;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

import fr.mssnode.dossier.store.DossierStore.StoredDocument;

/**
 * When a document not yet visible to the patient (INVISIBLE_PATIENT, waiting for an announcement consultation)
 * becomes visible: when its author releases it, and at the latest one month after it was filed (a calendar month,
 * French time). The patient is told at two weeks that a document is waiting. Both delays can be set (tests use
 * seconds); the defaults are the rules'.
 */
public record PatientRelease(Optional<Duration> releaseAfter, Duration reminderAfter) {
    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");

    public static PatientRelease rules() {
        return new PatientRelease(Optional.empty(), Duration.ofDays(14));
    }

    public Instant releaseDue(Instant filedAt) {
        return releaseAfter.map(filedAt::plus).orElseGet(() -> filedAt.atZone(FRANCE).plusMonths(1).toInstant());
    }

    public Instant reminderDue(Instant filedAt) {
        Instant reminder = filedAt.plus(reminderAfter);
        Instant release = releaseDue(filedAt);
        return reminder.isBefore(release) ? reminder : release;
    }

    /** Whether the patient sees this document now. */
    public boolean visibleToPatient(StoredDocument document, Instant now) {
        return !document.invisibleToPatient() || document.releasedAt().isPresent() || !now.isBefore(releaseDue(document.filedAt()));
    }
}
