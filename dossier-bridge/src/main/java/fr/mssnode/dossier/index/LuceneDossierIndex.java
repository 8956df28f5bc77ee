package fr.mssnode.dossier.index;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.document.BinaryDocValuesField;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.BinaryDocValues;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.index.Term;
import org.apache.lucene.queryparser.simple.SimpleQueryParser;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.MultiCollectorManager;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SearcherManager;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.search.TopScoreDocCollectorManager;
import org.apache.lucene.search.uhighlight.DefaultPassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.store.FSDirectory;
import org.apache.lucene.store.LockObtainFailedException;
import org.apache.lucene.util.Bits;
import org.apache.lucene.util.BytesRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dossier index on local disk (Lucene 9). A filed document is seen by the next search (a near-real-time
 * reader, reopened by a search when older than 100 ms) and durable within five seconds (a background commit); what
 * a crash loses between the database commit and the index commit is put back by {@link IndexRepair} at the next
 * start.
 */
public final class LuceneDossierIndex implements DossierIndex {
    private static final Logger LOG = LoggerFactory.getLogger(LuceneDossierIndex.class);
    /**
     * Freshness: a search sees what was filed up to 100 ms before it (it reopens the reader itself when older).
     * Nothing reopens it in the background: each reopen writes a small segment that must later be merged, and
     * filing without searching should not pay for reopens nobody reads.
     */
    private static final long SEARCH_FRESHNESS_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final Map<String, Float> TEXT_FIELDS = Map.of("title", 3f, "body", 1f, "author_name", 1f);
    /** The index's layout: 2 has the masking as a doc value, updated in place when the patient changes it. */
    private static final String FORMAT = "2";

    private final Path path;
    private final Analyzer analyzer = new FrenchClinicalAnalyzer();
    private final FSDirectory directory;
    private final IndexWriter writer;
    private final SearcherManager searchers;
    private final ScheduledExecutorService background;
    private volatile long lastRefresh = System.nanoTime();

    private LuceneDossierIndex(Path path) throws IOException {
        this.path = path;
        this.directory = FSDirectory.open(path);
        IndexWriterConfig config = new IndexWriterConfig(analyzer).setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND)
            .setRAMBufferSizeMB(64)
            .setUseCompoundFile(false); // a reopen's small segment is written once, not copied into a compound file
        try {
            this.writer = new IndexWriter(directory, config);
        } catch (LockObtainFailedException e) {
            directory.close();
            throw new IllegalStateException("The dossier index " + path + " is in use by another process (a running node?)", e);
        }
        if (!FORMAT.equals(format(writer)) && writer.getDocStats().numDocs > 0) {
            // Written by an earlier version of the node (masking was not updatable then): emptied here, filled again
            // from the database by the repair that runs at every start.
            LOG.warn("The dossier index {} has an older format: emptied, the start repair indexes the dossiers again", path);
            writer.deleteAll();
        }
        writer.setLiveCommitData(Map.of("format", FORMAT).entrySet());
        this.searchers = new SearcherManager(writer, null);
        this.background = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "dossier-index");
            thread.setDaemon(true);
            return thread;
        });
        background.scheduleWithFixedDelay(this::commitQuietly, 5, 5, TimeUnit.SECONDS);
    }

    private static String format(IndexWriter writer) {
        Iterable<Map.Entry<String, String>> data = writer.getLiveCommitData();
        if (data != null) {
            for (Map.Entry<String, String> entry : data) {
                if (entry.getKey().equals("format")) {
                    return entry.getValue();
                }
            }
        }
        return "1";
    }

    public static LuceneDossierIndex open(Path path) throws IOException {
        return new LuceneDossierIndex(path);
    }

    public Path path() {
        return path;
    }

    @Override
    public void add(IndexEntry entry) throws IOException {
        Document doc = new Document();
        String id = Long.toString(entry.documentId());
        doc.add(new StringField("uid", id, Field.Store.NO));
        doc.add(new NumericDocValuesField("id", entry.documentId()));
        doc.add(new NumericDocValuesField("current", entry.current() ? 1 : 0));
        // What a hit shows is read from doc values, so that a result page never decompresses stored text.
        doc.add(new StringField("ins", entry.ins(), Field.Store.NO));
        doc.add(new SortedDocValuesField("ins", new BytesRef(entry.ins())));
        doc.add(new StringField("type", entry.typeCode(), Field.Store.NO));
        doc.add(new SortedDocValuesField("type", new BytesRef(entry.typeCode())));
        doc.add(new StringField("rubric", entry.rubric(), Field.Store.NO));
        doc.add(new SortedDocValuesField("rubric", new BytesRef(entry.rubric())));
        entry.authorId().ifPresent(a -> doc.add(new StringField("author", a, Field.Store.NO)));
        doc.add(new TextField("author_name", entry.authorName() == null ? "" : entry.authorName(), Field.Store.NO));
        doc.add(new NumericDocValuesField("masking", entry.maskedFromProfessionals() ? 1 : 0));
        entry.date().ifPresent(d -> {
            doc.add(new LongPoint("date", d.toEpochDay()));
            doc.add(new NumericDocValuesField("date", d.toEpochDay()));
        });
        String title = entry.title() == null ? "" : entry.title();
        doc.add(new TextField("title", title, Field.Store.NO));
        doc.add(new BinaryDocValuesField("title", new BytesRef(title.length() > 1000 ? title.substring(0, 1000) : title)));
        // Stored, without offsets: the highlighter re-analyses the stored text of a page's hits (cheaper filing).
        doc.add(new TextField("body", entry.body() == null ? "" : entry.body(), Field.Store.YES));
        // Added, not updated: an update would look the id up in every segment, and the caller adds only new ids.
        writer.addDocument(doc);
    }

    @Override
    public void setCurrent(long documentId, boolean current) throws IOException {
        writer.updateNumericDocValue(new Term("uid", Long.toString(documentId)), "current", current ? 1 : 0);
    }

    @Override
    public void setMasked(long documentId, boolean masked) throws IOException {
        writer.updateNumericDocValue(new Term("uid", Long.toString(documentId)), "masking", masked ? 1 : 0);
    }

    @Override
    public void delete(long documentId) throws IOException {
        writer.deleteDocuments(new Term("uid", Long.toString(documentId)));
    }

    @Override
    public void deleteAll() throws IOException {
        writer.deleteAll();
    }

    @Override
    public SearchPage search(DossierQuery query) throws IOException {
        return search(query, hits -> {
        });
    }

    @Override
    public SearchPage search(DossierQuery query, Consumer<List<SearchPage.Hit>> found) throws IOException {
        Optional<Query> text = query.text().isEmpty() ? Optional.empty() : Optional.ofNullable(textParser().parse(query.text()));
        if (query.scope().isEmpty()) {
            found.accept(List.of());
            return new SearchPage(0, List.of(), Map.of());
        }
        Query lucene = toLucene(query, text);
        if (System.nanoTime() - lastRefresh > SEARCH_FRESHNESS_NANOS) {
            refresh();
        }
        IndexSearcher searcher = searchers.acquire();
        try {
            int wanted = query.offset() + query.limit();
            // Exact totals: the count per type needs every match anyway.
            Object[] results = searcher.search(lucene, new MultiCollectorManager(
                new TopScoreDocCollectorManager(wanted, null, Integer.MAX_VALUE, false), new CountByType()));
            TopDocs top = (TopDocs) results[0];
            @SuppressWarnings("unchecked")
            Map<String, Long> byType = (Map<String, Long>) results[1];
            ScoreDoc[] page = Arrays.copyOfRange(top.scoreDocs, Math.min(query.offset(), top.scoreDocs.length), top.scoreDocs.length);
            List<SearchPage.Hit> hits = new ArrayList<>(page.length);
            for (ScoreDoc doc : page) {
                hits.add(hit(searcher, doc, List.of()));
            }
            found.accept(List.copyOf(hits)); // the page is known: the caller may act on it while the passages are found
            if (query.highlights() && text.isPresent()) {
                String[] passages = highlights(searcher, text.get(), page);
                for (int i = 0; i < page.length; i++) {
                    if (passages[i] != null) {
                        SearchPage.Hit hit = hits.get(i);
                        hits.set(i, new SearchPage.Hit(hit.documentId(), hit.ins(), hit.typeCode(), hit.rubric(), hit.title(),
                            hit.date(), hit.score(), List.of(passages[i].split("\u2029"))));
                    }
                }
            }
            return new SearchPage(top.totalHits.value, hits, byType);
        } finally {
            searchers.release(searcher);
        }
    }

    private static SearchPage.Hit hit(IndexSearcher searcher, ScoreDoc found, List<String> highlights) throws IOException {
        List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(found.doc, leaves));
        LeafReader segment = leaf.reader();
        int doc = found.doc - leaf.docBase;
        return new SearchPage.Hit(number(segment, "id", doc).orElseThrow(), text(segment.getSortedDocValues("ins"), doc),
            text(segment.getSortedDocValues("type"), doc), text(segment.getSortedDocValues("rubric"), doc),
            title(segment, doc), number(segment, "date", doc).map(LocalDate::ofEpochDay), found.score, highlights);
    }

    private static Optional<Long> number(LeafReader segment, String field, int doc) throws IOException {
        NumericDocValues values = segment.getNumericDocValues(field);
        return values != null && values.advanceExact(doc) ? Optional.of(values.longValue()) : Optional.empty();
    }

    private static String text(SortedDocValues values, int doc) throws IOException {
        return values != null && values.advanceExact(doc) ? values.lookupOrd(values.ordValue()).utf8ToString() : "";
    }

    private static String title(LeafReader segment, int doc) throws IOException {
        BinaryDocValues values = segment.getBinaryDocValues("title");
        return values != null && values.advanceExact(doc) ? values.binaryValue().utf8ToString() : "";
    }

    /** The text query (none: no words, or only stop words) within the filters. */
    private static Query toLucene(DossierQuery query, Optional<Query> text) {
        BooleanQuery.Builder builder = new BooleanQuery.Builder();
        builder.add(text.orElseGet(MatchAllDocsQuery::new), Occur.MUST);
        if (!query.scope().everything()) {
            builder.add(scope(query.scope()), Occur.FILTER);
        }
        query.type().ifPresent(type -> builder.add(new TermQuery(new Term("type", type)), Occur.FILTER));
        query.authorId().ifPresent(author -> builder.add(new TermQuery(new Term("author", author)), Occur.FILTER));
        if (query.from().isPresent() || query.to().isPresent()) {
            builder.add(LongPoint.newRangeQuery("date", query.from().map(LocalDate::toEpochDay).orElse(Long.MIN_VALUE),
                query.to().map(LocalDate::toEpochDay).orElse(Long.MAX_VALUE)), Occur.FILTER);
        }
        if (!query.includeHistory()) {
            builder.add(NumericDocValuesField.newSlowExactQuery("current", 1), Occur.FILTER);
        }
        return builder.build();
    }

    /**
     * The documents the access rules let the reader see: any of the dossiers read whole, or in the other dossiers
     * those not masked from professionals, or written by the reader.
     */
    private static Query scope(SearchScope scope) {
        BooleanQuery.Builder either = new BooleanQuery.Builder();
        if (!scope.whole().isEmpty()) {
            either.add(new TermInSetQuery("ins", scope.whole().stream().map(BytesRef::new).toList()), Occur.SHOULD);
        }
        if (!scope.unmaskedOnly().isEmpty()) {
            BooleanQuery.Builder visible = new BooleanQuery.Builder()
                .add(NumericDocValuesField.newSlowExactQuery("masking", 0), Occur.SHOULD);
            scope.author().ifPresent(author -> visible.add(new TermQuery(new Term("author", author)), Occur.SHOULD));
            either.add(new BooleanQuery.Builder()
                .add(new TermInSetQuery("ins", scope.unmaskedOnly().stream().map(BytesRef::new).toList()), Occur.FILTER)
                .add(visible.build(), Occur.FILTER).build(), Occur.SHOULD);
        }
        return either.build();
    }

    private SimpleQueryParser textParser() {
        // The simple syntax (words, "phrases", -not, prefix*) never fails on what a user types.
        SimpleQueryParser parser = new SimpleQueryParser(analyzer, TEXT_FIELDS);
        parser.setDefaultOperator(Occur.MUST);
        return parser;
    }

    /** Two passages of each hit's text around the words searched (the filters have nothing to highlight). */
    private String[] highlights(IndexSearcher searcher, Query text, ScoreDoc[] page) throws IOException {
        if (page.length == 0) {
            return new String[0];
        }
        UnifiedHighlighter highlighter = UnifiedHighlighter.builder(searcher, analyzer)
            .withFormatter(new DefaultPassageFormatter("<mark>", "</mark>", "\u2029", true))
            .withWeightMatches(false) // the words' positions only, not the whole query's matches: a third of the cost
            .withMaxLength(100_000).build();
        int[] docs = Arrays.stream(page).mapToInt(d -> d.doc).toArray();
        return highlighter.highlightFields(new String[] {"body"}, text, docs, new int[] {2}).get("body");
    }

    /** Counts the matches per type code, from the type's doc values. */
    private static final class CountByType implements CollectorManager<Collector, Map<String, Long>> {
        private final List<TypeCounter> counters = new ArrayList<>();

        @Override
        public Collector newCollector() {
            TypeCounter counter = new TypeCounter();
            counters.add(counter);
            return counter;
        }

        @Override
        public Map<String, Long> reduce(Collection<Collector> collectors) {
            Map<String, Long> total = new LinkedHashMap<>();
            counters.forEach(c -> c.counts.forEach((type, n) -> total.merge(type, n, Long::sum)));
            return total;
        }
    }

    private static final class TypeCounter implements Collector {
        private final Map<String, Long> counts = new LinkedHashMap<>();

        @Override
        public ScoreMode scoreMode() {
            return ScoreMode.COMPLETE_NO_SCORES;
        }

        @Override
        public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
            SortedDocValues types = context.reader().getSortedDocValues("type");
            int[] perOrdinal = new int[types == null ? 0 : types.getValueCount()];
            return new LeafCollector() {
                @Override
                public void setScorer(Scorable scorer) {
                }

                @Override
                public void collect(int doc) throws IOException {
                    if (types != null && types.advanceExact(doc)) {
                        perOrdinal[types.ordValue()]++;
                    }
                }

                @Override
                public void finish() throws IOException {
                    for (int ord = 0; ord < perOrdinal.length; ord++) {
                        if (perOrdinal[ord] > 0) {
                            counts.merge(types.lookupOrd(ord).utf8ToString(), (long) perOrdinal[ord], Long::sum);
                        }
                    }
                }
            };
        }
    }

    @Override
    public void forEachIndexed(Consumer<IndexedState> action) throws IOException {
        long[] states; // id << 2 | masked << 1 | current: one sortable array, even for millions of documents
        int n = 0;
        try (DirectoryReader reader = DirectoryReader.open(writer)) {
            states = new long[reader.numDocs()];
            for (LeafReaderContext leaf : reader.leaves()) {
                LeafReader segment = leaf.reader();
                NumericDocValues ids = segment.getNumericDocValues("id");
                NumericDocValues current = segment.getNumericDocValues("current");
                NumericDocValues masked = segment.getNumericDocValues("masking");
                Bits live = segment.getLiveDocs();
                for (int doc = 0; doc < segment.maxDoc(); doc++) {
                    if ((live == null || live.get(doc)) && ids.advanceExact(doc)) {
                        boolean isCurrent = current.advanceExact(doc) && current.longValue() == 1;
                        boolean isMasked = masked != null && masked.advanceExact(doc) && masked.longValue() == 1;
                        states[n++] = ids.longValue() << 2 | (isMasked ? 2 : 0) | (isCurrent ? 1 : 0);
                    }
                }
            }
        }
        Arrays.sort(states, 0, n);
        for (int i = 0; i < n; i++) {
            action.accept(new IndexedState(states[i] >>> 2, (states[i] & 1) == 1, (states[i] & 2) == 2));
        }
    }

    @Override
    public void commit() throws IOException {
        writer.commit();
    }

    @Override
    public void refresh() throws IOException {
        long started = System.nanoTime();
        searchers.maybeRefreshBlocking();
        lastRefresh = started;
    }

    private void commitQuietly() {
        try {
            if (writer.hasUncommittedChanges()) {
                writer.commit();
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("The dossier index could not be committed (the next start repairs it): {}", e.toString());
        }
    }

    @Override
    public void close() throws IOException {
        background.shutdown(); // no interrupt: an interrupted Lucene I/O closes the index's file channels
        try {
            background.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            searchers.close();
            writer.close(); // commits
        } finally {
            directory.close();
        }
    }
}
