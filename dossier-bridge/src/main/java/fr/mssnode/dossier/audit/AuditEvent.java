package fr.mssnode.dossier.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One thing that happened to a dossier, as the access history records it: who (address, national id, name, kind
 * of account), on which ground, when, what (the action, its outcome, the dossier and the documents), and the
 * stated reason of an emergency access or of a refusal. Never any document content.
 */
public record AuditEvent(Instant at, String actorAddress, Optional<String> actorNationalId, String actorName,
                         String actorKind, Optional<String> ground, String action, Outcome outcome, Optional<String> ins,
                         List<Long> documents, Optional<String> reason) {

    public enum Outcome {
        GRANTED, REFUSED, CHANGED;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public AuditEvent {
        documents = List.copyOf(documents);
    }
}
