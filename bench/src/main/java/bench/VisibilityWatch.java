package bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;

/**
 * One IMAPS connection per mailbox polling NOOP every 20 ms, noting when each bench message (its X-Bench-Id
 * header) first shows up in the INBOX.
 */
final class VisibilityWatch implements AutoCloseable {
    private final ConcurrentHashMap<String, Long> visibleAt = new ConcurrentHashMap<>();
    private final ExecutorService readers;
    private final List<Future<?>> running = new ArrayList<>();
    private volatile boolean reading = true;

    VisibilityWatch(SSLContext tls, int imaps, List<String[]> accounts) throws InterruptedException {
        readers = Executors.newFixedThreadPool(accounts.size());
        CountDownLatch ready = new CountDownLatch(accounts.size());
        for (String[] account : accounts) {
            running.add(readers.submit(() -> {
                watch(tls, imaps, account, ready);
                return null;
            }));
        }
        if (!ready.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("The IMAPS readers did not log in");
        }
    }

    /** When the message was first seen (System.nanoTime()), or null. */
    Long visibleAt(String id) {
        return visibleAt.get(id);
    }

    int visible() {
        return visibleAt.size();
    }

    /** Waits until {@code count} messages are visible or the time is up; false if it is up. */
    boolean awaitVisible(int count, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (visibleAt.size() < count && System.nanoTime() < deadline) {
            for (Future<?> reader : running) {
                if (reader.isDone()) {
                    reader.get();
                }
            }
            Thread.sleep(100);
        }
        return visibleAt.size() >= count;
    }

    private void watch(SSLContext tls, int port, String[] account, CountDownLatch ready) throws Exception {
        try (ImapClient imap = new ImapClient(tls, port)) {
            imap.ok("LOGIN \"" + account[0] + "\" \"" + account[1] + "\"");
            // EXISTS may come with any response (NOOP or FETCH): always keep the latest.
            int exists = exists(imap.ok("SELECT INBOX"), 0);
            int seen = exists;
            ready.countDown();
            while (reading) {
                exists = exists(imap.ok("NOOP"), exists);
                if (exists > seen) {
                    long now = System.nanoTime();
                    int upTo = exists;
                    List<String> fetched = imap.ok("FETCH " + (seen + 1) + ":" + upTo + " (BODY.PEEK[HEADER.FIELDS (X-BENCH-ID)])");
                    for (String line : fetched) {
                        if (line.regionMatches(true, 0, "X-Bench-Id:", 0, 11)) {
                            visibleAt.putIfAbsent(line.substring(11).trim(), now);
                        }
                    }
                    exists = exists(fetched, exists);
                    seen = upTo;
                } else {
                    Thread.sleep(20);
                }
            }
            imap.ok("LOGOUT");
        } finally {
            ready.countDown();
        }
    }

    private static int exists(List<String> lines, int otherwise) {
        int count = otherwise;
        for (String line : lines) {
            if (line.startsWith("* ") && line.endsWith(" EXISTS")) {
                count = Integer.parseInt(line.substring(2, line.length() - 7).trim());
            }
        }
        return count;
    }

    @Override
    public void close() throws InterruptedException {
        reading = false;
        readers.shutdown();
        readers.awaitTermination(30, TimeUnit.SECONDS);
    }
}
