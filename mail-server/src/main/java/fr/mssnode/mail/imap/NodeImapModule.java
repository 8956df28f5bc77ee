package fr.mssnode.mail.imap;

import java.util.Map;

import javax.inject.Inject;
import javax.inject.Provider;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapCommandParser;
import org.apache.james.imap.decode.ImapCommandParserFactory;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.decode.base.AbstractImapCommandParser;
import org.apache.james.imap.decode.main.DefaultImapDecoder;
import org.apache.james.imap.encode.ImapEncoder;
import org.apache.james.imap.processor.AuthenticateProcessor;
import org.apache.james.imap.processor.DefaultProcessor;
import org.apache.james.imap.processor.LoginProcessor;
import org.apache.james.imap.processor.fetch.FetchProcessor;
import org.apache.james.imapserver.netty.IMAPServer;
import org.apache.james.imapserver.netty.IMAPServerFactory;
import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.modules.protocols.ImapPackage;
import org.apache.james.utils.ClassName;

import com.google.common.collect.ImmutableList;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;

/**
 * James's IMAP with the node's corrections in front (installed as an override of James's IMAP module): FETCH by
 * {@link RfcFetchProcessor}, LOGIN and AUTHENTICATE throttled ({@link ThrottledLoginProcessor},
 * {@link ThrottledAuthenticateProcessor}), RECENT by {@link RecentAmongExisting}, literals bounded by
 * {@link LiteralGuard}, connections by a connection guard, and every command's parser (as James's decoder finds it)
 * behind a {@link MailboxNameGuard}. The rest of James's default IMAP package (its processors, parsers and encoders)
 * is used as it is.
 */
public class NodeImapModule extends AbstractModule {
    private final LiteralLimits literalLimits;

    public NodeImapModule(LiteralLimits literalLimits) {
        this.literalLimits = literalLimits;
    }

    @Override
    protected void configure() {
        bind(LiteralLimits.class).toInstance(literalLimits);
        // Built by Guice, not by a provider method, so that James's lifecycle stops its servers.
        bind(IMAPServerFactory.class).to(GuardedImapServerFactory.class);
        bind(GuardedImapServerFactory.class).in(Scopes.SINGLETON);
    }

    /** James's IMAP server factory, each connection behind a {@link LiteralGuard} and a connection guard. */
    public static class GuardedImapServerFactory extends IMAPServerFactory {
        private final LiteralLimits limits;

        @Inject
        public GuardedImapServerFactory(FileSystem fileSystem, Provider<ImapDecoder> decoder, Provider<ImapEncoder> encoder,
                                        Provider<ImapProcessor> processor, MetricFactory metrics, GaugeRegistry gauges,
                                        LiteralLimits limits) {
            super(fileSystem, decoder, encoder, processor, metrics, gauges);
            this.limits = limits;
        }

        @Override
        protected IMAPServer createServer() {
            return new GuardedImapServer(decoder.get(), encoder.get(), processor.get(), imapMetrics, gaugeRegistry, limits);
        }
    }

    private static final Map<ClassName, ClassName> REPLACED = Map.of(
        new ClassName(FetchProcessor.class.getName()), new ClassName(RfcFetchProcessor.class.getName()),
        new ClassName(LoginProcessor.class.getName()), new ClassName(ThrottledLoginProcessor.class.getName()),
        new ClassName(AuthenticateProcessor.class.getName()), new ClassName(ThrottledAuthenticateProcessor.class.getName()));

    @Provides
    @Singleton
    ImapPackage provideNodePackage() {
        ImapPackage james = ImapPackage.DEFAULT;
        ImmutableList<ClassName> processors = james.processors().stream()
            .map(processor -> REPLACED.getOrDefault(processor, processor))
            .collect(ImmutableList.toImmutableList());
        return new ImapPackage.Impl(processors, ImmutableList.copyOf(james.decoders()),
            ImmutableList.copyOf(james.encoders()));
    }

    /** James's processors, RECENT counted among the messages the session has. */
    @Provides
    ImapProcessor provideProcessor(DefaultProcessor james) {
        return new RecentAmongExisting(james);
    }

    /** James's decoder, each command's parser found as James finds it and guarded. */
    @Provides
    ImapDecoder provideGuardedDecoder(ImapCommandParserFactory parsers, StatusResponseFactory responses) {
        return new DefaultImapDecoder(responses, name -> {
            ImapCommandParser parser = parsers.getParser(name);
            return parser instanceof AbstractImapCommandParser known ? new MailboxNameGuard(known, responses) : parser;
        });
    }
}
