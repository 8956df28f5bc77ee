package fr.mssnode.mail.limits;

import java.time.Duration;
import java.util.List;

/**
 * One listener's limits on its clients: connections at once from one address ({@code 0}: no limit; addresses in
 * {@code exempt} are never counted, a hospital's proxy for example), and how long a command line may take to
 * arrive once started (a client sending a byte a second is cut off).
 */
public record ConnectionLimits(int perAddress, List<Network> exempt, Duration lineDeadline) {
    public ConnectionLimits {
        exempt = List.copyOf(exempt);
        if (perAddress < 0 || lineDeadline.isNegative() || lineDeadline.isZero()) {
            throw new IllegalArgumentException("Connection limits: a per-address count of 0 or more and a positive line deadline.");
        }
    }
}
