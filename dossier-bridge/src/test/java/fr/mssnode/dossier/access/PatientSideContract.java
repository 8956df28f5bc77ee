package fr.mssnode.dossier.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.DirectoryAdmin;
import fr.mssnode.directory.DirectorySearch;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;
import fr.mssnode.directory.JdbcDirectory;
import fr.mssnode.directory.Patient;
import fr.mssnode.directory.Patients;
import fr.mssnode.directory.extract.DirectoryImporter;
import fr.mssnode.directory.extract.SmallListing;
import fr.mssnode.directory.testing.MovableClock;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.dossier.audit.AuditEntry;
import fr.mssnode.dossier.audit.AuditLog;
import fr.mssnode.dossier.bridge.AttachmentOutcome;
import fr.mssnode.dossier.bridge.DossierBridge;
import fr.mssnode.dossier.inbox.Letter;
import fr.mssnode.dossier.inbox.PatientCopies;
import fr.mssnode.dossier.inbox.PatientNotices;
import fr.mssnode.dossier.index.DossierQuery;
import fr.mssnode.dossier.index.LuceneDossierIndex;
import fr.mssnode.dossier.index.SearchScope;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.dossier.store.Filing;
import fr.mssnode.fixtures.cda.CdaBuilder;
import fr.mssnode.fixtures.cda.RealisticCorpus;
import fr.mssnode.fixtures.cda.XdmBuilder;

/**
 * The patient's side of the dossier on a real database and index, with the clock moved forward: copies once per
 * version, a document not yet visible to the patient held until its author releases it or a calendar month has
 * passed (the patient told at two weeks), masking that follows every version and the search index, and the search
 * scope each ground gives. The letters are collected where the node would queue them. Once per vendor.
 */
abstract class PatientSideContract {
    static final String DOMAIN = "hopital-demo.test";
    static final String INS = Ins.withComputedKey("2850575120005").matricule();
    static final String ROOT = InsOid.NIR_TEST.oid();
    static final String GP = "dr.lefebvre@" + DOMAIN;
    static final String GP_ID = "810000000017";
    static final String CARDIO = "dr.benali@" + DOMAIN;
    static final String CARDIO_ID = "810000000025";
    static final String URGENTIST = "dr.moreau@" + DOMAIN;
    static final String URGENTIST_ID = "810000000033";
    static final Filing GP_TO_CARDIO = new Filing("<m1@" + DOMAIN + ">", GP, List.of(CARDIO), "lettre.xml");

    private TestDatabase database;
    private LuceneDossierIndex index;
    private DossierStore store;
    private DossierBridge bridge;
    private PatientCopies copies;
    private DossierAccess access;
    private PatientPrivacy privacy;
    private AuditLog audit;
    private final MovableClock clock = new MovableClock(Instant.now());
    private final List<Letter> sent = new ArrayList<>();

    abstract TestDatabase newDatabase();

    @BeforeEach
    void open(@TempDir Path folder) throws Exception {
        database = newDatabase().migrated();
        JdbcDirectory directory = new JdbcDirectory(database.dataSource(), Set.of(DOMAIN, "patient." + DOMAIN));
        DirectoryAdmin admin = new DirectoryAdmin(database.dataSource(), directory);
        admin.createAccount(INS + "@patient." + DOMAIN, AccountKind.PATIENT, "Mme Camille Durand", "Tulipe-Verte-2031");
        SmallListing.importAll(new DirectoryImporter(database.dataSource()), folder.resolve("listing"), List.of(
            SmallListing.Entry.professional(GP, GP_ID, "Sophie", "LEFEBVRE", "10", "Médecin", "Médecine générale", "Cabinet",
                "75011", "PARIS"),
            SmallListing.Entry.professional(CARDIO, CARDIO_ID, "Karim", "BENALI", "10", "Médecin", "Cardiologie", "Hôpital",
                "69003", "LYON"),
            SmallListing.Entry.professional(URGENTIST, URGENTIST_ID, "Julien", "MOREAU", "10", "Médecin", "Médecine d'urgence",
                "Hôpital", "69003", "LYON")));
        Patients patients = new Patients(database.dataSource(), directory);
        patients.register(new Patient(new Ins(INS), InsOid.NIR_TEST, "DURAND", "Camille", Optional.empty(),
            java.time.LocalDate.of(1985, 5, 12), "F", Optional.of(INS + "@patient." + DOMAIN), Optional.of(GP_ID)));
        index = LuceneDossierIndex.open(folder.resolve("index"));
        store = new DossierStore(database.dataSource());
        bridge = new DossierBridge(store, index);
        PatientRelease release = PatientRelease.rules();
        PatientNotices notices = new PatientNotices(directory, new DirectorySearch(database.dataSource()), patients,
            "patient." + DOMAIN);
        copies = new PatientCopies(database.dataSource(), store, notices, release);
        AccessStore accessStore = new AccessStore(database.dataSource());
        audit = new AuditLog(database.dataSource());
        AccessHistory history = new AccessHistory(audit);
        AccessRules rules = new AccessRules(store, accessStore, patients, clock, release);
        access = new DossierAccess(store, index, rules, accessStore, history, notices, copies, sent::add);
        privacy = new PatientPrivacy(store, index, accessStore, history, rules, directory);
    }

    @AfterEach
    void close() throws Exception {
        audit.close();
        index.close();
        database.close();
    }

    static Viewer professional(String address, String nationalId) {
        return new Viewer(Viewer.Kind.PROFESSIONAL, address, Optional.of(nationalId), "Dr " + address, true, Optional.empty());
    }

    static final Viewer PATIENT = new Viewer(Viewer.Kind.PATIENT, INS + "@patient." + DOMAIN, Optional.empty(),
        "Mme Camille Durand", false, Optional.of(INS));

    private long file(byte[] bytes, String mediaType) throws Exception {
        List<AttachmentOutcome> outcomes = bridge.fileAttachment(bytes, mediaType, "document", GP_TO_CARDIO);
        assertThat(outcomes).allMatch(AttachmentOutcome::isFiled);
        index.refresh(); // searchable now, not within the second the background allows
        return outcomes.get(0).filed().get().documentId();
    }

    private static byte[] letter(String id, String word, int version, String replaces) {
        CdaBuilder cda = CdaBuilder.of("11490-0", "Lettre de liaison").title("Lettre " + word).id("1.2.250.1.999.1.1", id)
            .version("set-" + word, version).author(GP_ID, "Sophie", "LEFEBVRE").effectiveTime("20260130")
            .patient(ROOT, INS, "DURAND", "Camille", "19850512", "F")
            .section("18776-5", "Conclusion", "Observation " + word + " du service.");
        if (replaces != null) {
            cda.replaces(replaces);
        }
        return cda.build().getBytes(StandardCharsets.UTF_8);
    }

    /** An XDM package as hospital software sends it, the document flagged not yet visible to the patient. */
    private static byte[] invisibleToPatient(String id) {
        byte[] cda = CdaBuilder.of("11502-2", "Compte rendu d'examens biologiques").title("Résultats d'anatomopathologie")
            .id("1.2.250.1.999.1.1", id).author(GP_ID, "Sophie", "LEFEBVRE").patient(ROOT, INS, "DURAND", "Camille", "19850512", "F")
            .nonXmlBody("application/pdf", RealisticCorpus.pdf(7, 120 * 1024)).build().getBytes(StandardCharsets.UTF_8);
        return new XdmBuilder("SUBSET01", INS, ROOT, GP_ID).document("DOC0001.XML", "text/xml", cda, "11502-2",
            "Compte rendu d'examens biologiques", "Résultats", "N", "INVISIBLE_PATIENT").build();
    }

    @Test
    void aCopyGoesOncePerVersionWithItsRenderingAndTheOriginal() throws Exception {
        byte[] original = letter("copy-1", "alpha", 1, null);
        long id = file(original, "text/xml");
        List<PatientCopies.Outgoing> first = copies.forFiled(List.of(new PatientCopies.Filed(id, INS)), "mail-1", clock.instant());
        assertThat(first).hasSize(1);
        Letter copy = first.get(0).letter();
        assertThat(copy.to()).containsExactly(INS + "@patient." + DOMAIN);
        assertThat(copy.subject()).contains("Lettre alpha");
        assertThat(copy.text()).contains("LEFEBVRE").contains("30/01/2026");
        assertThat(copy.attachments()).hasSize(2);
        assertThat(new String(copy.attachments().get(0).content(), StandardCharsets.UTF_8)).contains("<h1>Lettre alpha</h1>");
        assertThat(copy.attachments().get(1).content()).isEqualTo(original);
        // The same delivery again (the spool after a crash, before the copy was marked sent) sends it again...
        assertThat(copies.forFiled(List.of(new PatientCopies.Filed(id, INS)), "mail-1", clock.instant())).hasSize(1);
        // ...another delivery of the same document (another recipient, the letter sent again) does not.
        assertThat(copies.forFiled(List.of(new PatientCopies.Filed(id, INS)), "mail-2", clock.instant())).isEmpty();
        copies.sent(first.get(0), clock.instant());
        assertThat(copies.forFiled(List.of(new PatientCopies.Filed(id, INS)), "mail-1", clock.instant())).isEmpty();
        // A new version is a new copy.
        long v2 = file(letter("copy-2", "alpha", 2, "copy-1"), "text/xml");
        assertThat(copies.forFiled(List.of(new PatientCopies.Filed(v2, INS)), "mail-3", clock.instant())).hasSize(1);
    }

    @Test
    void aDocumentNotYetVisibleIsHeldTheReminderComesAtTwoWeeksAndTheCopyAtOneMonth() throws Exception {
        long id = file(invisibleToPatient("held-1"), "application/zip");
        assertThat(copies.forFiled(List.of(new PatientCopies.Filed(id, INS)), "mail-1", clock.instant())).as("held").isEmpty();
        assertThat(access.ownDossier(PATIENT).documents()).isEmpty();
        assertThatThrownBy(() -> access.document(PATIENT, INS, id, DossierAction.DOCUMENT)).isInstanceOf(NotFound.class);
        assertThat(copies.due(clock.instant())).isEmpty();

        Instant filedAt = store.document(id).orElseThrow().filedAt();
        Instant oneMonthLater = filedAt.atZone(ZoneId.of("Europe/Paris")).plusMonths(1).toInstant();
        clock.advance(Duration.ofDays(14).plusMinutes(1));
        List<PatientCopies.Outgoing> reminder = copies.due(clock.instant());
        String day = java.time.format.DateTimeFormatter.ofPattern("d MMMM yyyy", java.util.Locale.FRENCH)
            .withZone(ZoneId.of("Europe/Paris")).format(oneMonthLater);
        assertThat(reminder).singleElement().satisfies(r -> {
            assertThat(r.reminder()).isTrue();
            assertThat(r.letter().subject()).isEqualTo("Un document vous concernant est en attente");
            assertThat(r.letter().text()).contains("consultation d'annonce").contains(day).doesNotContain("anatomopathologie");
        });
        reminder.forEach(r -> copies.sent(r, clock.instant()));
        assertThat(copies.due(clock.instant())).as("told once").isEmpty();

        assertThat(access.ownDossier(PATIENT).documents()).as("not before the month is over").isEmpty();
        clock.advance(Duration.between(clock.instant(), oneMonthLater).plusMinutes(1));
        assertThat(access.ownDossier(PATIENT).documents()).extracting(DossierStore.StoredDocument::id).containsExactly(id);
        List<PatientCopies.Outgoing> released = copies.due(clock.instant());
        assertThat(released).singleElement().satisfies(c -> assertThat(c.letter().subject()).contains("anatomopathologie"));
        released.forEach(c -> copies.sent(c, clock.instant()));
        assertThat(copies.due(clock.instant())).isEmpty();
    }

    @Test
    void theAuthorReleasesADocumentAndItsCopyGoesAtOnce() throws Exception {
        long id = file(invisibleToPatient("held-2"), "application/zip");
        copies.forFiled(List.of(new PatientCopies.Filed(id, INS)), "mail-1", clock.instant());
        assertThatThrownBy(() -> access.release(professional(CARDIO, CARDIO_ID), INS, id)).isInstanceOf(AccessRefused.class)
            .hasMessageContaining("author");
        access.release(professional(GP, GP_ID), INS, id);
        assertThat(sent).singleElement().satisfies(c -> assertThat(c.subject()).contains("anatomopathologie"));
        assertThat(access.document(PATIENT, INS, id, DossierAction.DOCUMENT).ground()).isEqualTo(Ground.PATIENT);
        assertThat(audit.ofDossier(INS, 0, 10)).extracting(AuditEntry::action).contains("release");
    }

    private long found(Viewer viewer, String words) throws Exception {
        DossierQuery query = new DossierQuery(words, SearchScope.of(Set.of(), Set.of(), Optional.empty()), Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.empty(), true, 0, 10);
        return access.search(viewer, query, Optional.empty()).page().total();
    }

    @Test
    void thePatientsMaskingHoldsForEveryVersionInTheDossierAndInSearch() throws Exception {
        Viewer cardio = professional(CARDIO, CARDIO_ID);
        Viewer doctor = professional(GP, GP_ID);
        long v1 = file(letter("mask-1", "bravo", 1, null), "text/xml");
        assertThat(found(cardio, "bravo")).isEqualTo(1);
        privacy.mask(PATIENT, v1, true);
        assertThat(found(cardio, "bravo")).isZero();
        long v2 = file(letter("mask-2", "bravo", 2, "mask-1"), "text/xml");
        assertThat(store.document(v2).orElseThrow().masked()).as("a new version of a masked document is masked").isTrue();
        assertThat(found(cardio, "bravo")).as("neither version, history included").isZero();
        assertThat(access.dossier(cardio, INS).documents()).isEmpty();
        assertThat(found(doctor, "bravo")).as("the treating doctor, who wrote them too").isEqualTo(2);
        privacy.mask(PATIENT, v2, false);
        assertThat(found(cardio, "bravo")).isEqualTo(2);
        assertThat(audit.ofDossier(INS, 0, 50)).extracting(AuditEntry::action).contains("mask", "unmask");
    }

    @Test
    void theSearchScopeFollowsBlocksAuthorisationsAndEmergencyAccess() throws Exception {
        Viewer cardio = professional(CARDIO, CARDIO_ID);
        Viewer urgentist = professional(URGENTIST, URGENTIST_ID);
        file(letter("scope-1", "charlie", 1, null), "text/xml");
        assertThat(found(cardio, "charlie")).isEqualTo(1);
        assertThat(found(urgentist, "charlie")).isZero();
        privacy.block(PATIENT, CARDIO_ID);
        assertThat(found(cardio, "charlie")).isZero();
        assertThatThrownBy(() -> access.dossier(cardio, INS)).isInstanceOf(AccessRefused.class)
            .hasMessage("The patient has blocked your access to their dossier.");
        privacy.authorise(PATIENT, URGENTIST_ID);
        assertThat(found(urgentist, "charlie")).isEqualTo(1);
        privacy.revokeAuthorisation(PATIENT, URGENTIST_ID);
        assertThat(found(urgentist, "charlie")).isZero();

        access.breakGlass(urgentist, INS, "Patiente inconsciente aux urgences");
        assertThat(found(urgentist, "charlie")).isEqualTo(1);
        assertThat(sent).extracting(Letter::subject).contains("Accès en urgence à votre dossier médical",
            "Accès en urgence au dossier de votre patient DURAND Camille");
        clock.advance(Duration.ofHours(4).plusSeconds(1));
        assertThat(found(urgentist, "charlie")).isZero();
        assertThatThrownBy(() -> access.dossier(urgentist, INS)).isInstanceOf(AccessRefused.class)
            .hasMessageContaining("ended");

        privacy.setEmergencyAccess(PATIENT, false);
        assertThatThrownBy(() -> access.breakGlass(urgentist, INS, "Nouvelle admission aux urgences"))
            .isInstanceOf(AccessRefused.class).hasMessageContaining("opposed");
        assertThatThrownBy(() -> access.breakGlass(urgentist, INS, "court")).isInstanceOf(InvalidRequest.class);
        List<AuditEntry> history = audit.ofDossier(INS, 0, 100);
        assertThat(history).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("break-glass");
            assertThat(e.outcome()).isEqualTo("refused");
        });
        assertThat(history).anySatisfy(e -> {
            assertThat(e.action()).isEqualTo("dossier");
            assertThat(e.outcome()).isEqualTo("refused");
            assertThat(e.reason()).hasValueSatisfying(r -> assertThat(r).startsWith("blocked"));
        });
        assertThat(new JdbcTemplate(database.dataSource()).queryForObject("SELECT COUNT(*) FROM dossier_break_glass"
            + " WHERE expires_at < ?", Integer.class, Timestamp.from(clock.instant()))).isEqualTo(1);
        assertThat(audit.verify().intact()).isTrue();
    }
}
