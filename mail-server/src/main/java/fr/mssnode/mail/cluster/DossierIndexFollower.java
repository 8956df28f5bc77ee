package fr.mssnode.mail.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.dossier.index.DossierIndex;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.mail.PeriodicTask;

/**
 * Keeps this node's dossier index in line with what the other nodes on the same PostgreSQL file, supersede, mask or
 * release: every change of a document writes a change row naming its node (a trigger); four times a second this
 * node re-indexes the documents the others changed. A document filed on one node is searchable on the other within
 * about a second. At start, the index was repaired against the database; the changes of the last minute are looked
 * at again in case one came in between.
 */
public final class DossierIndexFollower extends PeriodicTask {
    private static final Logger LOGGER = LoggerFactory.getLogger(DossierIndexFollower.class);
    /**
     * Change numbers are drawn when a change is written and seen when it commits, so a change may show up below one
     * already seen. The follower looks below a seen change for this long before it passes it for good.
     */
    private static final Duration LATE_COMMITS = Duration.ofSeconds(10);
    private static final Duration KEEP_CHANGES = Duration.ofDays(1);

    private final DossierStore store;
    private final DossierIndex index;
    private final String self;
    /** Every change up to this number has been looked at. */
    private long floor = -1;
    /** Changes above the floor already looked at, with when they were first seen. */
    private final TreeMap<Long, Long> seen = new TreeMap<>();
    private long lastPurge = System.nanoTime();

    /**
     * @param self    this node's name, as its connections give it (application_name)
     * @param enabled false on embedded Derby, which only one node uses (no change rows there)
     */
    public DossierIndexFollower(DossierStore store, DossierIndex index, String self, boolean enabled) {
        super("dossier-index-follower", Duration.ofMillis(250), enabled ? Duration.ofMillis(250) : Duration.ZERO);
        this.store = store;
        this.index = index;
        this.self = self;
    }

    @Override
    protected void runOnce() {
        try {
            followOnce();
        } catch (RuntimeException | IOException | SQLException e) {
            LOGGER.warn("The dossier index could not follow the other nodes' changes (tried again shortly): {}", e.toString());
        }
    }

    /** One round: the documents the other nodes changed since the last round, re-indexed. How many. */
    synchronized int followOnce() throws IOException, SQLException {
        if (floor < 0) {
            floor = store.lastIndexChangeBefore(Instant.now().minus(Duration.ofMinutes(1)));
        }
        long now = System.nanoTime();
        Set<Long> changed = new LinkedHashSet<>();
        for (DossierStore.IndexChange change : store.indexChangesAfter(floor)) {
            if (seen.putIfAbsent(change.seq(), now) == null && !change.changedBy().equals(self)) {
                changed.add(change.documentId());
            }
        }
        if (!changed.isEmpty()) {
            List<Long> documents = new ArrayList<>(changed);
            for (long id : documents) {
                index.delete(id);
            }
            try {
                store.forEachIndexEntry(Optional.of(documents), entry -> {
                    try {
                        index.add(entry);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            index.commit();
            index.refresh();
        }
        while (!seen.isEmpty() && now - seen.firstEntry().getValue() > LATE_COMMITS.toNanos()) {
            floor = seen.pollFirstEntry().getKey();
        }
        if (now - lastPurge > Duration.ofHours(1).toNanos()) {
            lastPurge = now;
            store.purgeIndexChanges(Instant.now().minus(KEEP_CHANGES));
        }
        return changed.size();
    }
}
