package fr.mssnode.directory.lifecycle;

import java.time.Duration;
import java.util.Set;

import fr.mssnode.directory.AccountKind;

/**
 * When a mailbox nobody signs in to is closed: after {@code closeAfter} without a sign-in, and never less than
 * {@code warnBefore} after its owner was warned. Only mailboxes of the given kinds are closed (a patient's inbox holds
 * the copies of their documents and stays open).
 */
public record LifecyclePolicy(Duration closeAfter, Duration warnBefore, Set<AccountKind> kinds) {

    public static final LifecyclePolicy DEFAULT =
        new LifecyclePolicy(Duration.ofDays(365), Duration.ofDays(30), Set.of(AccountKind.PROFESSIONAL, AccountKind.ORGANISATION));

    public LifecyclePolicy {
        if (closeAfter.isNegative() || closeAfter.isZero()) {
            throw new IllegalArgumentException("node.lifecycle.close-after must be positive, not " + closeAfter);
        }
        if (warnBefore.isNegative() || warnBefore.compareTo(closeAfter) >= 0) {
            throw new IllegalArgumentException("node.lifecycle.warn-before (" + warnBefore
                + ") must be at least zero and shorter than node.lifecycle.close-after (" + closeAfter + ")");
        }
        kinds = Set.copyOf(kinds);
    }

    /** How long a mailbox goes without a sign-in before its owner is warned. */
    public Duration warnAfter() {
        return closeAfter.minus(warnBefore);
    }
}
