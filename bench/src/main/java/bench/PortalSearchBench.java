package bench;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;

import fr.mssnode.dossier.bridge.AttachmentOutcome;
import fr.mssnode.dossier.bridge.DossierBridge;
import fr.mssnode.dossier.index.LuceneDossierIndex;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.dossier.store.Filing;
import fr.mssnode.fixtures.cda.ClinicalCorpus;

/**
 * The web space's search page (/espace/pro/recherche) over the dossier benchmark's 1,000,000 generated documents
 * (the {@link DossierBench} corpus: 40,000 patients, 2,000 authors), on PostgreSQL:
 * <ol>
 * <li>the documents are filed through the node's {@link DossierBridge} (parse, store, index) into the node's database
 * and its var/dossier-index before the node starts; the demo cardiologist is among the recipients of every document
 * of one patient in 50 (his care team: about 800 patients and 2 % of the documents), the other recipients are the
 * corpus's authors;</li>
 * <li>the demo node starts on them (its start check compares the index with the database);</li>
 * <li>{@code users} browsers signed in as the cardiologist (form, session cookie) ask the search page, each one page
 * every {@code interval} ms (0: at once), with the dossier benchmark's queries: 1-3 words, a type facet for 20 %, one
 * of his patients' dossiers for 35 %.</li>
 * </ol>
 * Each page searches his patients' dossiers (scope from the database), records the hits in the access history (durable
 * before the answer), highlights passages and counts per type. The figure is the time to the whole page on loopback.
 * BENCH_REUSE=1 keeps the filed documents of a previous run (same schema, same var folder).
 */
public final class PortalSearchBench {
    static final String SCHEMA_NAME = "portal_search";
    static final String CARDIOLOGIST = "dr.benali@hopital-demo.test";
    private static final int CARE_TEAM_EVERY = 50;

    private PortalSearchBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int docs = Integer.parseInt(args[1]);
        int users = Integer.parseInt(args[2]);
        int pagesPerUser = Integer.parseInt(args[3]);
        long intervalMillis = Long.parseLong(args[4]);
        Path work = Path.of(args[5]).toAbsolutePath();
        int warmUp = args.length > 6 ? Integer.parseInt(args[6]) : 30;
        String command = "bash bench/portal-search.sh " + docs + " " + users + " " + pagesPerUser + " " + intervalMillis
            + " " + args[5] + " " + (args.length > 6 ? args[6] : "30");
        ClinicalCorpus corpus = new ClinicalCorpus(2, Math.max(100, docs / 25), Math.max(50, docs / 500));
        Path var = work.resolve("portal-search-var");
        boolean reuse = "1".equals(System.getenv("BENCH_REUSE")) && Files.isDirectory(var.resolve("dossier-index"));
        if (reuse) {
            System.out.println("reusing the documents filed in schema bench_" + SCHEMA_NAME + " and " + var);
        } else {
            FreshDatabase.deleteTree(var);
            FreshDatabase.drop(SCHEMA_NAME);
            // A first start creates the node's tables (its own migrations) and the demo accounts.
            try (DemoNode first = DemoNode.startIn(jar, var, List.of())) {
                System.out.printf(Locale.ROOT, "empty node started in %.1f s%n", first.startSeconds);
            }
            try (HikariDataSource dataSource = schema()) {
                file(dataSource, var.resolve("dossier-index"), corpus, docs);
            }
        }
        try (DemoNode node = DemoNode.startIn(jar, var, List.of())) {
            String[] cardiologist = {node.address(2), node.password(2)};
            if (!cardiologist[0].equals(CARDIOLOGIST)) {
                throw new IllegalStateException("The demo's second account is " + cardiologist[0] + ", not " + CARDIOLOGIST);
            }
            System.out.printf(Locale.ROOT, "node started on %,d documents in %.1f s%n", docs, node.startSeconds);
            List<String> hisPatients = new ArrayList<>();
            for (int p = 0; p < corpus.patients(); p += CARE_TEAM_EVERY) {
                hisPatients.add(corpus.patient(p).ins());
            }
            List<DossierBench.BenchQuery> queries = DossierBench.queries(corpus, users * (pagesPerUser + warmUp), 11);
            ExecutorService pool = Executors.newFixedThreadPool(users);
            List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
            AtomicLong hits = new AtomicLong();
            List<Future<?>> browsing = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                int user = u;
                browsing.add(pool.submit(() -> {
                    HttpClient browser = PortalDossierBench.signedIn(node, cardiologist);
                    SplittableRandom r = new SplittableRandom(user);
                    Pacer pacer = new Pacer(intervalMillis);
                    for (int i = 0; i < pagesPerUser + warmUp; i++) {
                        DossierBench.BenchQuery query = queries.get(user * (pagesPerUser + warmUp) + i);
                        String ins = query.patients().isPresent() ? hisPatients.get(r.nextInt(hisPatients.size())) : "";
                        URI page = URI.create("https://127.0.0.1:" + node.https + "/espace/pro/recherche?q="
                            + URLEncoder.encode(query.text(), StandardCharsets.UTF_8) + "&type=" + query.type().orElse("")
                            + "&ins=" + ins);
                        pacer.await();
                        long started = System.nanoTime();
                        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(page).build(),
                            HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - started;
                        if (answer.statusCode() != 200 || !answer.body().contains("role=\"status\"")) {
                            throw new IllegalStateException("The search page answered " + answer.statusCode() + " for " + page);
                        }
                        if (i >= warmUp) {
                            nanos.add(took);
                            if (!answer.body().contains(">0 documents trouvés<")) {
                                hits.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            long started = System.nanoTime();
            for (Future<?> done : browsing) {
                done.get();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            pool.shutdown();
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            System.out.printf(Locale.ROOT, "portal-search-page-p95-ms: %.1f ms (%s, %s, PostgreSQL 15 local, the professional's"
                    + " search page (/espace/pro/recherche) over %,d generated documents (%,d patients) filed through the"
                    + " dossier bridge, the cardiologist's scope: the dossiers of %,d patients; %d signed-in users at once,"
                    + " %d pages each after %d warm-up pages (other queries: the JIT compiled, the first-access notices of his patients"
                    + " sent, as on a node that has run for a while), %s, %.0f pages/s; queries of 1-3 words, 20 %% with a type facet,"
                    + " 35 %% within one of his patients' dossiers, %.0f %% with hits; each page audited (hits recorded"
                    + " before the answer), 10 hits highlighted, counts per type; p50 %.1f ms, p99 %.1f ms; time to the"
                    + " whole page on loopback; node start on the set %.1f s; target under 100; %s)%n",
                PortalDossierBench.percentile(sorted, 0.95), LocalDate.now(), Machine.describe(), docs, corpus.patients(), hisPatients.size(),
                users, pagesPerUser, warmUp, intervalMillis == 0 ? "each asking again at once (closed loop)"
                    : "each asking for a page every " + intervalMillis + " ms", sorted.size() / seconds,
                100.0 * hits.get() / sorted.size(), PortalDossierBench.percentile(sorted, 0.50), PortalDossierBench.percentile(sorted, 0.99), node.startSeconds,
                command);
        }
    }

    private static HikariDataSource schema() {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setJdbcUrl(FreshDatabase.POSTGRES_URL + "?currentSchema=bench_" + SCHEMA_NAME + "&reWriteBatchedInserts=true");
        config.setUsername("postgres");
        config.setMaximumPoolSize(8);
        return new HikariDataSource(config);
    }

    /** Files the corpus's first {@code docs} documents through the dossier bridge, four threads. */
    private static void file(HikariDataSource dataSource, Path indexPath, ClinicalCorpus corpus, int docs) throws Exception {
        int authors = Math.max(50, docs / 500);
        DossierStore store = new DossierStore(dataSource);
        long started = System.nanoTime();
        try (LuceneDossierIndex index = LuceneDossierIndex.open(indexPath)) {
            DossierBridge bridge = new DossierBridge(store, index);
            AtomicLong next = new AtomicLong();
            int threads = 4;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (long i = next.getAndIncrement(); i < docs; i = next.getAndIncrement()) {
                        ClinicalCorpus.Document document = corpus.document(i);
                        List<String> recipients = new ArrayList<>();
                        recipients.add(corpus.author((int) ((i * 31 + 7) % authors)).mailbox());
                        if (document.patient().index() % CARE_TEAM_EVERY == 0) {
                            recipients.add(CARDIOLOGIST);
                        }
                        Filing filing = new Filing("<portal-search-" + i + "@synthetique.mssante.test>",
                            document.author().mailbox(), recipients, "document-" + i + ".xml");
                        List<AttachmentOutcome> outcomes = fileRetrying(bridge, document.cda(), filing);
                        if (outcomes.size() != 1 || outcomes.get(0).filed().isEmpty()) {
                            throw new IllegalStateException("document " + i + " not filed: " + outcomes);
                        }
                        if (i % 50_000 == 0) {
                            System.out.printf(Locale.ROOT, "filing: %,d filed after %.0f s%n", i, (System.nanoTime() - started) / 1e9);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            pool.shutdown();
            index.commit();
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM dossier_document")) {
            rows.next();
            System.out.printf(Locale.ROOT, "filing: %,d documents in the database, filed in %.0f s%n", rows.getLong(1),
                (System.nanoTime() - started) / 1e9);
        }
    }

    private static List<AttachmentOutcome> fileRetrying(DossierBridge bridge, byte[] cda, Filing filing) throws Exception {
        for (int attempt = 1; ; attempt++) {
            try {
                return bridge.fileAttachment(cda, "text/xml", filing.attachmentName(), filing);
            } catch (java.sql.SQLException e) {
                if (attempt == 3) {
                    throw e;
                }
            }
        }
    }
}
