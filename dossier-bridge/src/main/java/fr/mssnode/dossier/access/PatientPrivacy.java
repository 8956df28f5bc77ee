package fr.mssnode.dossier.access;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import fr.mssnode.directory.Directory;
import fr.mssnode.directory.Professional;
import fr.mssnode.dossier.audit.AuditEntry;
import fr.mssnode.dossier.index.DossierIndex;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.dossier.store.DossierStore.StoredDocument;

/**
 * What the patient decides about their dossier: masking a document from professionals (every version of it),
 * blocking or authorising a professional, opposing emergency access; and reading who accessed it. Each change is an
 * event of the access history, recorded before it is answered; the documents themselves are never edited.
 */
public class PatientPrivacy {
    private final DossierStore store;
    private final DossierIndex index;
    private final AccessStore access;
    private final AccessHistory history;
    private final AccessRules rules;
    private final Directory directory;

    public PatientPrivacy(DossierStore store, DossierIndex index, AccessStore access, AccessHistory history, AccessRules rules,
                          Directory directory) {
        this.store = store;
        this.index = index;
        this.access = access;
        this.history = history;
        this.rules = rules;
        this.directory = directory;
    }

    /** A professional the patient blocked or authorised, named as the directory lists them. */
    public record ChosenProfessional(String nationalId, String name, Instant since) {
    }

    /** The patient's standing choices. */
    public record Settings(String ins, boolean emergencyAccessAllowed, List<ChosenProfessional> blocked,
                           List<ChosenProfessional> authorised, Optional<String> treatingDoctor) {
    }

    public Settings settings(Viewer patient) {
        String ins = DossierAccess.ownIns(patient);
        List<AccessStore.ProfessionalChoice> choices = access.choices(ins);
        return new Settings(ins, !access.emergencyAccessOpposed(ins), chosen(choices, AccessStore.Relation.BLOCKED),
            chosen(choices, AccessStore.Relation.AUTHORISED), rules.treatingDoctor(ins));
    }

    private List<ChosenProfessional> chosen(List<AccessStore.ProfessionalChoice> choices, AccessStore.Relation relation) {
        return choices.stream().filter(c -> c.relation() == relation)
            .map(c -> new ChosenProfessional(c.nationalId(), nameOf(c.nationalId()), c.since())).toList();
    }

    private String nameOf(String nationalId) {
        return directory.professional(nationalId).map(Professional::displayName).orElse("(national id " + nationalId + ")");
    }

    /**
     * Masks (or unmasks) one of the patient's documents from professionals: the document and its other versions.
     * The treating doctor and the author still read it. Returns the document as it now stands.
     */
    public StoredDocument mask(Viewer patient, long documentId, boolean masked) {
        String ins = DossierAccess.ownIns(patient);
        AccessDecision decision = rules.decide(patient, ins);
        StoredDocument document = store.document(documentId).filter(decision::sees)
            .orElseThrow(() -> new NotFound("No document " + documentId + " in your dossier."));
        List<Long> versions = store.history(document.setUid()).stream().filter(d -> d.ins().equals(ins))
            .map(StoredDocument::id).toList();
        Instant now = rules.now();
        try {
            // The more private state first: a failure in between leaves the document hidden, never shown.
            if (masked) {
                setMasked(versions, true);
            }
            List<Long> changed = store.setPatientMasking(ins, document.setUid(), masked);
            if (!masked) {
                setMasked(versions, false);
            }
            if (!changed.isEmpty()) {
                history.changed(patient, Optional.of(Ground.PATIENT), masked ? DossierAction.MASK : DossierAction.UNMASK, ins,
                    changed, Optional.empty(), now);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("The search index could not be updated: " + e.getMessage(), e);
        }
        return store.document(documentId).orElseThrow();
    }

    private void setMasked(List<Long> documents, boolean masked) throws IOException {
        for (long id : documents) {
            index.setMasked(id, masked);
        }
        index.refresh();
    }

    /** Blocks a professional (withdrawing an authorisation). False when they were blocked already. */
    public boolean block(Viewer patient, String nationalId) {
        return choose(patient, nationalId, AccessStore.Relation.BLOCKED, DossierAction.BLOCK, false);
    }

    /** Authorises an active professional to read the dossier (lifting a block). False when they were authorised. */
    public boolean authorise(Viewer patient, String nationalId) {
        return choose(patient, nationalId, AccessStore.Relation.AUTHORISED, DossierAction.AUTHORISE, true);
    }

    public void unblock(Viewer patient, String nationalId) {
        withdraw(patient, nationalId, AccessStore.Relation.BLOCKED, DossierAction.UNBLOCK, "blocked");
    }

    public void revokeAuthorisation(Viewer patient, String nationalId) {
        withdraw(patient, nationalId, AccessStore.Relation.AUTHORISED, DossierAction.REVOKE_AUTHORISATION, "authorised");
    }

    private boolean choose(Viewer patient, String nationalId, AccessStore.Relation relation, DossierAction action,
                           boolean mustBeActive) {
        String ins = DossierAccess.ownIns(patient);
        String id = nationalId(nationalId);
        Professional professional = directory.professional(id)
            .orElseThrow(() -> new NotFound("No professional with national id " + id + " in the health directory."));
        if (mustBeActive && !professional.active()) {
            throw new InvalidRequest(professional.displayName() + " (" + id + ") is no longer an active professional: they cannot"
                + " be authorised.");
        }
        Instant now = rules.now();
        boolean changed = access.choose(ins, id, relation, now);
        if (changed) {
            history.changed(patient, Optional.of(Ground.PATIENT), action, ins, List.of(), Optional.of(id + " "
                + professional.displayName()), now);
        }
        return changed;
    }

    private void withdraw(Viewer patient, String nationalId, AccessStore.Relation relation, DossierAction action, String what) {
        String ins = DossierAccess.ownIns(patient);
        String id = nationalId(nationalId);
        if (!access.withdraw(ins, id, relation)) {
            throw new NotFound("The professional " + id + " is not " + what + " in your dossier.");
        }
        history.changed(patient, Optional.of(Ground.PATIENT), action, ins, List.of(), Optional.of(id + " " + nameOf(id)),
            rules.now());
    }

    /** Allows or opposes emergency access (break-the-glass) to the dossier. False when it was already so. */
    public boolean setEmergencyAccess(Viewer patient, boolean allowed) {
        String ins = DossierAccess.ownIns(patient);
        Instant now = rules.now();
        boolean changed = access.setEmergencyAccessOpposed(ins, !allowed, now);
        if (changed) {
            history.changed(patient, Optional.of(Ground.PATIENT), allowed ? DossierAction.ALLOW_EMERGENCY_ACCESS
                : DossierAction.OPPOSE_EMERGENCY_ACCESS, ins, List.of(), Optional.empty(), now);
        }
        return changed;
    }

    /** The dossier's access history, newest first. */
    public List<AuditEntry> accesses(Viewer patient, int offset, int limit) {
        try {
            return history.log().ofDossier(DossierAccess.ownIns(patient), offset, limit);
        } catch (SQLException e) {
            throw new IllegalStateException("The access history cannot be read: " + e.getMessage(), e);
        }
    }

    /** A national id as the directory writes it: 8 + 11-digit RPPS, or 0 + 9-digit ADELI. */
    static String nationalId(String text) {
        String id = text == null ? "" : text.strip();
        if (!id.matches("8\\d{11}|0\\d{9}")) {
            throw new InvalidRequest("'" + id + "' is not a national id: 8 followed by the 11-digit RPPS number, or 0 followed"
                + " by the 9-digit ADELI number.");
        }
        return id;
    }
}
