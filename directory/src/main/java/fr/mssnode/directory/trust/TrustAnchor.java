package fr.mssnode.directory.trust;

import java.time.Instant;

/** A certification authority whose certificates a trusted operator's mailboxes use (IGC Santé in production). */
public record TrustAnchor(String sha256, String domain, String subject, Instant notAfter, String pem) {
}
