package fr.mssnode.dossier.store;

import java.util.Optional;

/**
 * What filing one document did. {@code current} is false for an older version that arrived late (straight to the
 * history); {@code supersededId} and {@code superseded} name the version this one replaced, if any; {@code masked}:
 * masked from professionals (by its own flag, or because the patient masked an earlier version).
 */
public record FilingResult(Outcome outcome, long documentId, String ins, String documentUid, String typeCode,
                           Rubric rubric, boolean current, Optional<Long> supersededId, Optional<String> superseded,
                           boolean masked) {
    public enum Outcome {
        /** Filed as a new document or version. */
        FILED,
        /** The very same document was already filed: nothing changed. */
        ALREADY_FILED
    }
}
