package fr.mssnode.directory.trust;

import java.util.Locale;

import fr.mssnode.directory.DirectoryException;

/** What a mailbox certificate is registered for: S/MIME signature or S/MIME encryption (key transport). */
public enum CertificateUsage {
    SIGNING, ENCRYPTION;

    public static CertificateUsage parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new DirectoryException("Certificate usage must be 'signing' or 'encryption', not '" + text + "'.");
        }
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
