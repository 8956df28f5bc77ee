package fr.mssnode.dossier.bridge;

import java.util.Optional;

import fr.mssnode.dossier.cda.FilingRejected;
import fr.mssnode.dossier.store.FilingResult;

/** What became of one document found in a message: filed (or already filed), or refused with the reason. */
public record AttachmentOutcome(String attachment, Optional<FilingResult> filed, Optional<FilingRejected> refused) {

    public static AttachmentOutcome filed(String attachment, FilingResult result) {
        return new AttachmentOutcome(attachment, Optional.of(result), Optional.empty());
    }

    public static AttachmentOutcome refused(String attachment, FilingRejected reason) {
        return new AttachmentOutcome(attachment, Optional.empty(), Optional.of(reason));
    }

    public boolean isFiled() {
        return filed.isPresent();
    }

    /** One line for the header and the notice. */
    public String describe() {
        return filed.map(r -> attachment + ": " + (r.outcome() == FilingResult.Outcome.FILED ? "filed" : "already filed")
                + " in the dossier of INS " + r.ins() + " (" + r.rubric().name().toLowerCase(java.util.Locale.ROOT) + ")")
            .orElseGet(() -> attachment + ": not filed, " + refused.get().getMessage() + " [" + refused.get().reason().code() + "]");
    }
}
