package fr.mssnode.dossier.access;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import fr.mssnode.directory.DirectoryException;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.Patient;
import fr.mssnode.directory.Patients;
import fr.mssnode.dossier.index.SearchScope;
import fr.mssnode.dossier.store.DossierStore;

/**
 * Gathers what binds a viewer to a dossier (the care relationship in the dossier, the patient's choices, the
 * emergency accesses, the treating doctor declared in the directory) and hands it to {@link AccessDecision}.
 */
public class AccessRules {
    private final DossierStore store;
    private final AccessStore access;
    private final Patients patients;
    private final Clock clock;
    private final PatientRelease release;

    public AccessRules(DossierStore store, AccessStore access, Patients patients, Clock clock, PatientRelease release) {
        this.store = store;
        this.access = access;
        this.patients = patients;
        this.clock = clock;
        this.release = release;
    }

    /** The INS as a matricule, or {@link InvalidRequest}. */
    public static String matricule(String ins) {
        try {
            return new Ins(ins).matricule();
        } catch (DirectoryException e) {
            throw new InvalidRequest("'" + ins + "' is not a valid INS: " + e.getMessage());
        }
    }

    public Instant now() {
        return clock.instant();
    }

    public PatientRelease release() {
        return release;
    }

    /** The patient's declared treating doctor (national id), if the directory knows the patient. */
    public Optional<String> treatingDoctor(String ins) {
        return patients.find(ins).flatMap(Patient::treatingDoctor);
    }

    public AccessDecision decide(Viewer viewer, String ins) {
        return decide(viewer, ins, relation(viewer, ins));
    }

    public AccessDecision decide(Viewer viewer, String ins, DossierRelation relation) {
        return AccessDecision.decide(viewer, ins, relation, now(), release);
    }

    public DossierRelation relation(Viewer viewer, String ins) {
        if (viewer.isPatient()) {
            return DossierRelation.none();
        }
        Optional<String> nationalId = viewer.nationalId();
        boolean treatingDoctor = nationalId.isPresent() && treatingDoctor(ins).equals(nationalId);
        Optional<AccessStore.Relation> choice = nationalId.flatMap(id -> access.relation(ins, id));
        return new DossierRelation(treatingDoctor, store.mayRead(ins, viewer.readers()),
            choice.equals(Optional.of(AccessStore.Relation.AUTHORISED)), choice.equals(Optional.of(AccessStore.Relation.BLOCKED)),
            access.emergencyAccessOpposed(ins), nationalId.flatMap(id -> access.latestEmergencyAccessEnd(ins, id)));
    }

    /** What a search may see, and the ground of each dossier in it (for the access history). */
    public record SearchAccess(SearchScope scope, Map<String, Ground> grounds) {
    }

    /** Every dossier the viewer reads, for a search over all of them. */
    public SearchAccess searchAccess(Viewer viewer) {
        Map<String, Ground> grounds = new HashMap<>();
        if (viewer.isPatient()) {
            // The index does not know which documents the patient does not see yet: no search for patients.
            return new SearchAccess(SearchScope.of(Set.of(), Set.of(), Optional.empty()), grounds);
        }
        Optional<String> nationalId = viewer.nationalId();
        Set<String> blocked = nationalId.map(id -> access.dossiersWhere(id, AccessStore.Relation.BLOCKED)).orElse(Set.of());
        nationalId.ifPresent(id -> access.openEmergencyAccesses(id, now()).forEach(ins -> grounds.put(ins, Ground.BREAK_GLASS)));
        nationalId.ifPresent(id -> access.dossiersWhere(id, AccessStore.Relation.AUTHORISED)
            .forEach(ins -> grounds.put(ins, Ground.AUTHORISED)));
        store.readableDossiers(viewer.readers()).forEach(ins -> grounds.put(ins, Ground.CARE_TEAM));
        grounds.keySet().removeAll(blocked);
        Set<String> whole = new HashSet<>();
        nationalId.ifPresent(id -> patients.treatedBy(id).forEach(ins -> {
            grounds.put(ins, Ground.TREATING_DOCTOR);
            whole.add(ins);
        }));
        Set<String> unmaskedOnly = new HashSet<>(grounds.keySet());
        unmaskedOnly.removeAll(whole);
        return new SearchAccess(SearchScope.of(whole, unmaskedOnly, nationalId), grounds);
    }

    /** One dossier the viewer may open, for a search within it. */
    public SearchAccess searchAccess(AccessDecision decision) {
        Ground ground = decision.ground().orElseThrow();
        SearchScope scope = decision.seesMaskedDocuments() ? SearchScope.wholeDossiers(Set.of(decision.ins()))
            : SearchScope.of(Set.of(), Set.of(decision.ins()), decision.viewer().nationalId());
        return new SearchAccess(scope, Map.of(decision.ins(), ground));
    }
}
