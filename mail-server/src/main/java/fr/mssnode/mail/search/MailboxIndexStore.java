package fr.mssnode.mail.search;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.apache.james.core.Username;
import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.mailbox.MailboxSession;
import org.apache.james.mailbox.SessionProvider;
import org.apache.james.mailbox.exception.MailboxException;
import org.apache.james.mailbox.model.Mailbox;
import org.apache.james.mailbox.model.MessageRange;
import org.apache.james.mailbox.store.MailboxSessionMapperFactory;
import org.apache.james.mailbox.store.mail.MessageMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the mailbox search index lives (var/mailbox-search) and how it stays honest: it is committed every second,
 * a clean stop leaves a marker, and a start without that marker (first start, kill -9, power loss) rebuilds the
 * index from the mailboxes in the database before anything can be delivered. The index is derived data: the
 * database is the truth.
 */
@Singleton
public class MailboxIndexStore {
    private static final Logger LOGGER = LoggerFactory.getLogger(MailboxIndexStore.class);

    private final MailboxTextIndex index;
    private final Path cleanMarker;
    private final ScheduledExecutorService committer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "mailbox-index-commit");
        thread.setDaemon(true);
        return thread;
    });

    @Inject
    public MailboxIndexStore(FileSystem fileSystem, MailboxSessionMapperFactory mappers, SessionProvider sessions)
        throws IOException, MailboxException {
        File var = new File(fileSystem.getBasedir(), "var");
        removeFormerIndex(var.toPath());
        Path folder = var.toPath().resolve("mailbox-search");
        Files.createDirectories(folder);
        this.cleanMarker = var.toPath().resolve("mailbox-search.clean");
        boolean clean = Files.exists(cleanMarker);
        if (!clean) {
            deleteFolderContents(folder);
        }
        this.index = new MailboxTextIndex(folder);
        if (!clean) {
            LOGGER.warn("The mailbox search index was not closed cleanly (or is new): rebuilding it from the mailboxes");
            long started = System.nanoTime();
            int count = rebuild(mappers, sessions);
            index.commit();
            LOGGER.warn("Mailbox search index rebuilt: {} messages in {} ms", count, (System.nanoTime() - started) / 1_000_000);
        }
        Files.deleteIfExists(cleanMarker);
        committer.scheduleWithFixedDelay(this::commit, 1, 1, TimeUnit.SECONDS);
    }

    public MailboxTextIndex index() {
        return index;
    }

    private int rebuild(MailboxSessionMapperFactory mappers, SessionProvider sessions) throws MailboxException, IOException {
        MailboxSession session = sessions.createSystemSession(Username.of("mailbox-index-rebuild"));
        MessageMapper messages = mappers.getMessageMapper(session);
        int count = 0;
        for (Mailbox mailbox : mappers.getMailboxMapper(session).list().collectList().block()) {
            count += MessagePages.forEach(messages, mailbox, MessageRange.all(), message -> {
                try {
                    index.add(NodeMessageSearchIndex.of(mailbox.getMailboxId(), message));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
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

    /** James's own Lucene 3.6 index (var/mailbox-index) is no longer read: it is removed, once. */
    private static void removeFormerIndex(Path var) throws IOException {
        Path former = var.resolve("mailbox-index");
        if (Files.isDirectory(former)) {
            LOGGER.warn("Removing James's former mailbox index {}: the node's own index replaces it", former);
            deleteFolderContents(former);
            Files.delete(former);
        }
        Files.deleteIfExists(var.resolve("mailbox-index.clean"));
    }

    private static void deleteFolderContents(Path folder) throws IOException {
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                if (!path.equals(folder)) {
                    Files.delete(path);
                }
            }
        }
    }
}
