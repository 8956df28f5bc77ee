package bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import com.zaxxer.hikari.HikariDataSource;

import fr.mssnode.dossier.bridge.AttachmentOutcome;
import fr.mssnode.dossier.bridge.DossierBridge;
import fr.mssnode.dossier.cda.CdaDocument;
import fr.mssnode.dossier.cda.CdaParser;
import fr.mssnode.dossier.index.IndexEntry;
import fr.mssnode.dossier.index.LuceneDossierIndex;
import fr.mssnode.dossier.index.SearchPage;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.dossier.store.Filing;
import fr.mssnode.dossier.store.FilingResult;
import fr.mssnode.dossier.store.Rubric;
import fr.mssnode.fixtures.cda.ClinicalCorpus;
import fr.mssnode.fixtures.cda.RealisticCorpus;

/**
 * The dossier on documents shaped like the ones French senders produce ({@link RealisticCorpus}: lab reports with
 * nested results, summaries, letters, level-1 documents embedding PDFs, BOM, ISO-8859-1, CRLF...), in three
 * modes:
 * <ul>
 * <li>{@code filing [docs=20000] [threads=4] [work]}: the realistic mix through {@link DossierBridge#fileAttachment}
 * into a fresh PostgreSQL schema and Lucene index, after a warm-up on other documents: documents per second;</li>
 * <li>{@code heap [documents=4] [bytes=15728640]}: that many level-1 documents of that size filed at once, the
 * heap sampled all along (run it under a small -Xmx: bench/dossier-realistic.sh uses 256 MB);</li>
 * <li>{@code search [docs=1000000] [queries=1000] [work]}: a Lucene index of the realistic corpus, each document's
 * text as {@link CdaParser} reads it, and the issue-5 queries: p50 and p99.</li>
 * </ul>
 */
public final class RealisticDossierBench {
    private static final long SEED = 13;
    private static final int WARM_UP_FILINGS = 2_000;

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "filing";
        String command = ("bash bench/dossier-realistic.sh " + String.join(" ", args)).trim();
        switch (mode) {
            case "filing" -> filing(DossierBench.intArg(args, 1, 20_000), DossierBench.intArg(args, 2, 4),
                Path.of(args.length > 3 ? args[3] : "bench/target"), command);
            case "heap" -> heap(DossierBench.intArg(args, 1, 4), DossierBench.intArg(args, 2, 15 * 1024 * 1024), command);
            case "search" -> search(DossierBench.intArg(args, 1, 1_000_000), DossierBench.intArg(args, 2, 1_000),
                Path.of(args.length > 3 ? args[3] : "bench/target"), command);
            default -> throw new IllegalArgumentException("mode: filing, heap or search");
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Filing the realistic mix

    private record Prepared(byte[][] bytes, String[] mediaTypes, Filing[] envelopes, long totalBytes, int[] families) {
        static Prepared of(RealisticCorpus corpus, long from, int count, String tag) {
            byte[][] bytes = new byte[count][];
            String[] mediaTypes = new String[count];
            Filing[] envelopes = new Filing[count];
            int[] families = new int[RealisticCorpus.Family.values().length];
            IntStream.range(0, count).parallel().forEach(i -> {
                RealisticCorpus.Document document = corpus.document(from + i);
                bytes[i] = document.bytes();
                mediaTypes[i] = document.mediaType();
                envelopes[i] = new Filing("<" + tag + "-" + (from + i) + "@synthetique.mssante.test>",
                    "dr.bench@synthetique.mssante.test", List.of("dr.lecteur@synthetique.mssante.test"), document.fileName());
                synchronized (families) {
                    families[document.family().ordinal()]++;
                }
            });
            return new Prepared(bytes, mediaTypes, envelopes, Arrays.stream(bytes).mapToLong(b -> b.length).sum(), families);
        }
    }

    private static void filing(int count, int threads, Path work, String command) throws Exception {
        Files.createDirectories(work);
        long generating = System.nanoTime();
        Prepared documents = Prepared.of(new RealisticCorpus(SEED), 0, count, "real");
        long[] sizes = Arrays.stream(documents.bytes()).mapToLong(b -> b.length).sorted().toArray();
        StringBuilder mix = new StringBuilder();
        for (RealisticCorpus.Family family : RealisticCorpus.Family.values()) {
            mix.append(mix.length() == 0 ? "" : ", ").append(family.name().toLowerCase(Locale.ROOT)).append(' ')
                .append(documents.families()[family.ordinal()]);
        }
        System.out.printf(Locale.ROOT, "filing: generated %,d realistic documents in %.1f s: %.1f MB, sizes p50 %.1f KB, p90 %.1f KB,"
                + " max %.1f MB; %s%n", count, DossierBench.seconds(generating), documents.totalBytes() / 1e6,
            DossierBench.percentile(sizes, 0.5) / 1024.0, DossierBench.percentile(sizes, 0.9) / 1024.0,
            sizes[sizes.length - 1] / 1048576.0, mix);

        try (HikariDataSource warmUp = FreshDatabase.create("postgres", work, "dossier_real_warmup", threads + 2)) {
            Prepared other = Prepared.of(new RealisticCorpus(SEED + 1000), 0, Math.min(count, WARM_UP_FILINGS), "warm");
            long[] latencies = new long[other.bytes().length];
            double seconds = fileAll(warmUp, work.resolve("dossier-real-warmup-index"), other, threads, latencies);
            System.out.printf(Locale.ROOT, "filing: warm-up, %,d other documents: %.0f docs/s%n", other.bytes().length,
                other.bytes().length / seconds);
        }
        FreshDatabase.drop("dossier_real_warmup");
        FreshDatabase.deleteTree(work.resolve("dossier-real-warmup-index"));

        try (HikariDataSource dataSource = FreshDatabase.create("postgres", work, "dossier_real", threads + 2)) {
            String database = DossierBench.describePostgres(dataSource);
            try (java.sql.Connection connection = dataSource.getConnection();
                 java.sql.Statement statement = connection.createStatement()) {
                statement.execute("CHECKPOINT"); // the warm-up's writes flushed now, not in the middle of the timed run
            }
            long[] latencies = new long[count];
            double seconds = fileAll(dataSource, work.resolve("dossier-real-index"), documents, threads, latencies);
            Arrays.sort(latencies);
            System.out.printf(Locale.ROOT, "dossier-filing-realistic-docs-per-s: %.0f docs/s (%s, %s, %s, %,d documents of the"
                    + " realistic mix (%s; %.1f MB, %.1f MB/s; sizes p50 %.1f KB, p90 %.1f KB, max %.1f MB), %d threads through"
                    + " DossierBridge.fileAttachment: parse + store + index, Lucene committed at the end, after a warm-up of %,d other"
                    + " documents and a CHECKPOINT; per document p50 %.1f ms, p99 %.1f ms; %s)%n", count / seconds, LocalDate.now(), DossierBench.MACHINE,
                database, count, mix, documents.totalBytes() / 1e6, documents.totalBytes() / 1e6 / seconds,
                DossierBench.percentile(sizes, 0.5) / 1024.0, DossierBench.percentile(sizes, 0.9) / 1024.0,
                sizes[sizes.length - 1] / 1048576.0, threads, Math.min(count, WARM_UP_FILINGS),
                DossierBench.percentile(latencies, 0.5) / 1e6, DossierBench.percentile(latencies, 0.99) / 1e6, command);
        }
    }

    /** Files every prepared document from several threads; returns the seconds taken, the index committed. */
    private static double fileAll(HikariDataSource dataSource, Path indexPath, Prepared documents, int threads, long[] latencies)
        throws Exception {
        FreshDatabase.deleteTree(indexPath);
        int count = documents.bytes().length;
        try (LuceneDossierIndex index = LuceneDossierIndex.open(indexPath)) {
            DossierBridge bridge = new DossierBridge(new DossierStore(dataSource), index);
            long start = System.nanoTime();
            Parallel.forEach(count, threads, i -> {
                long begin = System.nanoTime();
                expectFiled(bridge.fileAttachment(documents.bytes()[i], documents.mediaTypes()[i],
                    documents.envelopes()[i].attachmentName(), documents.envelopes()[i]), documents.envelopes()[i]);
                latencies[i] = System.nanoTime() - begin;
            });
            index.commit();
            return DossierBench.seconds(start);
        }
    }

    private static void expectFiled(List<AttachmentOutcome> outcomes, Filing envelope) {
        if (outcomes.size() != 1 || !outcomes.get(0).isFiled()
            || outcomes.get(0).filed().get().outcome() != FilingResult.Outcome.FILED) {
            throw new IllegalStateException(envelope.attachmentName() + " was not filed: "
                + outcomes.stream().map(AttachmentOutcome::describe).toList());
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Four 15 MB documents at once, in a small heap

    private static void heap(int count, int size, String command) throws Exception {
        RealisticCorpus corpus = new RealisticCorpus(SEED);
        byte[][] bytes = new byte[count][];
        Filing[] envelopes = new Filing[count];
        String mediaType = "application/hl7-cda+xml";
        for (int i = 0; i < count; i++) {
            RealisticCorpus.Document document = corpus.document(900_000 + i, RealisticCorpus.Family.LEVEL1_PDF, size);
            bytes[i] = document.bytes();
            mediaType = document.mediaType();
            envelopes[i] = new Filing("<heap-" + i + "@synthetique.mssante.test>", "dr.bench@synthetique.mssante.test",
                List.of("dr.lecteur@synthetique.mssante.test"), document.fileName());
        }
        long inputs = Arrays.stream(bytes).mapToLong(b -> b.length).sum();
        Path work = Files.createTempDirectory("dossier-heap");
        long maxHeap = Runtime.getRuntime().maxMemory();
        try (HikariDataSource dataSource = FreshDatabase.create("postgres", work, "dossier_heap", count + 2);
             LuceneDossierIndex index = LuceneDossierIndex.open(work.resolve("index"))) {
            DossierBridge bridge = new DossierBridge(new DossierStore(dataSource), index);
            // warm the code on a small document so the measure is about the big ones
            RealisticCorpus.Document small = corpus.document(950_000, RealisticCorpus.Family.LEVEL1_PDF, 200 * 1024);
            expectFiled(bridge.fileAttachment(small.bytes(), small.mediaType(), small.fileName(), new Filing("<heap-warm@x>",
                "dr.bench@synthetique.mssante.test", List.of("dr.lecteur@synthetique.mssante.test"), small.fileName())), envelopes[0]);
            System.gc();
            long before = usedHeap();
            List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);
            AtomicLong sampledPeak = new AtomicLong(before);
            Thread sampler = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    sampledPeak.accumulateAndGet(usedHeap(), Math::max);
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            sampler.setDaemon(true);
            sampler.start();
            ExecutorService pool = Executors.newFixedThreadPool(count);
            List<Callable<Long>> filings = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                filings.add(() -> {
                    long start = System.nanoTime();
                    expectFiled(bridge.fileAttachment(bytes[n], "application/hl7-cda+xml", envelopes[n].attachmentName(),
                        envelopes[n]), envelopes[n]);
                    return System.nanoTime() - start;
                });
            }
            long start = System.nanoTime();
            List<Long> times = new ArrayList<>();
            for (Future<Long> filing : pool.invokeAll(filings)) {
                times.add(filing.get());
            }
            double seconds = DossierBench.seconds(start);
            pool.shutdown();
            sampler.interrupt();
            sampler.join();
            long poolPeaks = pools.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            System.out.printf(Locale.ROOT, "dossier-filing-15mb-peak-heap-mb: %d MB (%s, %s, %s, %d level-1 documents of %.1f MB"
                    + " each (embedded PDF) filed at once on %d threads through DossierBridge.fileAttachment into PostgreSQL and"
                    + " Lucene, in a JVM limited to -Xmx%d MB; peak heap in use sampled every millisecond, the %d input documents"
                    + " (%.0f MB) included; %d MB in use before; sum of the heap pools' peaks %d MB; all filed in %.1f s; %s)%n",
                sampledPeak.get() / 1048576, LocalDate.now(), DossierBench.MACHINE, DossierBench.describePostgres(dataSource),
                count, inputs / (double) count / 1048576.0, count, maxHeap / 1048576, count, inputs / 1048576.0,
                before / 1048576, poolPeaks / 1048576, seconds, command);
        } finally {
            FreshDatabase.drop("dossier_heap");
            FreshDatabase.deleteTree(work);
        }
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Search over a realistic corpus

    private static void search(int docs, int queryCount, Path work, String command) throws Exception {
        Files.createDirectories(work);
        RealisticCorpus corpus = new RealisticCorpus(SEED + 2, Math.max(100, docs / 25), Math.max(50, docs / 500));
        Path indexPath = work.resolve("dossier-real-search-index");
        FreshDatabase.deleteTree(indexPath);
        long start = System.nanoTime();
        AtomicLong xmlBytes = new AtomicLong();
        AtomicLong textChars = new AtomicLong();
        AtomicInteger level1 = new AtomicInteger();
        try (LuceneDossierIndex index = LuceneDossierIndex.open(indexPath)) {
            Instant filedAt = Instant.now();
            ThreadLocal<CdaParser> parsers = ThreadLocal.withInitial(CdaParser::new);
            Parallel.forEach(docs, Runtime.getRuntime().availableProcessors(), i -> {
                RealisticCorpus.Document document = corpus.document(i);
                if (document.family() == RealisticCorpus.Family.LEVEL1_PDF && document.bytes().length > 256 * 1024) {
                    // A level-1 document is indexed by its header alone: the same text with a smaller PDF.
                    document = corpus.document(i, RealisticCorpus.Family.LEVEL1_PDF, 128 * 1024);
                    level1.incrementAndGet();
                }
                CdaDocument cda = parsers.get().parse(document.bytes());
                xmlBytes.addAndGet(document.bytes().length);
                textChars.addAndGet(cda.text().length());
                index.add(new IndexEntry(i + 1L, cda.patient().ins().matricule(), cda.type().code(), cda.type().display(),
                    Rubric.of(cda.type().code()).name(), cda.authors().get(0).nationalId(), cda.authors().get(0).name(),
                    IndexEntry.dayOf(cda.effectiveTime()), filedAt, cda.title(), cda.text(), true, false));
                if ((i + 1) % 100_000 == 0) {
                    System.out.printf(Locale.ROOT, "search: %,d realistic documents parsed and indexed, %.0f s%n", i + 1,
                        DossierBench.seconds(start));
                }
            });
            index.commit();
        }
        double loadSeconds = DossierBench.seconds(start);
        long indexBytes = DossierBench.sizeOnDisk(indexPath);
        System.out.printf(Locale.ROOT, "search: %,d documents (%.1f KB of XML, %.1f KB of text on average; %d level-1 documents"
                + " indexed with a 128 KB PDF) loaded in %.0f s, index %.2f GB%n", docs, xmlBytes.get() / 1024.0 / docs,
            textChars.get() / 1024.0 / docs, level1.get(), loadSeconds, indexBytes / 1e9);

        // The issue-5 queries (words of the shared French clinical vocabulary, patient, type and date filters).
        ClinicalCorpus vocabulary = corpus.clinical();
        List<DossierBench.BenchQuery> warmUp = DossierBench.queries(vocabulary, DossierBench.WARM_UP_QUERIES, 3);
        List<DossierBench.BenchQuery> queries = DossierBench.queries(vocabulary, queryCount, 4);
        long[] times = new long[queries.size()];
        long found = 0;
        try (LuceneDossierIndex index = LuceneDossierIndex.open(indexPath)) {
            for (DossierBench.BenchQuery query : warmUp) {
                index.search(query.lucene());
            }
            for (int i = 0; i < queries.size(); i++) {
                long begin = System.nanoTime();
                SearchPage page = index.search(queries.get(i).lucene());
                times[i] = System.nanoTime() - begin;
                found += page.total() > 0 ? 1 : 0;
            }
        }
        Arrays.sort(times);
        String details = String.format(Locale.ROOT, "%s, %s, Lucene through LuceneDossierIndex.search (exact total, highlights,"
                + " count per type, top %d), index %.2f GB, %,d realistic documents (%.1f KB of XML on average) parsed by CdaParser,"
                + " %,d queries of 1–3 words with patient, type and date filters as in issue 5, %.0f %% with hits, one thread,"
                + " after %d warm-up queries; %s", LocalDate.now(), DossierBench.MACHINE, DossierBench.PAGE, indexBytes / 1e9, docs,
            xmlBytes.get() / 1024.0 / docs, queries.size(), 100.0 * found / queries.size(), DossierBench.WARM_UP_QUERIES, command);
        System.out.printf(Locale.ROOT, "dossier-search-realistic-p50-ms: %.2f ms (%s)%n", DossierBench.percentile(times, 0.5) / 1e6,
            details);
        System.out.printf(Locale.ROOT, "dossier-search-realistic-p99-ms: %.2f ms (%s)%n", DossierBench.percentile(times, 0.99) / 1e6,
            details);
    }
}
