package fr.mssnode.dossier.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An event as the access history holds it: its place in the chain ({@code seq}), the hash of the event before it
 * and its own. {@code documentsLeftOut}: how many document ids did not fit in the event (a dossier of thousands of
 * documents listed at once).
 */
public record AuditEntry(long seq, Instant at, String actorAddress, Optional<String> actorNationalId, String actorName,
                         String actorKind, Optional<String> ground, String action, String outcome, Optional<String> ins,
                         List<Long> documents, int documentsLeftOut, Optional<String> reason, String previousHash,
                         String hash) {
}
