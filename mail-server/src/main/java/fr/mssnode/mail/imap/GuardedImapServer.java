package fr.mssnode.mail.imap;

import java.util.function.Supplier;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.ImapMetrics;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.protocols.netty.AbstractChannelPipelineFactory;
import org.apache.james.protocols.netty.HandlerConstants;

import fr.mssnode.mail.limits.ConnectionGuard;
import fr.mssnode.mail.tls.CertificateSignInTls;
import fr.mssnode.mail.limits.GuardedPipeline;
import fr.mssnode.mail.limits.ListenerLimits;

/**
 * James's IMAP server with, on each connection and just before James's line framer, a {@link ConnectionGuard}
 * (connections per client address, slow clients) and a {@link LiteralGuard}.
 */
final class GuardedImapServer extends IMAPServer {
    private final LiteralLimits limits;
    private Supplier<ConnectionGuard> guards;
    private HierarchicalConfiguration<ImmutableNode> configuration;

    GuardedImapServer(ImapDecoder decoder, ImapEncoder encoder, ImapProcessor processor, ImapMetrics metrics,
                      GaugeRegistry gauges, LiteralLimits limits) {
        super(decoder, encoder, processor, metrics, gauges);
        this.limits = limits;
    }

    @Override
    public void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) throws ConfigurationException {
        super.doConfigure(configuration);
        guards = ConnectionGuard.forListener(ListenerLimits.read(configuration), ConnectionGuard.Answers.IMAP,
            configuration.getString("jmxName", "imap"));
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
        return GuardedPipeline.around(super.createPipelineFactory(), getFrameHandlerFactory(), getExecutorGroup(), pipeline -> {
            pipeline.addBefore(HandlerConstants.FRAMER, "connection-guard", guards.get());
            pipeline.addBefore(HandlerConstants.FRAMER, "literal-guard", new LiteralGuard(limits));
        });
    }
}
