package fr.mssnode.directory;

import java.time.Instant;
import java.util.Optional;

/**
 * A domain of the "espace de confiance": another operator we exchange mail with.
 * The relay, when set ("host:port"), is where mail for that domain is sent instead of its MX.
 */
public record TrustedOperator(String domain, Optional<String> relay, Instant addedAt) {
}
