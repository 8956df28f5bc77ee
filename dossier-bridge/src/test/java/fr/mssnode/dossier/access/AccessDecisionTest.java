package fr.mssnode.dossier.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import fr.mssnode.dossier.store.DossierStore.StoredDocument;
import fr.mssnode.dossier.store.Rubric;

/**
 * The rules themselves, as a table: each kind of reader against each kind of document (as filed, masked from
 * professionals by its metadata or by the patient, not yet visible to the patient, released by its author, one month
 * old), and each refusal with its reason.
 */
class AccessDecisionTest {
    static final String INS = "285057512000579";
    static final String AUTHOR = "810000000017";
    static final String DOCTOR = "810000000025";
    static final String OTHER = "810000000033";
    static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");
    static final PatientRelease RULES = PatientRelease.rules();

    enum Doc { PLAIN, MASKED_BY_METADATA, MASKED_BY_PATIENT, UNMASKED_BY_PATIENT, INVISIBLE, RELEASED, INVISIBLE_MONTH_OLD }

    static StoredDocument document(Doc kind) {
        boolean masked = kind == Doc.MASKED_BY_METADATA || kind == Doc.UNMASKED_BY_PATIENT;
        Optional<Boolean> patientMasking = kind == Doc.MASKED_BY_PATIENT ? Optional.of(true)
            : kind == Doc.UNMASKED_BY_PATIENT ? Optional.of(false) : Optional.empty();
        boolean invisible = kind == Doc.INVISIBLE || kind == Doc.RELEASED || kind == Doc.INVISIBLE_MONTH_OLD;
        Instant filed = kind == Doc.INVISIBLE_MONTH_OLD ? NOW.minus(Duration.ofDays(32)) : NOW.minus(Duration.ofDays(1));
        Optional<Instant> released = kind == Doc.RELEASED ? Optional.of(NOW.minusSeconds(60)) : Optional.empty();
        return new StoredDocument(kind.ordinal() + 1, INS, "uid-" + kind, "set-" + kind, 1, true, Rubric.REPORTS, "11490-0", "",
            "Lettre " + kind, Optional.empty(), Optional.of(AUTHOR), "Dr Auteur", "text/xml", "0", 1, filed, masked, invisible,
            Optional.empty(), patientMasking, released);
    }

    static Viewer professional(String nationalId) {
        return new Viewer(Viewer.Kind.PROFESSIONAL, "dr." + nationalId + "@hopital.test", Optional.of(nationalId), "Dr " + nationalId,
            true, Optional.empty());
    }

    static final Viewer PATIENT = new Viewer(Viewer.Kind.PATIENT, INS + "@patient.hopital.test", Optional.empty(), "Mme Durand",
        false, Optional.of(INS));
    static final Viewer OTHER_PATIENT = new Viewer(Viewer.Kind.PATIENT, "185057512000533@patient.hopital.test", Optional.empty(),
        "M. Autre", false, Optional.of("185057512000533"));
    static final Viewer SECRETARIAT = new Viewer(Viewer.Kind.ORGANISATION, "secretariat@hopital.test", Optional.empty(),
        "Secrétariat", false, Optional.empty());

    static DossierRelation relation(boolean treating, boolean care, boolean authorised, boolean blocked, Optional<Instant> emergency) {
        return new DossierRelation(treating, care, authorised, blocked, false, emergency);
    }

    static final DossierRelation NONE = DossierRelation.none();
    static final DossierRelation TREATING = relation(true, false, false, false, Optional.empty());
    static final DossierRelation TREATING_BLOCKED = relation(true, true, false, true, Optional.empty());
    static final DossierRelation CARE = relation(false, true, false, false, Optional.empty());
    static final DossierRelation AUTHORISED = relation(false, false, true, false, Optional.empty());
    static final DossierRelation CARE_BLOCKED = relation(false, true, false, true, Optional.empty());
    static final DossierRelation EMERGENCY = relation(false, false, false, false, Optional.of(NOW.plus(Duration.ofHours(3))));
    static final DossierRelation EMERGENCY_ENDED = relation(false, false, false, false, Optional.of(NOW.minusSeconds(1)));

    /** Who, bound how, sees which documents, on which ground (null: refused, with that reason). */
    static Stream<Arguments> matrix() {
        List<Doc> all = List.of(Doc.values());
        List<Doc> unmasked = List.of(Doc.PLAIN, Doc.UNMASKED_BY_PATIENT, Doc.INVISIBLE, Doc.RELEASED, Doc.INVISIBLE_MONTH_OLD);
        List<Doc> patientSees = List.of(Doc.PLAIN, Doc.MASKED_BY_METADATA, Doc.MASKED_BY_PATIENT, Doc.UNMASKED_BY_PATIENT,
            Doc.RELEASED, Doc.INVISIBLE_MONTH_OLD);
        return Stream.of(
            Arguments.of("patient", PATIENT, NONE, Ground.PATIENT, patientSees, null),
            Arguments.of("another patient", OTHER_PATIENT, NONE, null, List.of(), AccessRefused.Reason.NOT_YOUR_DOSSIER),
            Arguments.of("treating doctor", professional(DOCTOR), TREATING, Ground.TREATING_DOCTOR, all, null),
            Arguments.of("treating doctor, blocked", professional(DOCTOR), TREATING_BLOCKED, Ground.TREATING_DOCTOR, all, null),
            Arguments.of("author in the care team", professional(AUTHOR), CARE, Ground.CARE_TEAM, all, null),
            Arguments.of("care team", professional(OTHER), CARE, Ground.CARE_TEAM, unmasked, null),
            Arguments.of("organisation mailbox in the care team", SECRETARIAT, CARE, Ground.CARE_TEAM, unmasked, null),
            Arguments.of("authorised", professional(OTHER), AUTHORISED, Ground.AUTHORISED, unmasked, null),
            Arguments.of("emergency access", professional(OTHER), EMERGENCY, Ground.BREAK_GLASS, unmasked, null),
            Arguments.of("blocked", professional(OTHER), CARE_BLOCKED, null, List.of(), AccessRefused.Reason.BLOCKED),
            Arguments.of("author, blocked", professional(AUTHOR), CARE_BLOCKED, null, List.of(), AccessRefused.Reason.BLOCKED),
            Arguments.of("emergency access ended", professional(OTHER), EMERGENCY_ENDED, null, List.of(),
                AccessRefused.Reason.EMERGENCY_ACCESS_ENDED),
            Arguments.of("no relation", professional(OTHER), NONE, null, List.of(), AccessRefused.Reason.NOT_IN_CARE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("matrix")
    void eachReaderSeesWhatTheRulesSay(String who, Viewer viewer, DossierRelation relation, Ground ground, List<Doc> sees,
                                      AccessRefused.Reason refusal) {
        AccessDecision decision = AccessDecision.decide(viewer, INS, relation, NOW, RULES);
        assertThat(decision.ground()).isEqualTo(Optional.ofNullable(ground));
        assertThat(decision.refusal().map(AccessRefused::reason)).isEqualTo(Optional.ofNullable(refusal));
        decision.refusal().ifPresent(r -> assertThat(r.getMessage()).endsWith("."));
        for (Doc kind : Doc.values()) {
            assertThat(decision.sees(document(kind))).as(who + " sees " + kind).isEqualTo(sees.contains(kind));
        }
        if (viewer.nationalId().equals(Optional.of(AUTHOR)) && decision.granted() && ground != Ground.TREATING_DOCTOR) {
            assertThat(decision.ground(document(Doc.MASKED_BY_METADATA))).contains(Ground.AUTHOR);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("emergencies")
    void breakTheGlassIsForActiveProfessionalsOtherwiseRefused(String who, Viewer viewer, DossierRelation relation,
                                                               AccessRefused.Reason refusal) {
        assertThat(AccessDecision.emergencyAccessRefusal(viewer, relation, NOW).map(AccessRefused::reason))
            .isEqualTo(Optional.ofNullable(refusal));
    }

    static Stream<Arguments> emergencies() {
        Viewer inactive = new Viewer(Viewer.Kind.PROFESSIONAL, "dr.retraite@hopital.test", Optional.of(OTHER), "Dr Retraité",
            false, Optional.empty());
        return Stream.of(
            Arguments.of("a stranger", professional(OTHER), NONE, null),
            Arguments.of("once the last one ended", professional(OTHER), EMERGENCY_ENDED, null),
            Arguments.of("patient opposed", professional(OTHER), new DossierRelation(false, false, false, false, true,
                Optional.empty()), AccessRefused.Reason.EMERGENCY_ACCESS_OPPOSED),
            Arguments.of("blocked", professional(OTHER), CARE_BLOCKED, AccessRefused.Reason.BLOCKED),
            Arguments.of("care team already", professional(OTHER), CARE, AccessRefused.Reason.ALREADY_GRANTED),
            Arguments.of("treating doctor already", professional(DOCTOR), TREATING, AccessRefused.Reason.ALREADY_GRANTED),
            Arguments.of("emergency access still open", professional(OTHER), EMERGENCY, AccessRefused.Reason.ALREADY_GRANTED),
            Arguments.of("no longer active", inactive, NONE, AccessRefused.Reason.NOT_AN_ACTIVE_PROFESSIONAL),
            Arguments.of("an organisation mailbox", SECRETARIAT, NONE, AccessRefused.Reason.NOT_AN_ACTIVE_PROFESSIONAL),
            Arguments.of("a patient", PATIENT, NONE, AccessRefused.Reason.NOT_AN_ACTIVE_PROFESSIONAL));
    }

    @org.junit.jupiter.api.Test
    void aDocumentNotYetVisibleToThePatientIsReleasedAtOneCalendarMonthAndTheReminderComesAtTwoWeeks() {
        Instant filed = Instant.parse("2026-01-31T09:00:00Z");
        assertThat(RULES.releaseDue(filed)).isEqualTo(Instant.parse("2026-02-28T09:00:00Z"));
        assertThat(RULES.reminderDue(filed)).isEqualTo(Instant.parse("2026-02-14T09:00:00Z"));
        PatientRelease quick = new PatientRelease(Optional.of(Duration.ofSeconds(30)), Duration.ofHours(1));
        assertThat(quick.reminderDue(filed)).as("never after the release").isEqualTo(filed.plusSeconds(30));
    }
}
