package fr.mssnode.dossier.index;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.dossier.store.DossierStore;

/**
 * Makes the index agree with the database, which is the truth: a document committed in the database but not in
 * the index (a crash in between) is indexed, a version superseded or a masking changed meanwhile is marked so, and what the index
 * holds that the database does not is removed. Run at every start; {@link #rebuild} starts from an empty index.
 */
public final class IndexRepair {
    private static final Logger LOG = LoggerFactory.getLogger(IndexRepair.class);
    /** Beyond this many missing documents, reading them all in one pass is quicker than one by one. */
    private static final int REBUILD_THRESHOLD = 10_000;

    public record Report(long indexed, long added, long removed, long currentFixed) {
        public boolean changedAnything() {
            return added + removed + currentFixed > 0;
        }
    }

    private final DossierStore store;
    private final DossierIndex index;

    public IndexRepair(DossierStore store, DossierIndex index) {
        this.store = store;
        this.index = index;
    }

    public Report repair() throws SQLException, IOException {
        List<IndexedState> indexed = new ArrayList<>();
        index.forEachIndexed(indexed::add);
        List<Long> missing = new ArrayList<>();
        List<DossierStore.DocumentState> wrongState = new ArrayList<>();
        List<Long> extra = new ArrayList<>();
        int[] cursor = {0};
        long[] total = {0};
        store.forEachDocumentState(state -> {
            total[0]++;
            while (cursor[0] < indexed.size() && indexed.get(cursor[0]).documentId() < state.id()) {
                extra.add(indexed.get(cursor[0]++).documentId());
            }
            if (cursor[0] < indexed.size() && indexed.get(cursor[0]).documentId() == state.id()) {
                IndexedState held = indexed.get(cursor[0]);
                if (held.current() != state.current() || held.masked() != state.masked()) {
                    wrongState.add(state);
                }
                cursor[0]++;
            } else {
                missing.add(state.id());
            }
        });
        while (cursor[0] < indexed.size()) {
            extra.add(indexed.get(cursor[0]++).documentId());
        }
        if (missing.size() > REBUILD_THRESHOLD) {
            LOG.info("The dossier index misses {} of {} documents: rebuilding it", missing.size(), total[0]);
            long added = rebuild();
            return new Report(added, missing.size(), extra.size(), wrongState.size());
        }
        addAll(Optional.of(missing));
        for (DossierStore.DocumentState fix : wrongState) {
            index.setCurrent(fix.id(), fix.current());
            index.setMasked(fix.id(), fix.masked());
        }
        for (long id : extra) {
            index.delete(id);
        }
        Report report = new Report(total[0], missing.size(), extra.size(), wrongState.size());
        if (report.changedAnything()) {
            index.commit();
            index.refresh();
            LOG.warn("The dossier index disagreed with the database and was repaired: {} added, {} removed, {} version"
                + " or masking flags fixed", report.added(), report.removed(), report.currentFixed());
        }
        return report;
    }

    /** Empties the index and indexes every document of the database again; returns how many. */
    public long rebuild() throws SQLException, IOException {
        index.deleteAll();
        long added = addAll(Optional.empty());
        index.commit();
        index.refresh();
        return added;
    }

    private long addAll(Optional<List<Long>> only) throws SQLException, IOException {
        if (only.isPresent() && only.get().isEmpty()) {
            return 0;
        }
        long[] count = {0};
        try {
            store.forEachIndexEntry(only, entry -> {
                try {
                    index.add(entry);
                    count[0]++;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return count[0];
    }
}
