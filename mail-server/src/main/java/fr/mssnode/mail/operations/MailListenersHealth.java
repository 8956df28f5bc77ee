package fr.mssnode.mail.operations;

import java.util.List;

import org.apache.james.GuiceJamesServer;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

import fr.mssnode.mail.james.JamesMailServer;
import fr.mssnode.mail.james.ListenersProbe;

/** Ready when James runs and each of its mail listeners (SMTP, submission, IMAP, IMAPS) is bound. */
public class MailListenersHealth implements HealthIndicator {
    private final JamesMailServer james;

    public MailListenersHealth(JamesMailServer james) {
        this.james = james;
    }

    @Override
    public Health health() {
        GuiceJamesServer server = james.server();
        if (server == null || !server.isStarted()) {
            return Health.down().withDetail("reason", "the mail server is not running").build();
        }
        List<ListenersProbe.Listener> listeners = server.getProbe(ListenersProbe.class).listeners();
        Health.Builder health = listeners.stream().allMatch(ListenersProbe.Listener::listening) && !listeners.isEmpty()
            ? Health.up() : Health.down();
        listeners.forEach(l -> health.withDetail(l.protocol() + " " + l.port(), l.listening() ? "listening" : "not listening"));
        return health.build();
    }
}
