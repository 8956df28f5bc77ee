package fr.mssnode.mail.imap;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.imap.api.message.FetchData;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.api.process.SelectedMailbox;
import org.apache.james.imap.message.request.FetchRequest;
import org.apache.james.imap.message.response.FetchResponse;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.processor.fetch.FetchProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MessageManager;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.FetchGroup;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageResult;
import org.apache.james.metrics.api.MetricFactory;
import org.reactivestreams.Publisher;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import com.google.common.collect.ImmutableSet;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * James's FETCH, with two answers put right in front of it: numbered body sections as RFC 3501 numbers them
 * ({@link SectionedMessageResult}), and envelope addresses written {@code user@domain (Real Name)} given their
 * name ({@link EnvelopeNames}). Nothing else of James's FETCH changes.
 *
 * <p>James builds both inside its processor; the node reaches them through the one seam it has, the mailbox the
 * processor reads from: the messages it hands out answer numbered sections themselves, and for a message whose
 * address headers carry such comments the node keeps its own envelope until the response it belongs to is written.
 */
public class RfcFetchProcessor extends FetchProcessor {
    private final Cache<EnvelopeKey, FetchResponse.Envelope> namedEnvelopes = CacheBuilder.newBuilder()
        .maximumSize(10_000)
        .expireAfterWrite(Duration.ofMinutes(1))
        .build();

    private final MailboxManager readingThroughSections;

    @Inject
    public RfcFetchProcessor(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory) {
        super(mailboxManager, factory, metricFactory);
        this.readingThroughSections = readingThroughSections(mailboxManager);
    }

    @Override
    protected MailboxManager getMailboxManager() {
        return readingThroughSections;
    }

    @Override
    protected Mono<Void> processRequestReactive(FetchRequest request, ImapSession session, Responder responder) {
        if (!request.getFetch().contains(FetchData.Item.ENVELOPE)) {
            return super.processRequestReactive(request, session, responder);
        }
        Responder withNames = new Responder() {
            @Override
            public void respond(org.apache.james.imap.api.message.response.ImapResponseMessage message) {
                responder.respond(message instanceof FetchResponse fetched ? withNamedEnvelope(fetched, session) : message);
            }

            @Override
            public void flush() {
                responder.flush();
            }
        };
        return super.processRequestReactive(request, session, withNames);
    }

    private FetchResponse withNamedEnvelope(FetchResponse response, ImapSession session) {
        SelectedMailbox selected = session.getSelected();
        if (response.getEnvelope() == null || selected == null) {
            return response;
        }
        Optional<MessageUid> uid = Optional.ofNullable(response.getUid())
            .or(() -> selected.uid(response.getMessageNumber().asInt()));
        if (uid.isEmpty()) {
            return response;
        }
        EnvelopeKey key = new EnvelopeKey(selected.getMailboxId(), uid.get());
        FetchResponse.Envelope named = namedEnvelopes.getIfPresent(key);
        if (named == null) {
            return response;
        }
        namedEnvelopes.invalidate(key);
        return new FetchResponse(response.getMessageNumber(), response.getFlags(), response.getUid(),
            response.getSaveDate(), response.getModSeq(), response.getInternalDate(), response.getSize(), named,
            response.getBody(), response.getBodyStructure(), response.getElements(), response.getEmailId(),
            response.getThreadId());
    }

    /**
     * A message handed to James's FETCH: sections answered by the node; when its headers were read (an ENVELOPE
     * asks for them), its envelope named from comments kept for the response, if it has such names.
     */
    private MessageResult fetched(MessageResult message, FetchGroup group) {
        if (group.profiles().contains(FetchGroup.Profile.HEADERS)) {
            EnvelopeNames.namedByComments(message).ifPresent(envelope ->
                namedEnvelopes.put(new EnvelopeKey(message.getMailboxId(), message.getUid()), envelope));
        }
        return new SectionedMessageResult(message);
    }

    private MailboxManager readingThroughSections(MailboxManager mailboxes) {
        return intercept(MailboxManager.class, mailboxes, (method, args, call) -> {
            Object result = call.with(args);
            if (method.getName().equals("getMailboxReactive")) {
                return Mono.from((Publisher<?>) result).map(mailbox -> fetchingThroughSections((MessageManager) mailbox));
            }
            if (method.getName().equals("getMailbox") && result instanceof MessageManager mailbox) {
                return fetchingThroughSections(mailbox);
            }
            return result;
        });
    }

    /**
     * The mailbox's messages as FETCH reads them. James would work out the numbered sections as it loads each
     * message (and fail on some, {@code BODY[1.MIME]} of an encapsulated message for one): it loads the whole
     * message instead, and the sections are the node's.
     */
    private MessageManager fetchingThroughSections(MessageManager mailbox) {
        return intercept(MessageManager.class, mailbox, (method, args, call) -> {
            if (!method.getName().equals("getMessagesReactive")) {
                return call.with(args);
            }
            FetchGroup group = (FetchGroup) args[1];
            if (!group.getPartContentDescriptors().isEmpty()) {
                group = new FetchGroup(group.with(FetchGroup.Profile.FULL_CONTENT).profiles(), ImmutableSet.of());
            }
            FetchGroup loaded = group;
            Object result = call.with(new Object[] {args[0], loaded, args[2]});
            return Flux.from((Publisher<?>) result).map(message -> fetched((MessageResult) message, loaded));
        });
    }

    /** One call of the real object, with the arguments given. */
    private interface Call {
        Object with(Object[] args) throws Throwable;
    }

    /** What a call becomes: the handler decides the arguments the real object gets and what the caller gets back. */
    private interface Handler {
        Object handle(Method method, Object[] args, Call call) throws Throwable;
    }

    private static <T> T intercept(Class<T> type, T target, Handler handler) {
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (self, method, args) ->
            handler.handle(method, args, actualArgs -> {
                try {
                    return method.invoke(target, actualArgs);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            }));
        return type.cast(proxy);
    }

    private record EnvelopeKey(MailboxId mailbox, MessageUid uid) {
    }
}
