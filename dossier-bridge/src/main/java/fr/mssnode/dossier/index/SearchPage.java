package fr.mssnode.dossier.index;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One page of search results: the total, the hits with their highlighted passages, and the count per type. */
public record SearchPage(long total, List<Hit> hits, Map<String, Long> countByType) {

    /** A found document; {@code highlights} are HTML-escaped passages of its text with the matches in {@code <mark>}. */
    public record Hit(long documentId, String ins, String typeCode, String rubric, String title, Optional<LocalDate> date,
                      float score, List<String> highlights) {
    }
}
