package bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import com.zaxxer.hikari.HikariDataSource;

import fr.mssnode.dossier.bridge.AttachmentOutcome;
import fr.mssnode.dossier.bridge.DossierBridge;
import fr.mssnode.dossier.cda.CdaParser;
import fr.mssnode.dossier.index.DossierQuery;
import fr.mssnode.dossier.index.SearchScope;
import fr.mssnode.dossier.index.IndexEntry;
import fr.mssnode.dossier.index.LuceneDossierIndex;
import fr.mssnode.dossier.index.SearchPage;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.dossier.store.Filing;
import fr.mssnode.dossier.store.FilingResult;
import fr.mssnode.dossier.store.Rubric;
import fr.mssnode.fixtures.cda.ClinicalCorpus;

/**
 * The patient dossier at scale, with generated French clinical documents ({@link ClinicalCorpus}):
 * <ol>
 * <li>filing: CDA documents through {@link DossierBridge#fileAttachment} (parse, one database transaction each,
 * index) from several threads into a fresh PostgreSQL schema and a fresh Lucene index, the index committed at
 * the end, in documents per second;</li>
 * <li>search: a Lucene index of many more documents loaded directly, and the same documents in a PostgreSQL
 * table with a {@code to_tsvector('french', …)} column under a GIN index; the same varied queries, on one
 * thread, answered by each (top 10 and the count per type), p50 and p99 of each and the ratio.</li>
 * </ol>
 * Arguments: {@code [filings=100000] [searchDocs=1000000] [queries=1000] [workDir=bench/target]
 * [filingThreads=4]}; 0 filings or 0 search documents skips that part.
 */
public final class DossierBench {
    static final String MACHINE = Machine.describe() + " java-maven-svc";
    private static final int DEFAULT_FILING_THREADS = 4;
    static final int WARM_UP_QUERIES = 100;
    static final int PAGE = 10;
    private static final String FTS_TABLE = "fts_document";
    private static final String PG_WORK_MEM = "64MB";

    public static void main(String[] args) throws Exception {
        int filings = intArg(args, 0, 100_000);
        int searchDocs = intArg(args, 1, 1_000_000);
        int queries = intArg(args, 2, 1_000);
        Path work = Path.of(args.length > 3 ? args[3] : "bench/target");
        int threads = intArg(args, 4, DEFAULT_FILING_THREADS);
        String command = ("bash bench/dossier.sh " + String.join(" ", args)).trim();
        Files.createDirectories(work);
        checkVocabulary();
        try (HikariDataSource dataSource = FreshDatabase.create("postgres", work, "dossier", threads + 2)) {
            String database = describePostgres(dataSource);
            if (filings > 0) {
                filing(dataSource, work, filings, threads, database, command);
            }
            if (searchDocs > 0 && queries > 0) {
                search(dataSource, work, searchDocs, queries, database, command);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Filing

    /** Documents filed first, into a schema and an index of their own, so that the timed run meets compiled code. */
    private static final int WARM_UP_FILINGS = 20_000;

    private static void filing(HikariDataSource dataSource, Path work, int count, int threads, String database, String command)
        throws Exception {
        long generating = System.nanoTime();
        Corpus corpus = Corpus.generate(1, count);
        System.out.printf(Locale.ROOT, "filing: generated %,d CDA documents (%.1f KB of XML, %.1f KB of text on average) for %,d"
                + " patients in %.1f s%n", count, corpus.bytes / 1024.0 / count, corpus.textChars / 1024.0 / count,
            corpus.patients, seconds(generating));

        // What parsing alone costs on one thread (the same parser as the bridge): where the time goes.
        CdaParser parser = new CdaParser();
        int sample = Math.min(count, 5_000);
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < sample; i++) {
                parser.parse(corpus.cdas[i]);
            }
        }
        long parsing = System.nanoTime();
        for (int i = 0; i < sample; i++) {
            parser.parse(corpus.cdas[i]);
        }
        System.out.printf(Locale.ROOT, "filing: parsing alone (CdaParser, warm, one thread): %.0f docs/s%n", sample / seconds(parsing));

        // Warm-up: other documents (other patients) through the same code, then dropped.
        int warmUp = Math.min(count, WARM_UP_FILINGS);
        try (HikariDataSource warmUpDatabase = FreshDatabase.create("postgres", work, "dossier_warmup", threads + 2)) {
            FilingRun run = fileAll(warmUpDatabase, work.resolve("dossier-warmup-index"), Corpus.generate(3, warmUp), threads);
            System.out.printf(Locale.ROOT, "filing: warm-up, %,d other documents in a schema of their own: %.0f docs/s%n", warmUp,
                warmUp / run.seconds);
        }
        FreshDatabase.drop("dossier_warmup");
        FreshDatabase.deleteTree(work.resolve("dossier-warmup-index"));

        FilingRun run = fileAll(dataSource, work.resolve("dossier-filing-index"), corpus, threads);
        if (!run.failures.isEmpty()) {
            System.out.printf("filing: %d filings failed on a database error and succeeded when tried again; first: %s%n",
                run.failures.size(), run.failures.peek());
        }
        String details = String.format(Locale.ROOT, "%s, %s, %s, %,d generated CDA documents (%.1f KB of XML on average) for"
                + " %,d patients, %d filing threads through DossierBridge.fileAttachment: parse + store (one transaction each)"
                + " + index, Lucene committed at the end, after a warm-up of %,d other documents; per document p50 %.1f ms,"
                + " p99 %.1f ms; %d retried after a database error; %s", LocalDate.now(), MACHINE, database, count,
            corpus.bytes / 1024.0 / count, corpus.patients, threads, warmUp, percentile(run.latencies, 0.50) / 1e6,
            percentile(run.latencies, 0.99) / 1e6, run.failures.size(), command);
        System.out.printf(Locale.ROOT, "dossier-filing-docs-per-s: %.0f docs/s (%s)%n", count / run.seconds, details);
    }

    /** Generated documents with their envelopes, ready to file. */
    private static final class Corpus {
        final byte[][] cdas;
        final Filing[] envelopes;
        final int patients;
        long bytes;
        long textChars;

        private Corpus(int count, int patients) {
            this.cdas = new byte[count][];
            this.envelopes = new Filing[count];
            this.patients = patients;
        }

        static Corpus generate(long seed, int count) {
            int authors = Math.max(20, count / 200);
            ClinicalCorpus clinical = new ClinicalCorpus(seed, Math.max(50, count / 25), authors);
            Corpus corpus = new Corpus(count, clinical.patients());
            AtomicLong textChars = new AtomicLong();
            IntStream.range(0, count).parallel().forEach(i -> {
                ClinicalCorpus.Document document = clinical.document(i);
                corpus.cdas[i] = document.cda();
                textChars.addAndGet(document.text().length());
                String recipient = clinical.author((i * 31 + 7) % authors).mailbox();
                corpus.envelopes[i] = new Filing("<dossier-bench-" + seed + "-" + i + "@synthetique.mssante.test>",
                    document.author().mailbox(), List.of(recipient), "document-" + i + ".xml");
            });
            corpus.bytes = Arrays.stream(corpus.cdas).mapToLong(b -> b.length).sum();
            corpus.textChars = textChars.get();
            return corpus;
        }
    }

    /** How a filing run went: its duration, each filing's latency (sorted), the database errors tried again. */
    private record FilingRun(double seconds, long[] latencies, ConcurrentLinkedQueue<String> failures) {
    }

    /** Files every document of the corpus from several threads into a fresh index, then checks both sides hold them. */
    private static FilingRun fileAll(HikariDataSource dataSource, Path indexPath, Corpus corpus, int threads) throws Exception {
        int count = corpus.cdas.length;
        FreshDatabase.deleteTree(indexPath);
        DossierStore store = new DossierStore(dataSource);
        long[] latencies = new long[count];
        ConcurrentLinkedQueue<Integer> failed = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        double elapsed;
        try (LuceneDossierIndex index = LuceneDossierIndex.open(indexPath)) {
            DossierBridge bridge = new DossierBridge(store, index);
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Callable<Void>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long start = System.nanoTime();
                        try {
                            expectFiled(bridge.fileAttachment(corpus.cdas[i], "text/xml", corpus.envelopes[i].attachmentName(),
                                corpus.envelopes[i]), i);
                        } catch (SQLException e) {
                            failed.add(i);
                            failures.add(e.toString());
                        }
                        latencies[i] = System.nanoTime() - start;
                    }
                    return null;
                });
            }
            long start = System.nanoTime();
            Thread progress = new Thread(() -> {
                int before = 0;
                while (!Thread.currentThread().isInterrupted()) {
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                    int done = Math.min(next.get(), count);
                    System.out.printf(Locale.ROOT, "filing: %,d filed after %.0f s, %d docs/s over the last 10 s%n", done,
                        seconds(start), (done - before) / 10);
                    before = done;
                }
            });
            progress.setDaemon(true);
            progress.start();
            for (Future<Void> worker : pool.invokeAll(workers)) {
                worker.get(); // an unexpected outcome fails the run here
            }
            pool.shutdown();
            progress.interrupt();
            // A filing that failed on a database error is tried again, as a mail server would (still timed).
            for (int i : failed) {
                expectFiled(bridge.fileAttachment(corpus.cdas[i], "text/xml", corpus.envelopes[i].attachmentName(),
                    corpus.envelopes[i]), i);
            }
            index.commit();
            elapsed = seconds(start);

            index.refresh();
            long indexed = index.search(DossierQuery.everywhere("", 1)).total();
            long stored;
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM dossier_document")) {
                rows.next();
                stored = rows.getLong(1);
            }
            if (indexed != count || stored != count) {
                throw new IllegalStateException(count + " documents filed but " + stored + " in the database and " + indexed
                    + " in the index");
            }
        }
        Arrays.sort(latencies);
        return new FilingRun(elapsed, latencies, failures);
    }

    private static void expectFiled(List<AttachmentOutcome> outcomes, int i) {
        if (outcomes.size() != 1 || !outcomes.get(0).isFiled()
            || outcomes.get(0).filed().get().outcome() != FilingResult.Outcome.FILED) {
            throw new IllegalStateException("document " + i + " was not filed: "
                + outcomes.stream().map(AttachmentOutcome::describe).toList());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Search

    /** One query as both engines receive it. */
    record BenchQuery(String text, boolean accentFree, Optional<Set<String>> patients, Optional<String> type,
                              Optional<LocalDate> from, Optional<LocalDate> to) {
        DossierQuery lucene() {
            return new DossierQuery(text, patients.map(SearchScope::wholeDossiers).orElse(SearchScope.unlimited()), type,
                Optional.empty(), from, to, false, 0, PAGE);
        }

        boolean filtered() {
            return patients.isPresent() || type.isPresent() || from.isPresent();
        }
    }

    private static void search(HikariDataSource dataSource, Path work, int docs, int queryCount, String database,
                               String command) throws Exception {
        ClinicalCorpus corpus = new ClinicalCorpus(2, Math.max(100, docs / 25), Math.max(50, docs / 500));
        Path indexPath = work.resolve("dossier-search-index");
        loadLucene(corpus, docs, indexPath);
        loadPostgres(dataSource, corpus, docs);
        long indexBytes = sizeOnDisk(indexPath);

        List<BenchQuery> warmUp = queries(corpus, WARM_UP_QUERIES, 3);
        List<BenchQuery> queries = queries(corpus, queryCount, 4);
        long[] luceneTimes = new long[queries.size()];
        long[] pgTimes = new long[queries.size()];
        long[] luceneBareTimes = new long[queries.size()];
        long[] pgBareTimes = new long[queries.size()];
        long[] luceneTotals = new long[queries.size()];
        long[] pgTotals = new long[queries.size()];
        long check = 0;
        try (LuceneDossierIndex index = LuceneDossierIndex.open(indexPath); Connection pg = dataSource.getConnection()) {
            try (Statement session = pg.createStatement()) {
                session.execute("SET jit = off"); // PostgreSQL at its best for short queries: no JIT compilation
                session.execute("SET work_mem = '" + PG_WORK_MEM + "'"); // exact (not lossy) bitmaps for common words
            }
            for (BenchQuery query : warmUp) {
                check += index.search(query.lucene()).total() + pgSearch(pg, query, true)
                    + index.search(query.lucene().withoutHighlights()).total() + pgSearch(pg, query, false);
            }
            for (int i = 0; i < queries.size(); i++) {
                long start = System.nanoTime();
                SearchPage page = index.search(queries.get(i).lucene());
                luceneTimes[i] = System.nanoTime() - start;
                luceneTotals[i] = page.total();
                check += page.hits().stream().mapToLong(h -> h.highlights().size()).sum() + page.countByType().size();
            }
            for (int i = 0; i < queries.size(); i++) {
                long start = System.nanoTime();
                pgTotals[i] = pgSearch(pg, queries.get(i), true);
                pgTimes[i] = System.nanoTime() - start;
            }
            // The same queries without highlighted passages on either side (ts_headline is PostgreSQL's costly part).
            for (int i = 0; i < queries.size(); i++) {
                long start = System.nanoTime();
                check += index.search(queries.get(i).lucene().withoutHighlights()).total();
                luceneBareTimes[i] = System.nanoTime() - start;
            }
            for (int i = 0; i < queries.size(); i++) {
                long start = System.nanoTime();
                check += pgSearch(pg, queries.get(i), false);
                pgBareTimes[i] = System.nanoTime() - start;
            }
        }

        // Sanity: both engines find something for most queries (PostgreSQL's french does not fold accents).
        System.out.printf(Locale.ROOT, "search: queries with at least one hit: Lucene %.1f %%, PostgreSQL %.1f %%; as typed with"
                + " accents: Lucene %.1f %%, PostgreSQL %.1f %%; accent-free forms (%d): Lucene %.1f %%, PostgreSQL %.1f %%;"
                + " median total hits: Lucene %d, PostgreSQL %d [check %d]%n",
            share(queries, luceneTotals, q -> true), share(queries, pgTotals, q -> true),
            share(queries, luceneTotals, q -> !q.accentFree()), share(queries, pgTotals, q -> !q.accentFree()),
            queries.stream().filter(BenchQuery::accentFree).count(),
            share(queries, luceneTotals, BenchQuery::accentFree), share(queries, pgTotals, BenchQuery::accentFree),
            percentile(sorted(luceneTotals), 0.5), percentile(sorted(pgTotals), 0.5), check % 10);
        if (share(queries, luceneTotals, q -> true) < 50) {
            System.out.println("search: WARNING: fewer than half of the queries find anything; the figures mean little");
        }
        for (String subset : List.of("no filter", "patient filter", "type or date filter")) {
            Predicate<BenchQuery> in = switch (subset) {
                case "no filter" -> q -> !q.filtered();
                case "patient filter" -> q -> q.patients().isPresent();
                default -> q -> q.patients().isEmpty() && q.filtered();
            };
            long[] lucene = subset(queries, luceneTimes, in);
            long[] postgres = subset(queries, pgTimes, in);
            if (lucene.length > 0) {
                System.out.printf(Locale.ROOT, "search: %s (%d queries): Lucene p50 %.2f ms, p99 %.2f ms; PostgreSQL p50 %.2f ms,"
                        + " p99 %.2f ms%n", subset, lucene.length, percentile(lucene, 0.5) / 1e6, percentile(lucene, 0.99) / 1e6,
                    percentile(postgres, 0.5) / 1e6, percentile(postgres, 0.99) / 1e6);
            }
        }

        String pgSize = postgresSize(dataSource);
        long patientQueries = queries.stream().filter(q -> q.patients().isPresent()).count();
        long typeQueries = queries.stream().filter(q -> q.type().isPresent()).count();
        long dateQueries = queries.stream().filter(q -> q.from().isPresent()).count();
        String workload = String.format(Locale.ROOT, "%,d generated documents (%,d patients), %,d queries of 1–3 words (%d with"
                + " a patient filter of 1–20 INS, %d by type, %d by date range, %d without accents), top %d and count per type,"
                + " one thread, after %d warm-up queries", docs, corpus.patients(), queries.size(), patientQueries, typeQueries,
            dateQueries, queries.stream().filter(BenchQuery::accentFree).count(), PAGE, WARM_UP_QUERIES);
        String lucene = String.format(Locale.ROOT, "%s, %s, Lucene through LuceneDossierIndex.search (exact total, highlights),"
            + " index %.2f GB on disk, %s; %s", LocalDate.now(), MACHINE, indexBytes / 1e9, workload, command);
        String postgres = String.format(Locale.ROOT, "%s, %s, %s, session jit off and work_mem %s, to_tsvector('french') stored"
                + " column + GIN, plainto_tsquery, ts_rank top %d with ts_headline (2 fragments) + GROUP BY type_code, %s, %s; %s", LocalDate.now(), MACHINE,
            database, PG_WORK_MEM, PAGE, pgSize, workload, command);
        Arrays.sort(luceneTimes);
        Arrays.sort(pgTimes);
        double luceneP50 = percentile(luceneTimes, 0.5) / 1e6;
        double pgP50 = percentile(pgTimes, 0.5) / 1e6;
        System.out.printf(Locale.ROOT, "dossier-search-p50-ms: %.2f ms (%s)%n", luceneP50, lucene);
        System.out.printf(Locale.ROOT, "dossier-search-p99-ms: %.2f ms (%s)%n", percentile(luceneTimes, 0.99) / 1e6, lucene);
        System.out.printf(Locale.ROOT, "dossier-pgfts-p50-ms: %.2f ms (%s)%n", pgP50, postgres);
        System.out.printf(Locale.ROOT, "dossier-pgfts-p99-ms: %.2f ms (%s)%n", percentile(pgTimes, 0.99) / 1e6, postgres);
        System.out.printf(Locale.ROOT, "dossier-lucene-vs-pgfts-p50-ratio: %.1f (PostgreSQL p50 %.2f ms ÷ Lucene p50 %.2f ms, %s,"
            + " %s, same documents and queries in the same run, both answering total, count per type, top %d and two"
            + " highlighted passages per hit; %s)%n", pgP50 / luceneP50, pgP50, luceneP50, LocalDate.now(), MACHINE, PAGE, command);
        Arrays.sort(luceneBareTimes);
        Arrays.sort(pgBareTimes);
        double luceneBareP50 = percentile(luceneBareTimes, 0.5) / 1e6;
        double pgBareP50 = percentile(pgBareTimes, 0.5) / 1e6;
        System.out.printf(Locale.ROOT, "dossier-lucene-vs-pgfts-p50-ratio-no-highlights: %.1f (PostgreSQL p50 %.2f ms, p99 %.2f ms"
                + " ÷ Lucene p50 %.2f ms, p99 %.2f ms, %s, %s, same run, same queries, neither side highlighting; %s)%n",
            pgBareP50 / luceneBareP50, pgBareP50, percentile(pgBareTimes, 0.99) / 1e6, luceneBareP50,
            percentile(luceneBareTimes, 0.99) / 1e6, LocalDate.now(), MACHINE, command);
    }

    static List<BenchQuery> queries(ClinicalCorpus corpus, int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<String> types = ClinicalCorpus.typeCodes();
        List<BenchQuery> queries = new ArrayList<>(count);
        long firstDay = ClinicalCorpus.FIRST_DAY.toEpochDay();
        long days = ClinicalCorpus.LAST_DAY.toEpochDay() - firstDay;
        for (int i = 0; i < count; i++) {
            ClinicalCorpus.SearchText text = corpus.searchText(r);
            Optional<Set<String>> patients = Optional.empty();
            if (r.nextInt(100) < 35) {
                // The dossiers a professional may read: patients they have cared for.
                Set<String> readable = new LinkedHashSet<>();
                int size = 1 + r.nextInt(20);
                while (readable.size() < size) {
                    readable.add(corpus.patient(corpus.randomPatient(r)).ins());
                }
                patients = Optional.of(readable);
            }
            Optional<String> type = r.nextInt(100) < 20 ? Optional.of(types.get(r.nextInt(types.size()))) : Optional.empty();
            Optional<LocalDate> from = Optional.empty();
            Optional<LocalDate> to = Optional.empty();
            if (r.nextInt(100) < 20) {
                LocalDate start = LocalDate.ofEpochDay(firstDay + r.nextLong(days));
                from = Optional.of(start);
                to = Optional.of(start.plusDays(90 + r.nextInt(640)));
            }
            queries.add(new BenchQuery(text.text(), text.accentFree(), patients, type, from, to));
        }
        return queries;
    }

    /**
     * PostgreSQL's answer to a query: the top page by ts_rank (with two highlighted fragments of each hit when
     * {@code headlines}, as the API answers) and the count per type; returns the total.
     */
    private static long pgSearch(Connection pg, BenchQuery query, boolean headlines) throws SQLException {
        StringBuilder filters = new StringBuilder();
        query.patients().ifPresent(p -> filters.append(" AND ins = ANY (?)"));
        query.type().ifPresent(t -> filters.append(" AND type_code = ?"));
        query.from().ifPresent(f -> filters.append(" AND doc_date BETWEEN ? AND ?"));
        long total = 0;
        String ranked = "SELECT id, ins, type_code, doc_date, title, body, query, ts_rank(tsv, query) AS rank"
            + " FROM " + FTS_TABLE + ", plainto_tsquery('french', ?) query WHERE tsv @@ query" + filters
            + " ORDER BY rank DESC, id LIMIT " + PAGE;
        String page = headlines
            ? "SELECT id, ins, type_code, doc_date, title, rank, ts_headline('french', body, query,"
                + " 'StartSel=<mark>, StopSel=</mark>, MaxFragments=2, FragmentDelimiter=\u2029') FROM (" + ranked + ") top"
                + " ORDER BY rank DESC, id"
            : "SELECT id, ins, type_code, doc_date, title, rank FROM (" + ranked + ") top ORDER BY rank DESC, id";
        try (PreparedStatement top = pg.prepareStatement(page)) {
            bind(pg, top, query);
            try (ResultSet rows = top.executeQuery()) {
                while (rows.next()) {
                    if (headlines) {
                        rows.getString(7);
                    }
                    rows.getLong(1); // every column read, as a result list would
                    rows.getString(5);
                    rows.getString(2);
                    rows.getString(3);
                    rows.getObject(4, LocalDate.class);
                    rows.getFloat(6);
                }
            }
        }
        try (PreparedStatement counts = pg.prepareStatement("SELECT type_code, COUNT(*) FROM " + FTS_TABLE
            + " WHERE tsv @@ plainto_tsquery('french', ?)" + filters + " GROUP BY type_code")) {
            bind(pg, counts, query);
            try (ResultSet rows = counts.executeQuery()) {
                while (rows.next()) {
                    rows.getString(1);
                    total += rows.getLong(2);
                }
            }
        }
        return total;
    }

    private static void bind(Connection pg, PreparedStatement statement, BenchQuery query) throws SQLException {
        int i = 1;
        statement.setString(i++, query.text());
        if (query.patients().isPresent()) {
            Array array = pg.createArrayOf("varchar", query.patients().get().toArray());
            statement.setArray(i++, array);
        }
        if (query.type().isPresent()) {
            statement.setString(i++, query.type().get());
        }
        if (query.from().isPresent()) {
            statement.setObject(i++, query.from().get());
            statement.setObject(i, query.to().get());
        }
    }

    /** Adds every document straight to a fresh index (no database, no XML), then closes it: merges finish. */
    static void loadLucene(ClinicalCorpus corpus, int docs, Path indexPath) throws Exception {
        FreshDatabase.deleteTree(indexPath);
        int threads = Runtime.getRuntime().availableProcessors();
        long start = System.nanoTime();
        AtomicLong textChars = new AtomicLong();
        try (LuceneDossierIndex index = LuceneDossierIndex.open(indexPath)) {
            Instant filedAt = Instant.now();
            Parallel.forEach(docs, threads, i -> {
                ClinicalCorpus.Document d = corpus.document(i);
                String text = d.text();
                textChars.addAndGet(text.length());
                index.add(new IndexEntry(i + 1L, d.patient().ins(), d.typeCode(), d.typeDisplay(),
                    Rubric.of(d.typeCode()).name(), Optional.of(d.author().nationalId()), d.author().displayName(),
                    Optional.of(d.date()), filedAt, d.title(), text, true, false));
                if ((i + 1) % 200_000 == 0) {
                    System.out.printf(Locale.ROOT, "search: Lucene: %,d documents added, %.0f s%n", i + 1, seconds(start));
                }
            });
            index.commit();
        }
        System.out.printf(Locale.ROOT, "search: Lucene index of %,d documents (%.1f KB of text on average) loaded on %d threads,"
                + " committed and closed (merges done) in %.1f s, %.2f GB on disk%n", docs, textChars.get() / 1024.0 / docs,
            threads, seconds(start), sizeOnDisk(indexPath) / 1e9);
    }

    /** The same documents in a PostgreSQL table with a French tsvector column, by COPY on one stream per core. */
    private static void loadPostgres(HikariDataSource dataSource, ClinicalCorpus corpus, int docs) throws Exception {
        long start = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS " + FTS_TABLE);
            // Unlogged: the load writes no WAL; reads go through the same buffers and plans as a logged table.
            statement.execute("CREATE UNLOGGED TABLE " + FTS_TABLE + " (id BIGINT NOT NULL, ins VARCHAR(15) NOT NULL,"
                + " type_code VARCHAR(40) NOT NULL, author_id VARCHAR(20), doc_date DATE NOT NULL, title TEXT NOT NULL,"
                + " body TEXT NOT NULL, tsv TSVECTOR GENERATED ALWAYS AS (to_tsvector('french', coalesce(title, '') || ' ' || body))"
                + " STORED)");
        }
        int streams = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), dataSource.getMaximumPoolSize() - 1));
        ExecutorService pool = Executors.newFixedThreadPool(streams);
        List<Callable<Long>> loaders = new ArrayList<>();
        for (int s = 0; s < streams; s++) {
            int first = (int) ((long) docs * s / streams);
            int end = (int) ((long) docs * (s + 1) / streams);
            loaders.add(() -> copy(dataSource, corpus, first, end));
        }
        long rows = 0;
        for (Future<Long> loader : pool.invokeAll(loaders)) {
            rows += loader.get();
        }
        pool.shutdown();
        double copied = seconds(start);
        long indexing = System.nanoTime();
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("SET maintenance_work_mem = '1GB'");
            statement.execute("ALTER TABLE " + FTS_TABLE + " ADD PRIMARY KEY (id)");
            statement.execute("CREATE INDEX " + FTS_TABLE + "_tsv ON " + FTS_TABLE + " USING gin (tsv)");
            statement.execute("CREATE INDEX " + FTS_TABLE + "_ins ON " + FTS_TABLE + " (ins)");
            statement.execute("CREATE INDEX " + FTS_TABLE + "_date ON " + FTS_TABLE + " (doc_date)");
            statement.execute("VACUUM ANALYZE " + FTS_TABLE);
            statement.execute("RESET maintenance_work_mem");
        }
        System.out.printf(Locale.ROOT, "search: PostgreSQL table of %,d documents: COPY on %d streams (tsvector computed) %.1f s,"
            + " GIN + b-tree indexes and VACUUM ANALYZE %.1f s%n", rows, streams, copied, seconds(indexing));
    }

    private static long copy(HikariDataSource dataSource, ClinicalCorpus corpus, int first, int end) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + FTS_TABLE
                + " (id, ins, type_code, author_id, doc_date, title, body) FROM STDIN");
            try {
                StringBuilder rows = new StringBuilder(1 << 20);
                for (int i = first; i < end; i++) {
                    ClinicalCorpus.Document d = corpus.document(i);
                    rows.append(i + 1L).append('\t').append(d.patient().ins()).append('\t').append(d.typeCode()).append('\t')
                        .append(d.author().nationalId()).append('\t').append(d.date()).append('\t');
                    copyText(rows, d.title());
                    rows.append('\t');
                    copyText(rows, d.text());
                    rows.append('\n');
                    if (rows.length() > (1 << 20) - 8192 || i == end - 1) {
                        byte[] bytes = rows.toString().getBytes(StandardCharsets.UTF_8);
                        copy.writeToCopy(bytes, 0, bytes.length);
                        rows.setLength(0);
                    }
                }
                return copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        }
    }

    /** A value in COPY's text format: backslash, tab and line breaks escaped. */
    private static void copyText(StringBuilder out, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    /** Every search term must occur in the generated text, or the queries test nothing. */
    private static void checkVocabulary() {
        ClinicalCorpus corpus = new ClinicalCorpus(99, 200, 40);
        StringBuilder all = new StringBuilder();
        for (int i = 0; i < 3_000; i++) {
            all.append(corpus.document(i).text().toLowerCase(Locale.ROOT)).append('\n');
        }
        String text = all.toString();
        List<String> missing = ClinicalCorpus.allSearchTerms().stream()
            .filter(term -> !text.contains(term.toLowerCase(Locale.ROOT))).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("search terms the generated documents never use: " + missing);
        }
    }

    static String describePostgres(HikariDataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT current_setting('server_version_num')::int / 10000,"
                 + " current_setting('shared_buffers')")) {
            rows.next();
            return "PostgreSQL " + rows.getInt(1) + " local (shared_buffers " + rows.getString(2) + ")";
        }
    }

    private static String postgresSize(HikariDataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_table_size('" + FTS_TABLE + "'), pg_indexes_size('" + FTS_TABLE
                 + "'), pg_relation_size('" + FTS_TABLE + "_tsv')")) {
            rows.next();
            return String.format(Locale.ROOT, "table with TOAST %.2f GB + indexes %.2f GB (GIN %.2f GB)", rows.getLong(1) / 1e9,
                rows.getLong(2) / 1e9, rows.getLong(3) / 1e9);
        }
    }

    static long sizeOnDisk(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        }
    }

    private static double share(List<BenchQuery> queries, long[] totals, Predicate<BenchQuery> which) {
        long considered = 0;
        long found = 0;
        for (int i = 0; i < queries.size(); i++) {
            if (which.test(queries.get(i))) {
                considered++;
                found += totals[i] > 0 ? 1 : 0;
            }
        }
        return considered == 0 ? 0 : 100.0 * found / considered;
    }

    private static long[] subset(List<BenchQuery> queries, long[] values, Predicate<BenchQuery> which) {
        return sorted(IntStream.range(0, queries.size()).filter(i -> which.test(queries.get(i))).mapToLong(i -> values[i]).toArray());
    }

    static long[] sorted(long[] values) {
        long[] copy = values.clone();
        Arrays.sort(copy);
        return copy;
    }

    /** Nearest-rank percentile of sorted values. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.max(0, (int) Math.ceil(p * sorted.length) - 1)];
    }

    static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    static int intArg(String[] args, int index, int fallback) {
        return args.length > index && !args[index].isBlank() ? Integer.parseInt(args[index].replace("_", "")) : fallback;
    }
}
