package fr.mssnode.mail.james;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;
import javax.inject.Provider;

import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.protocols.lib.netty.AbstractConfigurableAsyncServer;
import org.apache.james.smtpserver.netty.SMTPServerFactory;
import org.apache.james.utils.GuiceProbe;

/** Hands the state of James's mail listeners (both SMTP, both IMAP) to the node's readiness check. */
public class ListenersProbe implements GuiceProbe {
    private final Provider<SMTPServerFactory> smtp;
    private final Provider<IMAPServerFactory> imap;

    /** Providers: a probe is made early, and must not make James build its listeners out of order. */
    @Inject
    public ListenersProbe(Provider<SMTPServerFactory> smtp, Provider<IMAPServerFactory> imap) {
        this.smtp = smtp;
        this.imap = imap;
    }

    /** One listener: its port, and whether it is started and bound. */
    public record Listener(String protocol, int port, boolean listening) {
    }

    public List<Listener> listeners() {
        List<Listener> listeners = new ArrayList<>();
        smtp.get().getServers().forEach(server -> listeners.add(of("SMTP", server)));
        imap.get().getServers().forEach(server -> listeners.add(of("IMAP", server)));
        return listeners;
    }

    private static Listener of(String protocol, AbstractConfigurableAsyncServer server) {
        return new Listener(protocol, server.getPort(), server.isStarted() && server.isBound());
    }
}
