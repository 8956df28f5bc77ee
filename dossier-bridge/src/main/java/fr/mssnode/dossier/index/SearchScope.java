package fr.mssnode.dossier.index;

import java.util.Optional;
import java.util.Set;

/**
 * The documents a search may see, as the access rules decided: every document of the dossiers in {@code whole}
 * (the patient's own, a treating doctor's patients), and in the dossiers of {@code unmaskedOnly} those not masked
 * from professionals or written by {@code author} (care team, authorised, emergency access). {@code everything}
 * ({@link #unlimited()}) is for the operator's tools and the benchmarks only.
 */
public record SearchScope(boolean everything, Set<String> whole, Set<String> unmaskedOnly, Optional<String> author) {

    public SearchScope {
        whole = Set.copyOf(whole);
        unmaskedOnly = Set.copyOf(unmaskedOnly);
    }

    public static SearchScope unlimited() {
        return new SearchScope(true, Set.of(), Set.of(), Optional.empty());
    }

    public static SearchScope of(Set<String> whole, Set<String> unmaskedOnly, Optional<String> author) {
        return new SearchScope(false, whole, unmaskedOnly, author);
    }

    /** Every document of these dossiers, masked or not (a test's or a benchmark's patient filter). */
    public static SearchScope wholeDossiers(Set<String> dossiers) {
        return of(dossiers, Set.of(), Optional.empty());
    }

    /** Nothing at all can be found. */
    public boolean isEmpty() {
        return !everything && whole.isEmpty() && unmaskedOnly.isEmpty();
    }
}
