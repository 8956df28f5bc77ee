package fr.mssnode.dossier.store;

import java.util.List;

/** Where a document came from: the message that carried it (envelope facts handed over by the mailet). */
public record Filing(String messageId, String sender, List<String> recipients, String attachmentName) {
}
