package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;

import fr.mssnode.dossier.access.AccessHistory;
import fr.mssnode.dossier.access.DossierAction;
import fr.mssnode.dossier.access.Ground;
import fr.mssnode.dossier.access.Viewer;
import fr.mssnode.dossier.audit.AuditEvent;
import fr.mssnode.dossier.audit.AuditLog;
import fr.mssnode.dossier.index.LuceneDossierIndex;
import fr.mssnode.dossier.index.SearchPage;
import fr.mssnode.fixtures.cda.ClinicalCorpus;

/**
 * The access history's cost, on the local PostgreSQL (schema {@code bench_audit}, migrated with the node's scripts):
 * <ul>
 * <li>{@code events [seconds=30] [threads=4]}: durable audit writes from several threads, each waiting for its event
 * to be committed, as every access of the node does: events per second and the wait per event;</li>
 * <li>{@code search [docs=1000000] [queries=1000] [workDir=bench/target]}: the dossier search benchmark of
 * {@link DossierBench} (the same generated documents and queries) with every search audited as the node audits it
 * (one event per dossier in the hit list, durable before the answer), against the same queries unaudited, in the
 * same run, the two interleaved query by query.</li>
 * </ul>
 */
public final class AuditBench {
    private static final Viewer READER = new Viewer(Viewer.Kind.PROFESSIONAL, "dr.benali@hopital-demo.test",
        Optional.of("810000000025"), "Docteur Karim BENALI", true, Optional.empty());

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "events";
        String command = ("bash bench/audit.sh " + String.join(" ", args)).trim();
        Path work = Path.of(args.length > 3 ? args[3] : "bench/target");
        Files.createDirectories(work);
        try (HikariDataSource dataSource = FreshDatabase.create("postgres", work, "audit", 8);
             AuditLog log = new AuditLog(dataSource)) {
            if (mode.equals("events")) {
                events(log, DossierBench.intArg(args, 1, 30), DossierBench.intArg(args, 2, 4), command);
            } else if (mode.equals("search")) {
                search(log, work, DossierBench.intArg(args, 1, 1_000_000), DossierBench.intArg(args, 2, 1_000), command);
            } else {
                throw new IllegalArgumentException("mode is events or search, not " + mode);
            }
            AuditLog.Verification verification = log.verify();
            System.out.printf(Locale.ROOT, "audit: chain of %,d events checked: %s%n", verification.checked(),
                verification.intact() ? "intact" : "BROKEN at " + verification.firstBroken().get());
        }
    }

    private static AuditEvent read(int thread, long n) {
        return AccessHistory.event(READER, Optional.of(Ground.CARE_TEAM), DossierAction.DOCUMENT, AuditEvent.Outcome.GRANTED,
            Optional.of(String.format("2850575%08d", (thread * 1_000_003L + n) % 100_000_000)), List.of(n), Optional.empty(),
            Instant.now());
    }

    private static void events(AuditLog log, int seconds, int threads, String command) throws Exception {
        // Warm-up: the JIT, the connections, PostgreSQL's caches.
        run(log, threads, 5);
        Result result = run(log, threads, seconds);
        long[] waits = result.waits();
        System.out.printf(Locale.ROOT, "audit-events-per-s: %.0f events/s (%s, %s, PostgreSQL 15 local, %d threads each recording one"
                + " event at a time and waiting until it is committed (group commit: one transaction for what is waiting),"
                + " %,d events in %d s after a 5 s warm-up; wait per event p50 %.2f ms, p99 %.2f ms; %s)%n",
            result.events() / (double) seconds, LocalDate.now(), DossierBench.MACHINE, threads, result.events(), seconds,
            DossierBench.percentile(waits, 0.5) / 1e6, DossierBench.percentile(waits, 0.99) / 1e6, command);
    }

    private record Result(long events, long[] waits) {
    }

    private static Result run(AuditLog log, int threads, int seconds) throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong events = new AtomicLong();
        List<long[]> perThread = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(threads);
        for (int t = 0; t < threads; t++) {
            long[] waits = new long[4_000_000];
            perThread.add(waits);
            int thread = t;
            Thread writer = new Thread(() -> {
                int n = 0;
                while (running.get() && n < waits.length) {
                    long start = System.nanoTime();
                    log.record(read(thread, n));
                    waits[n++] = System.nanoTime() - start;
                    events.incrementAndGet();
                }
                waits[waits.length - 1] = n; // how many were filled
                done.countDown();
            });
            writer.start();
        }
        Thread.sleep(seconds * 1000L);
        running.set(false);
        done.await();
        long total = events.get();
        long[] all = new long[(int) total];
        int at = 0;
        for (long[] waits : perThread) {
            int filled = (int) waits[waits.length - 1];
            System.arraycopy(waits, 0, all, at, Math.min(filled, all.length - at));
            at += filled;
        }
        Arrays.sort(all);
        return new Result(total, all);
    }

    private static void search(AuditLog log, Path work, int docs, int queryCount, String command) throws Exception {
        ClinicalCorpus corpus = new ClinicalCorpus(2, Math.max(100, docs / 25), Math.max(50, docs / 500));
        Path indexPath = work.resolve("dossier-search-index");
        if ("1".equals(System.getenv("BENCH_REUSE_INDEX")) && Files.isDirectory(indexPath)) {
            System.out.println("search: reusing the index in " + indexPath + " (BENCH_REUSE_INDEX=1)");
        } else {
            DossierBench.loadLucene(corpus, docs, indexPath);
        }
        List<DossierBench.BenchQuery> warmUp = DossierBench.queries(corpus, DossierBench.WARM_UP_QUERIES, 3);
        List<DossierBench.BenchQuery> queries = DossierBench.queries(corpus, queryCount, 4);
        long[] plain = new long[queries.size()];
        long[] audited = new long[queries.size()];
        long events = 0;
        try (LuceneDossierIndex index = LuceneDossierIndex.open(indexPath)) {
            for (DossierBench.BenchQuery query : warmUp) {
                index.search(query.lucene());
                auditedSearch(index, log, query);
            }
            // Interleaved, the order swapped every other query: neither side gets a warmer cache or a quieter moment.
            for (int i = 0; i < queries.size(); i++) {
                DossierBench.BenchQuery query = queries.get(i);
                if (i % 2 == 0) {
                    plain[i] = timed(() -> index.search(query.lucene()));
                    long start = System.nanoTime();
                    events += auditedSearch(index, log, query);
                    audited[i] = System.nanoTime() - start;
                } else {
                    long start = System.nanoTime();
                    events += auditedSearch(index, log, query);
                    audited[i] = System.nanoTime() - start;
                    plain[i] = timed(() -> index.search(query.lucene()));
                }
            }
        }
        Arrays.sort(plain);
        Arrays.sort(audited);
        double plainP99 = DossierBench.percentile(plain, 0.99) / 1e6;
        double auditedP99 = DossierBench.percentile(audited, 0.99) / 1e6;
        String context = String.format(Locale.ROOT, "%s, %s, PostgreSQL 15 local, LuceneDossierIndex.search (exact total,"
                + " highlights, count per type, top 10) over %,d generated documents, the %,d queries of the dossier search"
                + " benchmark, one thread, each search audited as the node does (one event per dossier in the hit list, or one,"
                + " handed to the access history once the page is known, committed before the answer: %,d events),"
                + " interleaved with the same search unaudited; %s",
            LocalDate.now(), DossierBench.MACHINE, docs, queries.size(), events, command);
        System.out.printf(Locale.ROOT, "dossier-search-audited-p50-ms: %.2f ms (unaudited %.2f ms; %s)%n",
            DossierBench.percentile(audited, 0.5) / 1e6, DossierBench.percentile(plain, 0.5) / 1e6, context);
        System.out.printf(Locale.ROOT, "dossier-search-audited-p99-ms: %.2f ms (unaudited %.2f ms, +%.1f %%; %s)%n", auditedP99,
            plainP99, (auditedP99 / plainP99 - 1) * 100, context);
    }

    private interface Search {
        SearchPage run() throws Exception;
    }

    private static long timed(Search search) throws Exception {
        long start = System.nanoTime();
        search.run();
        return System.nanoTime() - start;
    }

    /**
     * A search as the node answers it ({@code DossierAccess.search}): the hit list's events handed to the access
     * history as soon as the page is known, while the index finds the highlighted passages, and the answer given
     * once they are committed; returns how many events.
     */
    private static int auditedSearch(LuceneDossierIndex index, AuditLog log, DossierBench.BenchQuery query) throws Exception {
        Instant now = Instant.now();
        List<CompletableFuture<List<Long>>> recorded = new ArrayList<>();
        int[] events = {0};
        index.search(query.lucene(), hits -> {
            Map<String, List<Long>> byDossier = new LinkedHashMap<>();
            hits.forEach(hit -> byDossier.computeIfAbsent(hit.ins(), i -> new ArrayList<>()).add(hit.documentId()));
            List<AuditEvent> toRecord = AccessHistory.searchEvents(READER, byDossier, Map.of(), Optional.empty(), now);
            events[0] = toRecord.size();
            recorded.add(log.submit(toRecord));
        });
        recorded.forEach(log::await);
        return events[0];
    }
}
