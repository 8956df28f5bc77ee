package fr.mssnode.directory.trust;

import java.util.Locale;

import fr.mssnode.directory.DirectoryException;

/**
 * What a mailbox certificate is registered for: S/MIME signature, S/MIME encryption (key transport), or signing in
 * to the mailbox with TLS client authentication (practice software's application mailboxes).
 */
public enum CertificateUsage {
    SIGNING("signing"), ENCRYPTION("encryption"), SIGN_IN("sign-in");

    private final String label;

    CertificateUsage(String label) {
        this.label = label;
    }

    public static CertificateUsage parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (CertificateUsage usage : values()) {
            if (usage.label.equals(wanted)) {
                return usage;
            }
        }
        throw new DirectoryException("Certificate usage must be 'signing', 'encryption' or 'sign-in', not '" + text + "'.");
    }

    public String label() {
        return label;
    }
}
