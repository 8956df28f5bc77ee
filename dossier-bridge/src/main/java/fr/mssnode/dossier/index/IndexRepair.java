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
 * the index (a crash in between) is indexed, a version superseded meanwhile is marked so, and what the index
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
        List<long[]> indexed = new ArrayList<>(); // id, current
        index.forEachIndexed((id, current) -> indexed.add(new long[] {id, current ? 1 : 0}));
        List<Long> missing = new ArrayList<>();
        List<long[]> wrongCurrent = new ArrayList<>();
        List<Long> extra = new ArrayList<>();
        int[] cursor = {0};
        long[] total = {0};
        store.forEachDocumentState((id, current) -> {
            total[0]++;
            while (cursor[0] < indexed.size() && indexed.get(cursor[0])[0] < id) {
                extra.add(indexed.get(cursor[0]++)[0]);
            }
            if (cursor[0] < indexed.size() && indexed.get(cursor[0])[0] == id) {
                if ((indexed.get(cursor[0])[1] == 1) != current) {
                    wrongCurrent.add(new long[] {id, current ? 1 : 0});
                }
                cursor[0]++;
            } else {
                missing.add(id);
            }
        });
        while (cursor[0] < indexed.size()) {
            extra.add(indexed.get(cursor[0]++)[0]);
        }
        if (missing.size() > REBUILD_THRESHOLD) {
            LOG.info("The dossier index misses {} of {} documents: rebuilding it", missing.size(), total[0]);
            long added = rebuild();
            return new Report(added, missing.size(), extra.size(), wrongCurrent.size());
        }
        addAll(Optional.of(missing));
        for (long[] fix : wrongCurrent) {
            index.setCurrent(fix[0], fix[1] == 1);
        }
        for (long id : extra) {
            index.delete(id);
        }
        Report report = new Report(total[0], missing.size(), extra.size(), wrongCurrent.size());
        if (report.changedAnything()) {
            index.commit();
            index.refresh();
            LOG.warn("The dossier index disagreed with the database and was repaired: {} added, {} removed, {} version"
                + " flags fixed", report.added(), report.removed(), report.currentFixed());
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
