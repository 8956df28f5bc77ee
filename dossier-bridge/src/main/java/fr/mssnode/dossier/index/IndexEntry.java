package fr.mssnode.dossier.index;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/** What the index knows of one filed document: enough to find it, filter it and show it in a result list. */
public record IndexEntry(long documentId, String ins, String typeCode, String typeDisplay, String rubric,
                         Optional<String> authorId, String authorName, Optional<LocalDate> date, Instant filedAt,
                         String title, String body, boolean current, boolean maskedFromProfessionals) {

    /** The day of a CDA time stamp (yyyyMMdd[HHmmss][+zzzz]), if it has one. */
    public static Optional<LocalDate> dayOf(Optional<String> cdaTime) {
        return cdaTime.filter(t -> t.length() >= 8 && t.substring(0, 8).chars().allMatch(Character::isDigit)).flatMap(t -> {
            try {
                return Optional.of(LocalDate.of(Integer.parseInt(t.substring(0, 4)), Integer.parseInt(t.substring(4, 6)),
                    Integer.parseInt(t.substring(6, 8))));
            } catch (java.time.DateTimeException e) {
                return Optional.empty();
            }
        });
    }
}
