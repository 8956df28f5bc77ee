package fr.mssnode.mail.smtp;

import javax.inject.Inject;

import org.apache.james.dnsservice.api.DNSService;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.protocols.lib.handler.ProtocolHandlerLoader;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SMTPServerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

import fr.mssnode.mail.limits.GuardedSmtpServer;

/**
 * James's SMTP listeners, each connection behind a {@link fr.mssnode.mail.limits.ConnectionGuard} (installed as an
 * override). The factory is built by Guice, not by a provider method, so that James's lifecycle stops its servers.
 */
public class NodeSmtpModule extends AbstractModule {

    @Override
    protected void configure() {
        bind(SMTPServerFactory.class).to(GuardedSmtpServerFactory.class);
        bind(GuardedSmtpServerFactory.class).in(Scopes.SINGLETON);
    }

    /** James's SMTP server factory, its servers guarded. */
    public static class GuardedSmtpServerFactory extends SMTPServerFactory {
        @Inject
        public GuardedSmtpServerFactory(DNSService dns, ProtocolHandlerLoader loader, FileSystem fileSystem,
                                        MetricFactory metrics) {
            super(dns, loader, fileSystem, metrics);
        }

        @Override
        protected SMTPServer createServer() {
            return new GuardedSmtpServer(smtpMetrics);
        }
    }
}
