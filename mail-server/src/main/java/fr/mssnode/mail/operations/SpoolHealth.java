package fr.mssnode.mail.operations;

import java.util.Optional;

import org.apache.james.GuiceJamesServer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import fr.mssnode.mail.james.JamesMailServer;
import fr.mssnode.mail.james.SpoolProbe;

/**
 * Ready while the spool answers and takes mail: down when its queue cannot be read, and while the node asks new mail
 * to come back later (back pressure), so a balancer sends the next connections to the other node.
 */
public class SpoolHealth implements HealthIndicator {
    private final JamesMailServer james;

    public SpoolHealth(JamesMailServer james) {
        this.james = james;
    }

    @Override
    public Health health() {
        GuiceJamesServer server = james.server();
        if (server == null) {
            return Health.down().withDetail("reason", "the mail server is not running").build();
        }
        SpoolProbe spool = server.getProbe(SpoolProbe.class);
        long depth;
        try {
            depth = spool.depth();
        } catch (Exception e) {
            return Health.down().withDetail("reason", "the spool cannot be read: " + e.getMessage()).build();
        }
        Optional<String> busy = spool.pressure().refusal();
        Health.Builder health = (busy.isPresent() ? Health.outOfService().withDetail("reason", busy.get()) : Health.up())
            .withDetail("depth", depth);
        if (james.sharedSpool()) {
            // Two nodes: whether this node's broker serves the shared spool now or waits to take it over.
            health.withDetail("sharedSpoolBroker", james.sharedSpoolMaster() ? "master" : "standby");
        }
        return health.build();
    }
}
