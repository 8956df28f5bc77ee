package fr.mssnode.dossier.store;

import java.util.Optional;

/** What filing one document did. */
public record FilingResult(Outcome outcome, long documentId, String ins, String documentUid, String typeCode,
                           Rubric rubric, Optional<String> superseded) {
    public enum Outcome {
        /** Filed as the current version of its document. */
        FILED,
        /** The very same document was already filed: nothing changed. */
        ALREADY_FILED
    }
}
