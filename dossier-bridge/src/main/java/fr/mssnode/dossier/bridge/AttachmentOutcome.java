package fr.mssnode.dossier.bridge;

import java.time.format.DateTimeFormatter;
import java.util.Optional;

import fr.mssnode.dossier.cda.FilingRejected;
import fr.mssnode.dossier.store.DocumentToFile;
import fr.mssnode.dossier.store.FilingResult;

/**
 * What became of one document found in a message: filed (or already filed), or refused with the reason.
 * {@code about} names a filed document as the ANS acknowledgement does: its title, then the patient's birth
 * name, first names and birth date.
 */
public record AttachmentOutcome(String attachment, Optional<FilingResult> filed, Optional<FilingRejected> refused,
                                Optional<String> about) {
    private static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    public static AttachmentOutcome filed(String attachment, FilingResult result, DocumentToFile document) {
        StringBuilder about = new StringBuilder(document.title());
        for (String part : new String[] {document.birthName(), document.givenNames(),
            document.birthDate().map(FRENCH_DATE::format).orElse("")}) {
            if (!part.isBlank()) {
                about.append(' ').append(part);
            }
        }
        return new AttachmentOutcome(attachment, Optional.of(result), Optional.empty(), Optional.of(about.toString().strip()));
    }

    public static AttachmentOutcome refused(String attachment, FilingRejected reason) {
        return new AttachmentOutcome(attachment, Optional.empty(), Optional.of(reason), Optional.empty());
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
