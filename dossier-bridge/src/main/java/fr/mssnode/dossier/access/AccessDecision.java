package fr.mssnode.dossier.access;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

import fr.mssnode.dossier.store.DossierStore.StoredDocument;

/**
 * May this person read this dossier, and each of its documents, and on which ground. The one place where the
 * rules are (Code de la santé publique L1111-15 to 19, R1111-46 to 53); every read path asks it.
 *
 * <ul>
 * <li>The <b>patient</b> reads their own dossier, except documents not yet visible to them (INVISIBLE_PATIENT),
 * until their author releases them or one month has passed ({@link PatientRelease}).</li>
 * <li>Their <b>treating doctor</b> reads everything, masked documents included, even if blocked.</li>
 * <li>A professional the patient <b>blocked</b> reads nothing (unless treating doctor), not even by
 * break-the-glass.</li>
 * <li>The <b>author</b> of a document reads it, masked or not.</li>
 * <li>The <b>care team</b> (wrote, sent or received a document for the patient), professionals the patient
 * <b>authorised</b>, and an emergency access (<b>break-the-glass</b>, 4 hours) read everything but documents
 * masked from professionals.</li>
 * </ul>
 */
public final class AccessDecision {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneId.of("UTC"));

    private final Viewer viewer;
    private final String ins;
    private final Optional<Ground> ground;
    private final Optional<AccessRefused> refusal;
    private final Optional<Instant> until;
    private final Instant now;
    private final PatientRelease release;

    private AccessDecision(Viewer viewer, String ins, Optional<Ground> ground, Optional<AccessRefused> refusal,
                           Optional<Instant> until, Instant now, PatientRelease release) {
        this.viewer = viewer;
        this.ins = ins;
        this.ground = ground;
        this.refusal = refusal;
        this.until = until;
        this.now = now;
        this.release = release;
    }

    /** The decision for a viewer and a patient's dossier, from what binds them ({@code relation}) at {@code now}. */
    public static AccessDecision decide(Viewer viewer, String ins, DossierRelation relation, Instant now,
                                        PatientRelease release) {
        if (viewer.isPatient()) {
            return viewer.patientIns().filter(ins::equals).isPresent()
                ? granted(viewer, ins, Ground.PATIENT, Optional.empty(), now, release)
                : refused(viewer, ins, new AccessRefused(AccessRefused.Reason.NOT_YOUR_DOSSIER,
                    "This is not your dossier: a patient account reads its own dossier only."), now, release);
        }
        if (relation.treatingDoctor()) {
            return granted(viewer, ins, Ground.TREATING_DOCTOR, Optional.empty(), now, release);
        }
        if (relation.blocked()) {
            return refused(viewer, ins, blocked(), now, release);
        }
        if (relation.careTeam()) {
            return granted(viewer, ins, Ground.CARE_TEAM, Optional.empty(), now, release);
        }
        if (relation.authorised()) {
            return granted(viewer, ins, Ground.AUTHORISED, Optional.empty(), now, release);
        }
        Optional<Instant> emergency = relation.emergencyAccessUntil();
        if (emergency.isPresent() && emergency.get().isAfter(now)) {
            return granted(viewer, ins, Ground.BREAK_GLASS, emergency, now, release);
        }
        if (emergency.isPresent()) {
            return refused(viewer, ins, new AccessRefused(AccessRefused.Reason.EMERGENCY_ACCESS_ENDED,
                "Your emergency access to this dossier ended at " + TIME.format(emergency.get()) + "; you are not in the"
                    + " patient's care relationship. If the emergency goes on, use break-the-glass again with your reason."),
                now, release);
        }
        return refused(viewer, ins, new AccessRefused(AccessRefused.Reason.NOT_IN_CARE,
            "You are not in the care relationship of this patient: you are not their treating doctor, no document of this"
                + " dossier was written by you, sent by you or addressed to you, and the patient has not authorised you."
                + (relation.emergencyAccessOpposed() ? " The patient opposed emergency access."
                    : " In an emergency, use break-the-glass with your reason.")), now, release);
    }

    /**
     * Whether the viewer may open this dossier in an emergency (break-the-glass): an active professional of the
     * directory, not blocked, not reading it already, and the patient did not oppose emergency access. Empty when
     * allowed; otherwise the refusal.
     */
    public static Optional<AccessRefused> emergencyAccessRefusal(Viewer viewer, DossierRelation relation, Instant now) {
        if (viewer.kind() != Viewer.Kind.PROFESSIONAL || viewer.nationalId().isEmpty() || !viewer.activeProfessional()) {
            return Optional.of(new AccessRefused(AccessRefused.Reason.NOT_AN_ACTIVE_PROFESSIONAL,
                "Break-the-glass is for health professionals listed as active in the directory, with their own mailbox."));
        }
        if (relation.treatingDoctor() || (!relation.blocked() && (relation.careTeam() || relation.authorised()))) {
            return Optional.of(new AccessRefused(AccessRefused.Reason.ALREADY_GRANTED,
                "You already read this dossier as " + (relation.treatingDoctor() ? "the patient's treating doctor"
                    : relation.careTeam() ? "a member of the care team" : "a professional the patient authorised")
                    + ": break-the-glass is not needed."));
        }
        if (relation.blocked()) {
            return Optional.of(blocked());
        }
        if (relation.emergencyAccessUntil().filter(end -> end.isAfter(now)).isPresent()) {
            return Optional.of(new AccessRefused(AccessRefused.Reason.ALREADY_GRANTED, "Your emergency access to this"
                + " dossier is open until " + TIME.format(relation.emergencyAccessUntil().get()) + "."));
        }
        if (relation.emergencyAccessOpposed()) {
            return Optional.of(new AccessRefused(AccessRefused.Reason.EMERGENCY_ACCESS_OPPOSED,
                "The patient opposed emergency access to their dossier: break-the-glass is not possible."));
        }
        return Optional.empty();
    }

    private static AccessRefused blocked() {
        return new AccessRefused(AccessRefused.Reason.BLOCKED, "The patient has blocked your access to their dossier.");
    }

    private static AccessDecision granted(Viewer viewer, String ins, Ground ground, Optional<Instant> until, Instant now,
                                          PatientRelease release) {
        return new AccessDecision(viewer, ins, Optional.of(ground), Optional.empty(), until, now, release);
    }

    private static AccessDecision refused(Viewer viewer, String ins, AccessRefused refusal, Instant now,
                                          PatientRelease release) {
        return new AccessDecision(viewer, ins, Optional.empty(), Optional.of(refusal), Optional.empty(), now, release);
    }

    public boolean granted() {
        return ground.isPresent();
    }

    /** The ground to open the dossier; empty when refused. */
    public Optional<Ground> ground() {
        return ground;
    }

    /** Why the dossier is refused; empty when granted. */
    public Optional<AccessRefused> refusal() {
        return refusal;
    }

    /** The end of an emergency access. */
    public Optional<Instant> until() {
        return until;
    }

    /** Whether documents masked from professionals are shown (besides the viewer's own). */
    public boolean seesMaskedDocuments() {
        return ground.filter(g -> g == Ground.PATIENT || g == Ground.TREATING_DOCTOR).isPresent();
    }

    /** The ground on which the viewer reads this document of the dossier; empty when it is hidden from them. */
    public Optional<Ground> ground(StoredDocument document) {
        if (ground.isEmpty() || !document.ins().equals(ins)) {
            return Optional.empty();
        }
        if (ground.get() == Ground.PATIENT) {
            return release.visibleToPatient(document, now) ? ground : Optional.empty();
        }
        if (viewer.wrote(document.authorId())) {
            return Optional.of(Ground.AUTHOR);
        }
        return seesMaskedDocuments() || !document.masked() ? ground : Optional.empty();
    }

    public boolean sees(StoredDocument document) {
        return ground(document).isPresent();
    }

    public Viewer viewer() {
        return viewer;
    }

    public String ins() {
        return ins;
    }

    public Instant now() {
        return now;
    }
}
