package fr.mssnode.directory.trust;

import java.time.Instant;

/** An X.509 certificate registered for a mailbox, for S/MIME signature or encryption. */
public record MailboxCertificate(String sha256, String address, CertificateUsage usage, String subject, String issuer,
                                 String serialNumber, Instant notBefore, Instant notAfter, String pem) {
}
