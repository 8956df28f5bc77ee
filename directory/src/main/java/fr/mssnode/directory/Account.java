package fr.mssnode.directory;

import java.time.Instant;

/**
 * A local mailbox and the credentials that open it. The address is also the login
 * for SMTP submission and IMAP.
 */
public record Account(long id, String address, AccountKind kind, String displayName,
                      boolean active, String passwordHash, Instant createdAt, boolean passwordSignIn) {

    /** Whether a password opens this mailbox (an application mailbox may take its client certificate only). */
    public boolean acceptsPassword() {
        return passwordSignIn;
    }

    /** Never print the hash, even in logs. */
    @Override
    public String toString() {
        return "Account[" + address + ", " + kind.label() + (active ? "" : ", inactive")
            + (passwordSignIn ? "" : ", certificate only") + "]";
    }
}
