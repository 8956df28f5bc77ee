package fr.mssnode.mail.imap;

import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapProcessor;
import org.apache.james.imap.decode.ImapCommandParser;
import org.apache.james.imap.decode.ImapCommandParserFactory;
import org.apache.james.imap.decode.ImapDecoder;
import org.apache.james.imap.decode.base.AbstractImapCommandParser;
import org.apache.james.imap.decode.main.DefaultImapDecoder;
import org.apache.james.imap.processor.DefaultProcessor;
import org.apache.james.imap.processor.fetch.FetchProcessor;
import org.apache.james.modules.protocols.ImapPackage;
import org.apache.james.utils.ClassName;

import com.google.common.collect.ImmutableList;
import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;

/**
 * James's IMAP with the node's corrections in front (installed as an override of James's IMAP module): FETCH by
 * {@link RfcFetchProcessor}, RECENT by {@link RecentAmongExisting}, and every command's parser (as James's decoder
 * finds it) behind a {@link MailboxNameGuard}. The rest of James's default IMAP package (its processors, parsers and encoders) is used as it is.
 */
public class NodeImapModule extends AbstractModule {
    private static final ClassName JAMES_FETCH = new ClassName(FetchProcessor.class.getName());
    private static final ClassName NODE_FETCH = new ClassName(RfcFetchProcessor.class.getName());

    @Provides
    @Singleton
    ImapPackage provideNodePackage() {
        ImapPackage james = ImapPackage.DEFAULT;
        ImmutableList<ClassName> processors = james.processors().stream()
            .map(processor -> processor.equals(JAMES_FETCH) ? NODE_FETCH : processor)
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
