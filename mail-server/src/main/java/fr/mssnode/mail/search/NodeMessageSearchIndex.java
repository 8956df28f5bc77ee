package fr.mssnode.mail.search;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.inject.Inject;
import javax.mail.Flags;

import org.apache.james.events.Event;
import org.apache.james.events.Group;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.events.MailboxEvents.Added;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.UpdatedFlags;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.james.mailbox.store.search.ListeningMessageSearchIndex;
import org.apache.james.mailbox.store.search.SearchUtil;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.common.collect.ImmutableSet;

import fr.mssnode.mail.james.OtherNodes;

import fr.mssnode.mail.search.IndexedMessage.MessageText;
import fr.mssnode.mail.search.MailboxTextIndex.Row;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The node's mailbox search index behind James's contract: IMAP SEARCH, SORT and ESEARCH ask it, the mailbox events
 * keep it up to date. It listens synchronously, so a message is searchable when its APPEND or delivery completes,
 * and it reads an appended message from {@link AppendedMessages}, the message in hand, rather than loading it back
 * from the database (it still loads it when it is not there: copies, moves, a message appended before a restart).
 * With other nodes on the same database, a mailbox catches up with the store before it is searched.
 */
public class NodeMessageSearchIndex extends ListeningMessageSearchIndex {
    private static final Logger LOGGER = LoggerFactory.getLogger(NodeMessageSearchIndex.class);
    private final MailboxSessionMapperFactory mappers;
    private final MailboxTextIndex index;
    private final AppendedMessages appended;
    private final MessageId.Factory messageIds;
    private final SessionProvider sessions;
    private final boolean followOtherNodes;

    @Inject
    public NodeMessageSearchIndex(MailboxSessionMapperFactory mappers, SessionProvider sessions, MailboxIndexStore store,
                                  AppendedMessages appended, MessageId.Factory messageIds, OtherNodes otherNodes) {
        super(mappers, ImmutableSet.of(), sessions);
        this.followOtherNodes = otherNodes.present();
        this.mappers = mappers;
        this.index = store.index();
        this.appended = appended;
        this.messageIds = messageIds;
        this.sessions = sessions;
    }

    /** The listener's name in James's event bus. */
    public static class NodeMessageSearchIndexGroup extends Group {
    }

    @Override
    public Group getDefaultGroup() {
        return new NodeMessageSearchIndexGroup();
    }

    @Override
    public ExecutionMode getExecutionMode() {
        return ExecutionMode.SYNCHRONOUS;
    }

    @Override
    public Mono<Void> reactiveEvent(Event event) {
        if (event instanceof Added added) {
            return Mono.fromRunnable(() -> indexAdded(added)).subscribeOn(Schedulers.boundedElastic()).then();
        }
        return super.reactiveEvent(event);
    }

    private void indexAdded(Added added) {
        List<MessageUid> missing = new ArrayList<>();
        for (MessageUid uid : added.getUids()) {
            appended.take(added.getMailboxId(), uid).ifPresentOrElse(
                message -> write(added.getMailboxId(), message), () -> missing.add(uid));
        }
        if (!missing.isEmpty()) {
            MailboxSession session = sessions.createSystemSession(added.getUsername());
            Mailbox mailbox = mappers.getMailboxMapper(session).findMailboxById(added.getMailboxId()).block();
            for (MessageRange range : MessageRange.toRanges(missing)) {
                try {
                    MessagePages.forEach(mappers.getMessageMapper(session), mailbox, range,
                        message -> write(added.getMailboxId(), message));
                } catch (MailboxException e) {
                    throw new IllegalStateException("Could not read the messages to index: " + e.getMessage(), e);
                }
            }
        }
    }

    private void write(MailboxId mailbox, MailboxMessage message) {
        change(() -> index.add(of(mailbox, message)));
    }

    private interface IndexChange {
        void apply() throws IOException;
    }

    private static void change(IndexChange change) {
        try {
            change.apply();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What the index keeps of a message of the store. */
    public static IndexedMessage of(MailboxId mailbox, MailboxMessage message) throws IOException {
        MessageText text;
        try (InputStream content = message.getFullContent()) {
            text = MessageTextReader.read(content);
        } catch (IOException | RuntimeException e) {
            // Still indexed, without text: its flags, dates and size stay searchable, and the delivery goes on.
            LOGGER.warn("The text of message {} in mailbox {} cannot be read for search: {}", message.getUid().asLong(),
                mailbox.serialize(), e.getMessage());
            text = new MessageText(List.of(), "", List.of(), false, Long.MIN_VALUE, Long.MIN_VALUE);
        }
        // JPA mailboxes have no message ids (DefaultMessageId cannot be serialized): those stay empty.
        return new IndexedMessage(mailbox.serialize(), message.getUid().asLong(),
            SearchUtil.getSerializedMessageIdIfSupportedByUnderlyingStorageOrNull(message),
            SearchUtil.getSerializedThreadIdIfSupportedByUnderlyingStorageOrNull(message),
            FlagBits.state(message.createFlags(), message.getModSeq().asLong()),
            message.getInternalDate().getTime(), message.getSaveDate().map(date -> date.getTime()).orElse(-1L),
            message.getFullContentOctets(), text);
    }

    @Override
    public Mono<Void> add(MailboxSession session, Mailbox mailbox, MailboxMessage message) {
        return Mono.fromRunnable(() -> write(mailbox.getMailboxId(), message));
    }

    @Override
    public Mono<Void> delete(MailboxSession session, MailboxId mailbox, Collection<MessageUid> uids) {
        return Mono.fromRunnable(() -> change(() -> index.delete(mailbox.serialize(), uids.stream().map(MessageUid::asLong).toList())));
    }

    @Override
    public Mono<Void> deleteAll(MailboxSession session, MailboxId mailbox) {
        return Mono.fromRunnable(() -> change(() -> index.deleteMailbox(mailbox.serialize())));
    }

    @Override
    public Mono<Void> update(MailboxSession session, MailboxId mailbox, List<UpdatedFlags> updates) {
        return Mono.fromRunnable(() -> change(() -> {
            for (UpdatedFlags update : updates) {
                index.updateState(mailbox.serialize(), update.getUid().asLong(),
                    FlagBits.state(update.getNewFlags(), update.getModSeq().asLong()));
            }
        }));
    }

    @Override
    public Mono<Flags> retrieveIndexedFlags(Mailbox mailbox, MessageUid uid) {
        return Mono.fromCallable(() -> index.state(mailbox.getMailboxId().serialize(), uid.asLong())
            .map(FlagBits::flags).orElse(null));
    }

    /**
     * Several nodes: this node's events say nothing of what the others delivered, appended, flagged or expunged. Before
     * a mailbox is searched, its index is brought in line with the store: the messages it lacks are indexed, those
     * gone are removed, flags changed elsewhere (a newer mod-sequence) are updated. One read of the mailbox's
     * metadata (UIDs, flags, mod-sequences; no bytes) when nothing changed.
     */
    private void catchUp(MailboxSession session, Mailbox mailbox) throws MailboxException {
        if (!followOtherNodes) {
            return;
        }
        String id = mailbox.getMailboxId().serialize();
        try {
            Map<Long, Long> indexed = new HashMap<>();
            for (Row row : index.rows(id)) {
                indexed.put(row.uid(), row.state().modSeq());
            }
            MessageMapper messages = mappers.getMessageMapper(session);
            List<MessageUid> missing = new ArrayList<>();
            Iterator<MailboxMessage> stored = messages.findInMailbox(mailbox, MessageRange.all(),
                MessageMapper.FetchType.METADATA, -1);
            while (stored.hasNext()) {
                MailboxMessage message = stored.next();
                Long modSeq = indexed.remove(message.getUid().asLong());
                if (modSeq == null) {
                    missing.add(message.getUid());
                } else if (modSeq != message.getModSeq().asLong()) {
                    index.updateState(id, message.getUid().asLong(),
                        FlagBits.state(message.createFlags(), message.getModSeq().asLong()));
                }
            }
            if (!indexed.isEmpty()) {
                index.delete(id, indexed.keySet());
            }
            for (MessageRange range : MessageRange.toRanges(missing)) {
                MessagePages.forEach(messages, mailbox, range, message -> write(mailbox.getMailboxId(), message));
            }
        } catch (IOException e) {
            throw new MailboxException("The mailbox search index cannot catch up with the store", e);
        }
    }

    @Override
    protected Flux<MessageUid> doSearch(MailboxSession session, Mailbox mailbox, SearchQuery query) throws MailboxException {
        catchUp(session, mailbox);
        try {
            return Flux.fromIterable(SearchEvaluation.matching(index, mailbox.getMailboxId().serialize(), query))
                .map(row -> MessageUid.of(row.uid()));
        } catch (IOException e) {
            throw new MailboxException("The mailbox search index cannot be read", e);
        }
    }

    @Override
    public Flux<MessageId> search(MailboxSession session, Collection<MailboxId> mailboxes, SearchQuery query, long limit)
        throws MailboxException {
        Set<String> found = new LinkedHashSet<>();
        if (followOtherNodes) {
            for (MailboxId mailbox : mailboxes) {
                catchUp(session, mappers.getMailboxMapper(session).findMailboxById(mailbox).block());
            }
        }
        try {
            for (MailboxId mailbox : mailboxes) {
                for (Row row : SearchEvaluation.matching(index, mailbox.serialize(), query)) {
                    if (found.size() >= limit) {
                        break;
                    }
                    if (!row.messageId().isEmpty()) {
                        found.add(row.messageId());
                    }
                }
            }
        } catch (IOException e) {
            throw new MailboxException("The mailbox search index cannot be read", e);
        }
        return Flux.fromIterable(found).map(messageIds::fromString);
    }

    @Override
    public EnumSet<MailboxManager.SearchCapabilities> getSupportedCapabilities(
        EnumSet<MailboxManager.MessageCapabilities> messageCapabilities) {
        return EnumSet.of(MailboxManager.SearchCapabilities.MultimailboxSearch,
            MailboxManager.SearchCapabilities.AttachmentFileName);
    }
}
