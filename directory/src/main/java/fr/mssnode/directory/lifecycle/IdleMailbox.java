package fr.mssnode.directory.lifecycle;

import java.time.Instant;
import java.util.Optional;

import fr.mssnode.directory.AccountKind;

/** An open mailbox and when it was last used: its last sign-in, or its creation if it was never signed in to. */
public record IdleMailbox(String address, AccountKind kind, String displayName, Optional<Instant> lastSignIn,
                          Instant createdAt, Optional<Instant> warnedAt) {

    public Instant lastUsed() {
        return lastSignIn.orElse(createdAt);
    }
}
