package fr.mssnode.dossier.index;

/** What the index holds of a document's state: whether it is current, and masked from professionals. */
public record IndexedState(long documentId, boolean current, boolean masked) {
}
