package fr.mssnode.dossier.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.dossier.bridge.AttachmentOutcome;
import fr.mssnode.dossier.bridge.DossierBridge;
import fr.mssnode.dossier.cda.CdaParser;
import fr.mssnode.dossier.store.DocumentToFile;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.dossier.store.Filing;
import fr.mssnode.dossier.store.Readers;
import fr.mssnode.fixtures.cda.CdaBuilder;

/** Filing through the bridge into a real database and a real Lucene index, then searching; once per vendor. */
abstract class DossierSearchContract {
    static final String CAMILLE = Ins.withComputedKey("2850575120005").matricule();
    static final String PAUL = Ins.withComputedKey("1720375120011").matricule();
    static final String ROOT = InsOid.NIR_TEST.oid();
    static final String LEFEBVRE = "810000000017";
    static final String MARTIN = "810000000025";
    static final Filing FROM_GP = new Filing("<m1@hopital-demo.test>", "dr.lefebvre@hopital-demo.test",
        List.of("dr.benali@hopital-demo.test"), "cr.xml");

    @TempDir
    Path indexDirectory;
    private TestDatabase database;
    private DossierStore store;
    private LuceneDossierIndex index;
    private DossierBridge bridge;

    abstract TestDatabase newDatabase();

    @BeforeEach
    void setUp() throws Exception {
        database = newDatabase().migrated();
        store = new DossierStore(database.dataSource());
        index = LuceneDossierIndex.open(indexDirectory);
        bridge = new DossierBridge(store, index);
    }

    @AfterEach
    void tearDown() throws Exception {
        index.close();
        database.close();
    }

    private static CdaBuilder letter(String ins, String id, String text) {
        return CdaBuilder.of("11490-0", "Lettre de liaison de sortie").title("Lettre de sortie " + id).id("1.2.250.1.999.1.1", id)
            .patient(ROOT, ins, "DURAND", "Camille", "19850512", "F")
            .section("18776-5", "Conclusion", text);
    }

    private long file(CdaBuilder cda) throws Exception {
        List<AttachmentOutcome> outcomes = bridge.fileAttachment(cda.build().getBytes(StandardCharsets.UTF_8), "text/xml",
            "cr.xml", FROM_GP);
        assertThat(outcomes).allMatch(AttachmentOutcome::isFiled);
        return outcomes.get(0).filed().get().documentId();
    }

    private static DossierQuery query(String text, Set<String> patients) {
        return new DossierQuery(text, unmaskedOnly(patients, MARTIN), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), false, 0, 10);
    }

    /** As a care team member sees them: the dossiers' documents not masked from professionals, or written by them. */
    private static SearchScope unmaskedOnly(Set<String> patients, String viewer) {
        return SearchScope.of(Set.of(), patients, Optional.of(viewer));
    }

    /** Waits for the background refresh only: a filed document must be found within a second without help. */
    private SearchPage searchWithinASecond(DossierQuery query) throws Exception {
        long deadline = System.nanoTime() + 1_000_000_000L;
        SearchPage page = index.search(query);
        while (page.total() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
            page = index.search(query);
        }
        return page;
    }

    @Test
    void aFiledDocumentIsFoundWithinASecondWithFrenchAnalysisAndHighlights() throws Exception {
        long id = file(letter(CAMILLE, "l-1", "Hématome sous-dural opéré. Les allergies à l'iode sont confirmées."));
        SearchPage page = searchWithinASecond(query("hematome", Set.of(CAMILLE)));
        assertThat(page.total()).isEqualTo(1);
        assertThat(page.hits().get(0).documentId()).isEqualTo(id);
        assertThat(page.hits().get(0).rubric()).isEqualTo("REPORTS");
        assertThat(page.hits().get(0).highlights()).anyMatch(h -> h.contains("<mark>Hématome</mark>"));
        // Plural and singular, elision, accents typed or not: the same words.
        assertThat(index.search(query("allergie iode", Set.of(CAMILLE))).total()).isEqualTo(1);
        assertThat(index.search(query("CONFIRMÉE", Set.of(CAMILLE))).total()).isEqualTo(1);
        assertThat(index.search(query("\"sous-dural opere\"", Set.of(CAMILLE))).total()).isEqualTo(1);
        assertThat(index.search(query("fracture", Set.of(CAMILLE))).total()).isZero();
        // What a user types never breaks the search.
        assertThat(index.search(query("((hématome\" AND -", Set.of(CAMILLE))).total()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void filtersFacetsAndTheReadersDossiersLimitTheResults() throws Exception {
        file(letter(CAMILLE, "l-1", "Pneumopathie traitée").effectiveTime("20250110"));
        file(CdaBuilder.of("11502-2", "Compte rendu d'examens biologiques").title("Bilan biologique").id("1.2.250.1.999.1.1", "b-1")
            .patient(ROOT, CAMILLE, "DURAND", "Camille", "19850512", "F").effectiveTime("20260301")
            .author(MARTIN, "Paul", "MARTIN").section("30954-2", "Résultats", "Pneumopathie: CRP élevée"));
        file(letter(PAUL, "l-2", "Pneumopathie chez un autre patient"));
        index.refresh();

        SearchPage both = index.search(query("pneumopathie", Set.of(CAMILLE)));
        assertThat(both.total()).isEqualTo(2);
        assertThat(both.countByType()).containsEntry("11490-0", 1L).containsEntry("11502-2", 1L);
        assertThat(index.search(query("pneumopathie", Set.of(CAMILLE, PAUL))).total()).isEqualTo(3);
        assertThat(index.search(query("pneumopathie", Set.of())).total()).isZero();

        DossierQuery byType = new DossierQuery("pneumopathie", unmaskedOnly(Set.of(CAMILLE), MARTIN), Optional.of("11502-2"),
            Optional.empty(), Optional.empty(), Optional.empty(), false, 0, 10);
        assertThat(index.search(byType).hits()).extracting(SearchPage.Hit::title).containsExactly("Bilan biologique");
        DossierQuery byAuthor = new DossierQuery("", unmaskedOnly(Set.of(CAMILLE), MARTIN), Optional.empty(), Optional.of(LEFEBVRE),
            Optional.empty(), Optional.empty(), false, 0, 10);
        assertThat(index.search(byAuthor).hits()).extracting(SearchPage.Hit::title).containsExactly("Lettre de sortie l-1");
        DossierQuery in2026 = new DossierQuery("", unmaskedOnly(Set.of(CAMILLE), MARTIN), Optional.empty(), Optional.empty(),
            Optional.of(LocalDate.of(2026, 1, 1)), Optional.of(LocalDate.of(2026, 12, 31)), false, 0, 10);
        SearchPage page2026 = index.search(in2026);
        assertThat(page2026.hits()).extracting(SearchPage.Hit::title).containsExactly("Bilan biologique");
        assertThat(page2026.hits().get(0).date()).contains(LocalDate.of(2026, 3, 1));
        DossierQuery secondPage = new DossierQuery("pneumopathie", unmaskedOnly(Set.of(CAMILLE), MARTIN), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), false, 1, 1);
        SearchPage second = index.search(secondPage);
        assertThat(second.total()).isEqualTo(2);
        assertThat(second.hits()).hasSize(1);

        assertThat(store.readableDossiers(List.of(Readers.mailbox("DR.Benali@hopital-demo.test")))).containsExactlyInAnyOrder(CAMILLE, PAUL);
        assertThat(store.readableDossiers(List.of(Readers.professional(MARTIN)))).containsExactly(CAMILLE);
        assertThat(store.mayRead(PAUL, List.of(Readers.professional(MARTIN)))).isFalse();
        assertThat(store.mayRead(PAUL, List.of(Readers.mailbox("dr.lefebvre@hopital-demo.test")))).isTrue();
    }

    @Test
    void aReplacementLeavesTheDefaultSearchAndAMaskedDocumentIsSeenByItsAuthorOnly() throws Exception {
        long v1 = file(letter(CAMILLE, "v-1", "Diabète de type 2 déséquilibré").version("set-1", 1));
        long v2 = file(letter(CAMILLE, "v-2", "Diabète de type 2 équilibré").version("set-1", 2).replaces("v-1"));
        file(letter(CAMILLE, "m-1", "Diabète: consultation de psychiatrie").confidentiality("R").author(LEFEBVRE, "Sophie", "LEFEBVRE"));
        index.refresh();
        assertThat(index.search(query("diabete", Set.of(CAMILLE))).hits()).extracting(SearchPage.Hit::documentId)
            .contains(v2).doesNotContain(v1);
        DossierQuery withHistory = new DossierQuery("diabete", unmaskedOnly(Set.of(CAMILLE), MARTIN), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty(), true, 0, 10);
        assertThat(index.search(withHistory).hits()).extracting(SearchPage.Hit::documentId).contains(v1, v2);

        // The masked flag comes from XDM metadata; set it here through the store's index entry to test the rule.
        long masked = store.currentDocuments(CAMILLE).stream().filter(d -> d.title().endsWith("m-1")).findFirst().orElseThrow().id();
        index.setMasked(masked, true);
        index.refresh();
        assertThat(index.search(query("psychiatrie", Set.of(CAMILLE))).total()).isZero();
        DossierQuery byItsAuthor = new DossierQuery("psychiatrie", unmaskedOnly(Set.of(CAMILLE), LEFEBVRE), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), false, 0, 10);
        assertThat(index.search(byItsAuthor).total()).isEqualTo(1);
    }

    @Test
    void aDocumentThatCannotBeFiledIsKeptForTheOperatorWithItsReason() throws Exception {
        byte[] noIns = letter(null, "x-1", "Sans identifiant").build().getBytes(StandardCharsets.UTF_8);
        List<AttachmentOutcome> outcomes = bridge.fileAttachment(noIns, "text/xml", "sans-ins.xml", FROM_GP);
        assertThat(outcomes).singleElement().matches(o -> !o.isFiled());
        DossierStore.Refusal refusal = store.refusals(10).get(0);
        assertThat(refusal.attachment()).isEqualTo("sans-ins.xml");
        assertThat(refusal.reasonCode()).isEqualTo(outcomes.get(0).refused().get().reason().code());
        assertThat(refusal.sender()).isEqualTo("dr.lefebvre@hopital-demo.test");
        assertThat(refusal.messageId()).isEqualTo("<m1@hopital-demo.test>");
        assertThat(refusal.contentKept()).isTrue();
        assertThat(store.refusedContent(refusal.id())).contains(noIns);
    }

    @Test
    void theRepairAtStartMakesTheIndexAgreeWithTheDatabaseAfterACrash() throws Exception {
        long indexed = file(letter(CAMILLE, "c-1", "Insuffisance cardiaque").version("set-c", 1));
        // A crash between the database commit and the index: filed in the database only.
        byte[] v2 = letter(CAMILLE, "c-2", "Insuffisance cardiaque stabilisée").version("set-c", 2).replaces("c-1").build()
            .getBytes(StandardCharsets.UTF_8);
        long notIndexed = store.file(DocumentToFile.of(new CdaParser().parse(v2), v2, List.of()), FROM_GP).documentId();
        // And an entry the database does not have (an index restored from elsewhere).
        index.add(new IndexEntry(999_999, CAMILLE, "11490-0", "", "REPORTS", Optional.empty(), "", Optional.empty(),
            java.time.Instant.now(), "Fantôme", "insuffisance", true, false));
        index.commit();
        index.close();

        index = LuceneDossierIndex.open(indexDirectory); // the node's next start
        IndexRepair.Report report = new IndexRepair(store, index).repair();
        assertThat(report.added()).isEqualTo(1);
        assertThat(report.removed()).isEqualTo(1);
        assertThat(report.currentFixed()).isEqualTo(1);
        assertThat(index.search(query("insuffisance", Set.of(CAMILLE))).hits()).extracting(SearchPage.Hit::documentId)
            .containsExactly(notIndexed);
        assertThat(new IndexRepair(store, index).repair().changedAnything()).isFalse();

        assertThat(new IndexRepair(store, index).rebuild()).isEqualTo(2);
        assertThat(index.search(query("insuffisance", Set.of(CAMILLE))).hits()).extracting(SearchPage.Hit::documentId)
            .containsExactly(notIndexed);
        assertThat(indexed).isNotEqualTo(notIndexed);
    }
}
