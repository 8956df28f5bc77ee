package fr.mssnode.directory.signin;

import java.time.Duration;

/**
 * How failed sign-ins slow down and lock: counted over {@code window}, per login and client address
 * ({@code slowAfter} failures: each further attempt waits, doubling from {@code firstDelay} up to {@code maxDelay};
 * {@code lockAfter}: the login is locked for that address for {@code lockFor}), and per client address across
 * every login ({@code addressSlowAfter} failures: the whole address waits, doubling every five more failures).
 */
public record SignInPolicy(int slowAfter, int lockAfter, Duration window, Duration lockFor, int addressSlowAfter,
                           Duration firstDelay, Duration maxDelay) {

    public SignInPolicy {
        if (slowAfter < 1 || lockAfter < slowAfter || addressSlowAfter < 1) {
            throw new IllegalArgumentException("Sign-in throttling needs 1 <= slow-after <= lock-after and address-slow-after >= 1,"
                + " not slow-after " + slowAfter + ", lock-after " + lockAfter + ", address-slow-after " + addressSlowAfter + ".");
        }
        if (window.isNegative() || window.isZero() || lockFor.isNegative() || firstDelay.isNegative()
            || maxDelay.compareTo(firstDelay) < 0) {
            throw new IllegalArgumentException("Sign-in throttling needs a positive window and lock duration,"
                + " and a first delay no longer than the longest.");
        }
    }

    /** 5 failures: slower; 10: locked for that address for 15 minutes; 30 from one address across logins: slower. */
    public static SignInPolicy defaults() {
        return new SignInPolicy(5, 10, Duration.ofMinutes(15), Duration.ofMinutes(15), 30, Duration.ofSeconds(1),
            Duration.ofSeconds(60));
    }

    Duration delayFor(int failures, int threshold, int failuresPerDoubling) {
        if (failures < threshold) {
            return Duration.ZERO;
        }
        int doublings = Math.min(30, (failures - threshold) / failuresPerDoubling);
        Duration delay = firstDelay.multipliedBy(1L << doublings);
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }
}
