package fr.mssnode.mail.james;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Username;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.lucene.search.LuceneMessageSearchIndex;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MailboxId;
import org.apache.james.mailbox.model.MessageId;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.apache.james.mailbox.store.mail.model.MailboxMessage;
import org.apache.lucene.store.FSDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * James's Lucene mailbox index only commits when it is closed, so a crash loses whatever was indexed since
 * start: the mail is safe in the database but IMAP SEARCH no longer finds it. This keeps the index honest:
 * it is committed every second, a clean stop leaves a marker, and a start without that marker (first start,
 * kill -9, power loss) rebuilds the index from the database before the index is handed to the mailbox
 * manager, so nothing can be delivered while it is being rebuilt.
 */
@Singleton
public class MailboxIndexDurability {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailboxIndexDurability.class);

    private final LuceneMessageSearchIndex index;
    private final Path cleanMarker;
    private final ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mailbox-index-commit");
        thread.setDaemon(true);
        return thread;
    });

    /** Opens the index in var/mailbox-index, rebuilt from the mailboxes unless the last stop was clean. */
    @Inject
    public MailboxIndexDurability(FileSystem fileSystem, MailboxSessionMapperFactory mappers, MailboxId.Factory mailboxIds,
                                  MessageId.Factory messageIds, SessionProvider sessions) throws IOException, MailboxException {
        File folder = new File(fileSystem.getBasedir(), "var/mailbox-index");
        if (!folder.isDirectory() && !folder.mkdirs()) {
            throw new IOException("Cannot create the mailbox index folder " + folder);
        }
        this.cleanMarker = folder.toPath().resolveSibling("mailbox-index.clean");
        boolean clean = Files.exists(cleanMarker);
        this.index = new LuceneMessageSearchIndex(mappers, mailboxIds, FSDirectory.open(folder), !clean, true, messageIds, sessions);
        if (!clean) {
            LOGGER.warn("The mailbox search index was not closed cleanly: rebuilding it from the mailboxes");
            int count = rebuild(index, mappers, sessions);
            index.commit();
            LOGGER.warn("Mailbox search index rebuilt: {} messages", count);
        }
        Files.deleteIfExists(cleanMarker);
        committer.scheduleWithFixedDelay(this::commit, 1, 1, TimeUnit.SECONDS);
    }

    public LuceneMessageSearchIndex index() {
        return index;
    }

    private static int rebuild(LuceneMessageSearchIndex index, MailboxSessionMapperFactory mappers,
                               SessionProvider sessions) throws MailboxException {
        MailboxSession session = sessions.createSystemSession(Username.of("mailbox-index-rebuild"));
        MessageMapper messages = mappers.getMessageMapper(session);
        int count = 0;
        for (Mailbox mailbox : mappers.getMailboxMapper(session).list().collectList().block()) {
            Iterator<MailboxMessage> iterator = messages.findInMailbox(mailbox, MessageRange.all(), MessageMapper.FetchType.FULL, -1);
            while (iterator.hasNext()) {
                index.add(session, mailbox, iterator.next()).block();
                count++;
            }
        }
        return count;
    }

    /** Called by James at stop: the index is committed and closed, then marked clean. */
    @PreDestroy
    public void stop() throws IOException {
        committer.shutdownNow();
        index.close();
        Files.writeString(cleanMarker, "closed cleanly at " + Instant.now() + "\n");
    }

    private void commit() {
        try {
            index.commit();
        } catch (IOException | RuntimeException e) {
            LOGGER.error("Could not commit the mailbox search index", e);
        }
    }
}
