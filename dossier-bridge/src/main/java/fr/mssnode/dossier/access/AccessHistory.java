package fr.mssnode.dossier.access;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
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

    /**
     * The events of a search's hit list: one per dossier the hits come from, on the viewer's ground in it; one
     * without documents when nothing was found (in {@code searched}, the dossier searched, if one).
     */
    public static List<AuditEvent> searchEvents(Viewer viewer, Map<String, List<Long>> hitsByDossier,
                                                Map<String, Ground> grounds, Optional<String> searched, Instant at) {
        List<AuditEvent> events = new ArrayList<>();
        hitsByDossier.forEach((dossier, documents) -> events.add(event(viewer, Optional.ofNullable(grounds.get(dossier)),
            DossierAction.SEARCH, Outcome.GRANTED, Optional.of(dossier), documents, Optional.empty(), at)));
        if (events.isEmpty()) {
            events.add(event(viewer, searched.map(grounds::get), DossierAction.SEARCH, Outcome.GRANTED, searched, List.of(),
                Optional.empty(), at));
        }
        return events;
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
