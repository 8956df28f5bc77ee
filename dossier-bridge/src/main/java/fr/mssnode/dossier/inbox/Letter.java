package fr.mssnode.dossier.inbox;

import java.util.List;

/**
 * A message the node writes to a patient's secure inbox or to a professional (a copy of a document, a
 * notification), from the operator's postmaster. {@code key}: what it is about, for the logs.
 */
public record Letter(List<String> to, String subject, String text, List<Attachment> attachments,
                     String key) {

    /** A file attached to the letter. */
    public record Attachment(String fileName, String mediaType, byte[] content) {
    }

    public Letter {
        to = List.copyOf(to);
        attachments = List.copyOf(attachments);
    }
}
