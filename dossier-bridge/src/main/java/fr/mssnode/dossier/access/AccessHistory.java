package fr.mssnode.dossier.access;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import fr.mssnode.dossier.audit.AuditEvent;
import fr.mssnode.dossier.audit.AuditEvent.Outcome;
import fr.mssnode.dossier.audit.AuditLog;

/** The dossier's events as the access history records them, from the viewer who caused them. */
public class AccessHistory {
    private final AuditLog log;

    public AccessHistory(AuditLog log) {
        this.log = log;
    }

    public AuditLog log() {
        return log;
    }

    public static AuditEvent event(Viewer viewer, Optional<Ground> ground, DossierAction action, Outcome outcome,
                                   Optional<String> ins, List<Long> documents, Optional<String> reason, Instant at) {
        return new AuditEvent(at, viewer.address(), viewer.nationalId(), viewer.name(), viewer.kind().label(),
            ground.map(Ground::label), action.label(), outcome, ins, documents, reason);
    }

    /** Records that the viewer read (granted); returns once durable. */
    public void granted(Viewer viewer, Ground ground, DossierAction action, String ins, List<Long> documents, Instant at) {
        log.record(event(viewer, Optional.of(ground), action, Outcome.GRANTED, Optional.of(ins), documents, Optional.empty(), at));
    }

    /** Records a refusal, with its reason; returns once durable. */
    public void refused(Viewer viewer, DossierAction action, String ins, List<Long> documents, AccessRefused refusal, Instant at) {
        log.record(event(viewer, Optional.empty(), action, Outcome.REFUSED, Optional.of(ins), documents,
            Optional.of(refusal.reason().code() + ": " + refusal.getMessage()), at));
    }

    /** Records a change (masking, blocking, authorisation, emergency access, release); returns once durable. */
    public void changed(Viewer viewer, Optional<Ground> ground, DossierAction action, String ins, List<Long> documents,
                        Optional<String> reason, Instant at) {
        log.record(event(viewer, ground, action, Outcome.CHANGED, Optional.of(ins), documents, reason, at));
    }

    public void record(List<AuditEvent> events) {
        log.record(events);
    }
}
