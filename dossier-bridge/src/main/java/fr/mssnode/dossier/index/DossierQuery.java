package fr.mssnode.dossier.index;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A search of the dossiers, within the {@link SearchScope} the access rules give the reader. {@code authorId}
 * filters by author; {@code highlights}: passages of each hit's text around the words searched.
 */
public record DossierQuery(String text, SearchScope scope, Optional<String> type, Optional<String> authorId,
                           Optional<LocalDate> from, Optional<LocalDate> to, boolean includeHistory,
                           int offset, int limit, boolean highlights) {
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
    }

    /** A search with highlighted passages (what the API answers). */
    public DossierQuery(String text, SearchScope scope, Optional<String> type, Optional<String> authorId,
                        Optional<LocalDate> from, Optional<LocalDate> to, boolean includeHistory, int offset, int limit) {
        this(text, scope, type, authorId, from, to, includeHistory, offset, limit, true);
    }

    /** The same search without highlighted passages. */
    public DossierQuery withoutHighlights() {
        return new DossierQuery(text, scope, type, authorId, from, to, includeHistory, offset, limit, false);
    }

    /** The same search within another scope. */
    public DossierQuery within(SearchScope other) {
        return new DossierQuery(text, other, type, authorId, from, to, includeHistory, offset, limit, highlights);
    }

    /** A text search over every dossier: the operator's tools and the benchmark. */
    public static DossierQuery everywhere(String text, int limit) {
        return new DossierQuery(text, SearchScope.unlimited(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), false, 0, limit);
    }
}
