package fr.mssnode.dossier.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.dossier.cda.CdaDocument;
import fr.mssnode.dossier.cda.CdaParser;
import fr.mssnode.dossier.cda.FilingRejected;
import fr.mssnode.fixtures.cda.CdaBuilder;
import fr.mssnode.fixtures.cda.XdmBuilder;
import fr.mssnode.dossier.xdm.XdmDocument;
import fr.mssnode.dossier.xdm.XdmReader;

/** Filing into the dossier on a real database; run once per vendor by the subclasses. */
abstract class DossierStoreContract {
    static final String INS = Ins.withComputedKey("2850575120005").matricule();
    static final String ROOT = InsOid.NIR_TEST.oid();
    static final Filing FROM_GP = new Filing("<m1@hopital-demo.test>", "dr.lefebvre@hopital-demo.test",
        List.of("dr.benali@hopital-demo.test"), "synthese.xml");

    private TestDatabase database;
    private DossierStore store;

    abstract TestDatabase newDatabase();

    @BeforeEach
    void setUp() {
        database = newDatabase().migrated();
        store = new DossierStore(database.dataSource());
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private static byte[] summary(int version, String medication, String replaces) {
        CdaBuilder builder = CdaBuilder.of("60591-5", "Synthèse médicale").title("Synthèse v" + version)
            .id("1.2.250.1.999.1.1", "vsm-" + version).version("vsm-set", version)
            .patient(ROOT, INS, "DURAND", "Camille", "19850512", "F")
            .section("48765-2", "Allergies", "Pénicilline", CdaBuilder.allergy("7980", "Pénicilline"))
            .section("10160-0", "Traitements", medication, CdaBuilder.medication("340093", medication, "1", "{cp}"));
        if (replaces != null) {
            builder.replaces(replaces);
        }
        return builder.build().getBytes(StandardCharsets.UTF_8);
    }

    private FilingResult file(byte[] cda) throws Exception {
        CdaDocument parsed = new CdaParser().parse(cda);
        return store.file(DocumentToFile.of(parsed, cda, List.of()), FROM_GP);
    }

    @Test
    void theFirstDocumentCreatesTheDossierAndFilingItAgainChangesNothing() throws Exception {
        assertThat(store.hasDossier(INS)).isFalse();
        byte[] cda = summary(1, "RAMIPRIL 5 mg", null);
        FilingResult first = file(cda);
        assertThat(first.outcome()).isEqualTo(FilingResult.Outcome.FILED);
        assertThat(first.rubric()).isEqualTo(Rubric.SUMMARY);
        assertThat(store.hasDossier(INS)).isTrue();
        assertThat(store.content(first.documentId())).isEqualTo(cda);
        FilingResult again = file(cda);
        assertThat(again.outcome()).isEqualTo(FilingResult.Outcome.ALREADY_FILED);
        assertThat(again.documentId()).isEqualTo(first.documentId());
        assertThat(store.currentDocuments(INS)).hasSize(1);
        assertThat(store.filings(first.documentId())).isEqualTo(2);
        assertThat(store.currentFacts(INS)).extracting(f -> f.fact().display()).containsExactlyInAnyOrder("Pénicilline", "RAMIPRIL 5 mg");
    }

    @Test
    void aReplacementSupersedesTheEarlierVersionWhichStaysInHistoryAndLeavesTheSynthesis() throws Exception {
        FilingResult v1 = file(summary(1, "RAMIPRIL 5 mg", null));
        FilingResult v2 = file(summary(2, "RAMIPRIL 10 mg", "vsm-1"));
        assertThat(v2.superseded()).contains("1.2.250.1.999.1.1^vsm-1");
        assertThat(store.currentDocuments(INS)).extracting(DossierStore.StoredDocument::id).containsExactly(v2.documentId());
        List<DossierStore.StoredDocument> history = store.history("1.2.250.1.999.1.1^vsm-set");
        assertThat(history).extracting(DossierStore.StoredDocument::version).containsExactly(2, 1);
        assertThat(history.get(1).supersededBy()).contains(v2.documentId());
        assertThat(history.get(1).current()).isFalse();
        assertThat(store.currentFacts(INS)).extracting(f -> f.fact().display())
            .contains("RAMIPRIL 10 mg").doesNotContain("RAMIPRIL 5 mg");
        assertThat(v1.documentId()).isNotEqualTo(v2.documentId());
    }

    @Test
    void filingsAtOnceForANewPatientFromTheSameSendersAllSucceedWithOneDossierAndEachReaderOnce() throws Exception {
        int filings = 8;
        ExecutorService pool = Executors.newFixedThreadPool(filings);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<FilingResult>> results = new ArrayList<>();
            for (int i = 0; i < filings; i++) {
                byte[] cda = CdaBuilder.of("11490-0", "Lettre de sortie").title("Lettre " + i).id("1.2.250.1.999.1.2", "ls-" + i)
                    .patient(ROOT, INS, "DURAND", "Camille", "19850512", "F").build().getBytes(StandardCharsets.UTF_8);
                DossierStore own = new DossierStore(database.dataSource()); // no memory of dossiers or readers shared
                results.add(pool.submit(() -> {
                    start.await();
                    return own.file(DocumentToFile.of(new CdaParser().parse(cda), cda, List.of()), FROM_GP);
                }));
            }
            start.countDown();
            for (Future<FilingResult> result : results) {
                assertThat(result.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(FilingResult.Outcome.FILED);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store.currentDocuments(INS)).hasSize(filings);
        List<String> readers = new JdbcTemplate(database.dataSource())
            .queryForList("SELECT reader FROM dossier_reader WHERE ins = ?", String.class, INS);
        assertThat(readers).doesNotHaveDuplicates()
            .contains(Readers.mailbox("dr.lefebvre@hopital-demo.test"), Readers.mailbox("dr.benali@hopital-demo.test"));

        // The same document sent again to someone else: not filed twice, but its new recipient joins the care.
        byte[] again = CdaBuilder.of("11490-0", "Lettre de sortie").title("Lettre 0").id("1.2.250.1.999.1.2", "ls-0")
            .patient(ROOT, INS, "DURAND", "Camille", "19850512", "F").build().getBytes(StandardCharsets.UTF_8);
        Filing toSomeoneElse = new Filing("<m2@hopital-demo.test>", "dr.lefebvre@hopital-demo.test",
            List.of("dr.roux@cabinet-demo.test"), "lettre.xml");
        assertThat(store.file(DocumentToFile.of(new CdaParser().parse(again), again, List.of()), toSomeoneElse).outcome())
            .isEqualTo(FilingResult.Outcome.ALREADY_FILED);
        assertThat(store.mayRead(INS, List.of(Readers.mailbox("dr.roux@cabinet-demo.test")))).isTrue();
        assertThat(store.mayRead(INS, List.of(Readers.mailbox("dr.inconnu@cabinet-demo.test")))).isFalse();
    }

    @Test
    void realisticDocumentsFiledAtOnceForManyPatientsAreAllFiled() throws Exception {
        fr.mssnode.fixtures.cda.RealisticCorpus corpus = new fr.mssnode.fixtures.cda.RealisticCorpus(77, 40, 10);
        int threads = 8;
        int each = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<FilingResult.Outcome>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                DossierStore own = new DossierStore(database.dataSource());
                results.add(pool.submit(() -> {
                    start.await();
                    List<FilingResult.Outcome> outcomes = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        byte[] cda = corpus.document(thread * 100L + i).bytes();
                        outcomes.add(own.file(DocumentToFile.of(new CdaParser().parse(cda), cda, List.of()), FROM_GP).outcome());
                    }
                    return outcomes;
                }));
            }
            start.countDown();
            for (Future<List<FilingResult.Outcome>> result : results) {
                assertThat(result.get(120, TimeUnit.SECONDS)).containsOnly(FilingResult.Outcome.FILED);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(new JdbcTemplate(database.dataSource()).queryForObject("SELECT COUNT(*) FROM dossier_document", Long.class))
            .isEqualTo(threads * each);
    }

    @Test
    void theSameIdentifierWithOtherContentIsRefused() throws Exception {
        file(summary(1, "RAMIPRIL 5 mg", null));
        assertThatThrownBy(() -> file(summary(1, "AUTRE", null))).isInstanceOf(FilingRejected.class)
            .hasMessageContaining("already filed with other content");
        assertThat(store.currentDocuments(INS)).hasSize(1);
    }

    @Test
    void aPdfFromAnXdmPackageIsFiledWithTheVisibilityFlagsOfItsMetadata() throws Exception {
        byte[] pdf = "%PDF-1.4 synthetic scan".getBytes(StandardCharsets.US_ASCII);
        byte[] zip = new XdmBuilder("SUBSET01", INS, ROOT, "810000000017")
            .document("DOC0001.PDF", "application/pdf", pdf, "18748-4", "Compte rendu d'imagerie", "Scanner", "N", "MASQUE_PS")
            .build();
        XdmDocument file = new XdmReader().read(zip).get(0);
        FilingResult result = store.file(DocumentToFile.of(file, DossierStore.sha256(file.content())), FROM_GP);
        assertThat(result.rubric()).isEqualTo(Rubric.IMAGING);
        DossierStore.StoredDocument stored = store.currentDocuments(INS).get(0);
        assertThat(stored.mediaType()).isEqualTo("application/pdf");
        assertThat(stored.maskedFromProfessionals()).isTrue();
        assertThat(stored.invisibleToPatient()).isFalse();
        assertThat(store.content(stored.id())).isEqualTo(pdf);
    }
}
