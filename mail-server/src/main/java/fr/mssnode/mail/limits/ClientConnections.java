package fr.mssnode.mail.limits;

import java.net.InetAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** How many connections each client address has open on one listener. */
final class ClientConnections {
    private final ConcurrentMap<InetAddress, Integer> open = new ConcurrentHashMap<>();
    private final ConnectionLimits limits;

    ClientConnections(ConnectionLimits limits) {
        this.limits = limits;
    }

    ConnectionLimits limits() {
        return limits;
    }

    boolean exempt(InetAddress client) {
        return limits.perAddress() == 0 || limits.exempt().stream().anyMatch(network -> network.contains(client));
    }

    /** Counts one more connection from {@code client}, unless it already has as many as allowed. */
    boolean admit(InetAddress client) {
        boolean[] admitted = {false};
        open.compute(client, (address, count) -> {
            int current = count == null ? 0 : count;
            admitted[0] = current < limits.perAddress();
            return admitted[0] ? current + 1 : (current == 0 ? null : current);
        });
        return admitted[0];
    }

    void release(InetAddress client) {
        open.computeIfPresent(client, (address, count) -> count <= 1 ? null : count - 1);
    }
}
