package fr.mssnode.mail.limits;

import java.util.function.Supplier;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.smtpserver.netty.SMTPServer;
import org.apache.james.smtpserver.netty.SmtpMetricsImpl;

import fr.mssnode.mail.tls.CertificateSignInTls;

/**
 * James's SMTP server with a {@link ConnectionGuard} on each connection, just before James's line framer, and TLS
 * that asks for a client certificate where the listener takes certificate sign-in.
 */
public final class GuardedSmtpServer extends SMTPServer {
    private Supplier<ConnectionGuard> guards;
    private HierarchicalConfiguration<ImmutableNode> configuration;

    public GuardedSmtpServer(SmtpMetricsImpl metrics) {
        super(metrics);
    }

    @Override
    public void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        super.doConfigure(configuration);
        guards = ConnectionGuard.forListener(ListenerLimits.read(configuration), ConnectionGuard.Answers.SMTP,
            configuration.getString("jmxName", "smtp"));
        this.configuration = configuration;
    }

    /** James's TLS, asking the client for a certificate where the listener takes certificate sign-in. */
    @Override
    protected void buildSSLContext() throws Exception {
        super.buildSSLContext();
        if (encryption != null && configuration != null && CertificateSignInTls.wanted(configuration)) {
            encryption = CertificateSignInTls.requestingCertificates(encryption, configuration);
        }
    }

    @Override
    protected AbstractChannelPipelineFactory createPipelineFactory() {
        return GuardedPipeline.around(super.createPipelineFactory(), getFrameHandlerFactory(), getExecutorGroup(),
            pipeline -> pipeline.addBefore(HandlerConstants.FRAMER, "connection-guard", guards.get()));
    }
}
