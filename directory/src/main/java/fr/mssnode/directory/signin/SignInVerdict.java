package fr.mssnode.directory.signin;

import java.time.Duration;
import java.time.Instant;

/** Whether a sign-in attempt may be checked now: yes, not yet (too many recent failures), or not from here (locked). */
public sealed interface SignInVerdict {

    /** Check the credentials. */
    record Proceed() implements SignInVerdict {
    }

    /** Too many recent failures: the credentials are not checked before {@code retryAfter} has passed. */
    record Wait(Duration retryAfter) implements SignInVerdict {
        /** Whole seconds, at least one: what a client is told. */
        public long seconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }

    /** The login is locked for this client address until {@code until}, whatever the password. */
    record Locked(Instant until) implements SignInVerdict {
        public long secondsFrom(Instant now) {
            return Math.max(1, Duration.between(now, until).toSeconds());
        }
    }

    SignInVerdict PROCEED = new Proceed();
}
