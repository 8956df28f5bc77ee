package fr.mssnode.dossier.index;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

/**
 * A search of the dossiers. {@code patients} limits it to the dossiers the reader may open (empty Optional: no
 * limit, for the operator's tools only); {@code viewerNationalId} is the reader's national id, who sees the
 * documents masked from professionals only when they wrote them. {@code highlights}: passages of each hit's text
 * around the words searched.
 */
public record DossierQuery(String text, Optional<Set<String>> patients, Optional<String> type, Optional<String> authorId,
                           Optional<LocalDate> from, Optional<LocalDate> to, boolean includeHistory,
                           Optional<String> viewerNationalId, int offset, int limit, boolean highlights) {
    public static final int MAX_LIMIT = 100;
    public static final int MAX_OFFSET = 10_000;

    public DossierQuery {
        if (offset < 0 || offset > MAX_OFFSET) {
            throw new IllegalArgumentException("offset must be between 0 and " + MAX_OFFSET);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
        text = text == null ? "" : text.strip();
        patients = patients.map(Set::copyOf);
    }

    /** A search with highlighted passages (what the API answers). */
    public DossierQuery(String text, Optional<Set<String>> patients, Optional<String> type, Optional<String> authorId,
                        Optional<LocalDate> from, Optional<LocalDate> to, boolean includeHistory,
                        Optional<String> viewerNationalId, int offset, int limit) {
        this(text, patients, type, authorId, from, to, includeHistory, viewerNationalId, offset, limit, true);
    }

    /** The same search without highlighted passages. */
    public DossierQuery withoutHighlights() {
        return new DossierQuery(text, patients, type, authorId, from, to, includeHistory, viewerNationalId, offset, limit, false);
    }

    /** A text search over every dossier: the operator's tools and the benchmark. */
    public static DossierQuery everywhere(String text, int limit) {
        return new DossierQuery(text, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            false, Optional.empty(), 0, limit);
    }
}
