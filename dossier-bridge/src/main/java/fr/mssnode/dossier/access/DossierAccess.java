package fr.mssnode.dossier.access;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.dossier.access.AccessStore.EmergencyAccess;
import fr.mssnode.dossier.audit.AuditEvent;
import fr.mssnode.dossier.cda.CdaDocument;
import fr.mssnode.dossier.inbox.Letter;
import fr.mssnode.dossier.inbox.Outbox;
import fr.mssnode.dossier.inbox.PatientCopies;
import fr.mssnode.dossier.inbox.PatientNotices;
import fr.mssnode.dossier.index.DossierIndex;
import fr.mssnode.dossier.index.DossierQuery;
import fr.mssnode.dossier.index.SearchPage;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.dossier.store.DossierStore.DossierPatient;
import fr.mssnode.dossier.store.DossierStore.StoredDocument;

/**
 * Every way into a dossier, for patients and professionals alike: the dossier, a document (original, rendering,
 * embedded file), its versions, the synthesis, search, emergency access and the author's release of a document to
 * the patient. Each goes through {@link AccessDecision}, and each access or refusal is recorded in the access
 * history before it is answered. A professional's first access to a dossier, and every emergency access, are
 * notified in the patient's secure inbox (and the treating doctor's, for emergency access).
 */
public class DossierAccess {
    private static final Logger LOG = LoggerFactory.getLogger(DossierAccess.class);
    /** How long break-the-glass opens a dossier. */
    public static final Duration EMERGENCY_ACCESS = Duration.ofHours(4);
    /** The shortest reason accepted for an emergency access. */
    public static final int MINIMUM_REASON = 10;

    private final DossierStore store;
    private final DossierIndex index;
    private final AccessRules rules;
    private final AccessStore access;
    private final AccessHistory history;
    private final PatientNotices notices;
    private final PatientCopies copies;
    private final Outbox outbox;

    public DossierAccess(DossierStore store, DossierIndex index, AccessRules rules, AccessStore access, AccessHistory history,
                         PatientNotices notices, PatientCopies copies, Outbox outbox) {
        this.store = store;
        this.index = index;
        this.rules = rules;
        this.access = access;
        this.history = history;
        this.notices = notices;
        this.copies = copies;
        this.outbox = outbox;
    }

    /** The dossier's current documents the viewer may see, and the patient as the dossier names them. */
    public record DossierView(AccessDecision decision, Optional<DossierPatient> patient, List<StoredDocument> documents) {
    }

    /** A document the viewer may read, and on which ground. */
    public record DocumentView(StoredDocument document, Ground ground) {
    }

    /** A page of search results and the ground on which each dossier in it was searched. */
    public record SearchResult(SearchPage page, Map<String, Ground> grounds) {
    }

    /** The facts of a dossier's current documents, as read for that set of documents. */
    private record CurrentFacts(long[] documentIds, List<DossierStore.DocumentFact> facts) {
    }

    /** Recently read dossiers' facts: a document's facts never change, so the same current set has the same facts. */
    private final Map<String, CurrentFacts> recentFacts = java.util.Collections.synchronizedMap(
        new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, CurrentFacts> eldest) {
                return size() > 64;
            }
        });

    /**
     * The structured facts of the dossier's current documents: read from the store once per set of current documents
     * (a synthesis page of a dossier of 500 lab reports reads tens of thousands of rows otherwise).
     */
    private List<DossierStore.DocumentFact> currentFacts(String ins, List<StoredDocument> current) {
        long[] ids = current.stream().mapToLong(StoredDocument::id).sorted().toArray();
        CurrentFacts known = recentFacts.get(ins);
        if (known != null && java.util.Arrays.equals(known.documentIds(), ids)) {
            return known.facts();
        }
        List<DossierStore.DocumentFact> facts = store.currentFacts(ins);
        long[] after = store.currentDocuments(ins).stream().mapToLong(StoredDocument::id).sorted().toArray();
        if (java.util.Arrays.equals(after, ids)) {
            // Nothing was filed in the dossier while its facts were read: they belong to this set of documents.
            recentFacts.put(ins, new CurrentFacts(ids, facts));
        }
        return facts;
    }

    /** A patient whose dossier the professional reads, and on what ground. */
    public record CaredPatient(String ins, Optional<DossierPatient> patient, Ground ground) {
        /** "DURAND Camille", or the INS while the dossier has no identity yet. */
        public String name() {
            return patient.map(p -> p.birthName() + " " + p.givenNames()).orElse(ins);
        }
    }

    /** At most this many patients are listed at once: narrow the words to find one among more. */
    public static final int MAX_PATIENTS = 200;

    /**
     * The patients whose dossiers the professional may open (treating doctor, care team, authorised, emergency access
     * in progress; not those who blocked them), by name, matching every word given against the birth name, the given
     * names, the birth date (YYYY-MM-DD or DD/MM/YYYY) or the INS. Listing them reads no dossier.
     */
    public List<CaredPatient> patientsOf(Viewer viewer, String words) {
        if (viewer.isPatient()) {
            throw new AccessRefused(AccessRefused.Reason.NOT_YOUR_DOSSIER, "Patients read their own dossier only.");
        }
        List<String> wanted = java.util.Arrays.stream(words == null ? new String[0] : words.strip().split("\\s+"))
            .filter(w -> !w.isEmpty()).map(DossierAccess::folded).toList();
        List<CaredPatient> found = new ArrayList<>();
        rules.searchAccess(viewer).grounds().forEach((ins, ground) -> {
            CaredPatient patient = new CaredPatient(ins, store.dossier(ins), ground);
            String known = folded(patient.name() + " " + ins + " " + patient.patient().flatMap(DossierPatient::birthDate)
                .map(d -> d + " " + d.format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy"))).orElse(""));
            if (wanted.stream().allMatch(known::contains)) {
                found.add(patient);
            }
        });
        found.sort(java.util.Comparator.comparing(CaredPatient::name));
        return found.size() > MAX_PATIENTS ? found.subList(0, MAX_PATIENTS) : found;
    }

    private static String folded(String text) {
        return java.text.Normalizer.normalize(text, java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
            .toLowerCase(java.util.Locale.ROOT);
    }

    public DossierView dossier(Viewer viewer, String ins) {
        AccessDecision decision = open(viewer, ins, DossierAction.DOSSIER);
        List<StoredDocument> documents = store.currentDocuments(decision.ins()).stream().filter(decision::sees).toList();
        granted(decision, DossierAction.DOSSIER, documents.stream().map(StoredDocument::id).toList());
        return new DossierView(decision, store.dossier(decision.ins()), documents);
    }

    /** A dossier as its page shows it: the documents the viewer sees and the synthesis of those documents. */
    public record DossierPage(DossierView view, List<CdaDocument.Fact> synthesis) {
    }

    /**
     * The dossier and its synthesis, read together (one read of the current documents), both recorded in the access
     * history as a dossier read and a synthesis read.
     */
    public DossierPage dossierPage(Viewer viewer, String ins) {
        AccessDecision decision = open(viewer, ins, DossierAction.DOSSIER);
        List<StoredDocument> current = store.currentDocuments(decision.ins());
        List<StoredDocument> documents = current.stream().filter(decision::sees).toList();
        List<Long> ids = documents.stream().map(StoredDocument::id).toList();
        Set<Long> seen = new HashSet<>(ids);
        List<CdaDocument.Fact> facts = currentFacts(decision.ins(), current).stream()
            .filter(f -> seen.contains(f.documentId())).map(DossierStore.DocumentFact::fact).toList();
        granted(decision, DossierAction.DOSSIER, ids);
        history.granted(decision.viewer(), decision.ground().orElseThrow(), DossierAction.SYNTHESIS, decision.ins(), ids,
            decision.now());
        return new DossierPage(new DossierView(decision, store.dossier(decision.ins()), documents), facts);
    }

    /** The patient's own dossier (empty while nothing is filed in it). */
    public DossierView ownDossier(Viewer patient) {
        String ins = ownIns(patient);
        if (!store.hasDossier(ins)) {
            AccessDecision decision = rules.decide(patient, ins);
            granted(decision, DossierAction.DOSSIER, List.of());
            return new DossierView(decision, Optional.empty(), List.of());
        }
        return dossier(patient, ins);
    }

    public static String ownIns(Viewer patient) {
        return patient.patientIns().orElseThrow(() -> new AccessRefused(AccessRefused.Reason.NOT_YOUR_DOSSIER,
            "This account is not a patient's secure inbox (<INS>@patient.<domain>): it has no dossier."));
    }

    /** One document, for reading its original ({@code DOCUMENT}), its rendering or its embedded file. */
    public DocumentView document(Viewer viewer, String ins, long documentId, DossierAction action) {
        AccessDecision decision = open(viewer, ins, action);
        Optional<StoredDocument> document = store.document(documentId).filter(d -> d.ins().equals(decision.ins()));
        Optional<Ground> ground = document.flatMap(decision::ground);
        if (ground.isEmpty()) {
            if (document.isPresent()) {
                // Hidden from this viewer (masked, or not yet visible to the patient): refused, and said to be absent.
                history.refused(viewer, action, decision.ins(), List.of(documentId), new AccessRefused(
                    AccessRefused.Reason.NOT_IN_CARE, "the document is not visible to this reader"), rules.now());
            }
            throw noDocument(decision, documentId);
        }
        history.granted(viewer, ground.get(), action, decision.ins(), List.of(documentId), rules.now());
        notifyFirstAccess(viewer, decision.ins(), ground.get());
        return new DocumentView(document.get(), ground.get());
    }

    /** The bytes of a document the viewer was just given (by {@link #document}). */
    public byte[] content(StoredDocument document) {
        return store.content(document.id());
    }

    /** Every version of a document's set the viewer may see, newest first. */
    public List<StoredDocument> versions(Viewer viewer, String ins, long documentId) {
        AccessDecision decision = open(viewer, ins, DossierAction.VERSIONS);
        StoredDocument document = visibleDocument(decision, documentId);
        List<StoredDocument> versions = store.history(document.setUid()).stream().filter(decision::sees).toList();
        granted(decision, DossierAction.VERSIONS, versions.stream().map(StoredDocument::id).toList());
        return versions;
    }

    /** The structured facts of the current documents the viewer may see. */
    public List<CdaDocument.Fact> synthesis(Viewer viewer, String ins) {
        AccessDecision decision = open(viewer, ins, DossierAction.SYNTHESIS);
        List<StoredDocument> current = store.currentDocuments(decision.ins());
        List<Long> visible = current.stream().filter(decision::sees).map(StoredDocument::id).toList();
        Set<Long> seen = new HashSet<>(visible);
        List<CdaDocument.Fact> facts = currentFacts(decision.ins(), current).stream().filter(f -> seen.contains(f.documentId()))
            .map(DossierStore.DocumentFact::fact).toList();
        granted(decision, DossierAction.SYNTHESIS, visible);
        return facts;
    }

    /**
     * A search of every dossier the viewer reads, or of one ({@code ins}); totals, facets and highlights count only
     * what the viewer may see. The hit list is recorded in each dossier's history.
     */
    public SearchResult search(Viewer viewer, DossierQuery query, Optional<String> ins) throws IOException {
        AccessRules.SearchAccess scope = ins.isPresent() ? rules.searchAccess(open(viewer, ins.get(), DossierAction.SEARCH))
            : rules.searchAccess(viewer);
        // The hit list is recorded while the index finds the highlighted passages; the answer waits for both.
        Instant now = rules.now();
        List<CompletableFuture<List<Long>>> recorded = new ArrayList<>();
        Map<String, List<Long>> hitsByDossier = new LinkedHashMap<>();
        SearchPage page = index.search(query.within(scope.scope()), hits -> {
            hits.forEach(hit -> hitsByDossier.computeIfAbsent(hit.ins(), i -> new ArrayList<>()).add(hit.documentId()));
            recorded.add(history.log().submit(AccessHistory.searchEvents(viewer, hitsByDossier, scope.grounds(),
                ins.map(AccessRules::matricule), now)));
        });
        recorded.forEach(history.log()::await);
        for (String dossier : hitsByDossier.keySet()) {
            Ground ground = scope.grounds().get(dossier);
            if (ground != null) {
                notifyFirstAccess(viewer, dossier, ground);
            }
        }
        return new SearchResult(page, scope.grounds());
    }

    /**
     * Break-the-glass: an active professional opens a dossier they are otherwise refused, for 4 hours, with a stated
     * reason; the patient and the treating doctor are told at once.
     */
    public EmergencyAccess breakGlass(Viewer viewer, String ins, String reason) {
        String matricule = AccessRules.matricule(ins);
        String stated = reason == null ? "" : reason.strip();
        if (stated.length() < MINIMUM_REASON) {
            throw new InvalidRequest("State the reason for the emergency access: at least " + MINIMUM_REASON
                + " characters (it is shown to the patient and to their treating doctor).");
        }
        if (stated.length() > 1000) {
            throw new InvalidRequest("The reason is limited to 1000 characters.");
        }
        requireDossier(matricule);
        Instant now = rules.now();
        Optional<AccessRefused> refusal = AccessDecision.emergencyAccessRefusal(viewer, rules.relation(viewer, matricule), now);
        if (refusal.isPresent()) {
            history.log().record(AccessHistory.event(viewer, Optional.empty(), DossierAction.BREAK_GLASS,
                AuditEvent.Outcome.REFUSED, Optional.of(matricule), List.of(),
                Optional.of(refusal.get().reason().code() + ": " + refusal.get().getMessage() + " Reason given: " + stated), now));
            throw refusal.get();
        }
        EmergencyAccess grant = access.openEmergencyAccess(matricule, viewer.nationalId().orElseThrow(), viewer.address(), stated,
            now, now.plus(EMERGENCY_ACCESS));
        history.log().record(AccessHistory.event(viewer, Optional.of(Ground.BREAK_GLASS), DossierAction.BREAK_GLASS,
            AuditEvent.Outcome.GRANTED, Optional.of(matricule), List.of(), Optional.of(stated), now));
        access.firstTimeSeen(matricule, viewer.identity(), now); // the emergency notice tells the patient already
        for (Letter letter : notices.emergencyAccess(grant, viewer)) {
            send(letter);
        }
        return grant;
    }

    /**
     * The author releases a document not yet visible to the patient (after the announcement consultation): the
     * patient sees it, and its copy goes to their secure inbox.
     */
    public StoredDocument release(Viewer viewer, String ins, long documentId) {
        AccessDecision decision = open(viewer, ins, DossierAction.RELEASE);
        StoredDocument document = visibleDocument(decision, documentId);
        if (!viewer.wrote(document.authorId())) {
            AccessRefused refusal = new AccessRefused(AccessRefused.Reason.NOT_THE_AUTHOR,
                "Only the document's author releases it to the patient.");
            history.refused(viewer, DossierAction.RELEASE, decision.ins(), List.of(documentId), refusal, rules.now());
            throw refusal;
        }
        if (!document.invisibleToPatient() || document.releasedAt().isPresent()) {
            throw new InvalidRequest("Document " + documentId + " is already visible to the patient.");
        }
        Instant now = rules.now();
        store.release(documentId, now);
        history.changed(viewer, Optional.of(Ground.AUTHOR), DossierAction.RELEASE, decision.ins(), List.of(documentId),
            Optional.empty(), now);
        sendDueCopies(now);
        return store.document(documentId).orElseThrow();
    }

    /** Sends what is due among held copies (released documents, one month passed) and the two-week reminders. */
    public int sendDueCopies(Instant now) {
        int sent = 0;
        for (PatientCopies.Outgoing outgoing : copies.due(now)) {
            send(outgoing.letter());
            copies.sent(outgoing, now);
            sent++;
        }
        return sent;
    }

    /** A document of the decision's dossier that its viewer may see, else {@link NotFound}. */
    private StoredDocument visibleDocument(AccessDecision decision, long documentId) {
        return store.document(documentId).filter(decision::sees).orElseThrow(() -> noDocument(decision, documentId));
    }

    private static NotFound noDocument(AccessDecision decision, long documentId) {
        return new NotFound("No document " + documentId + " in the dossier of INS " + decision.ins() + ".");
    }

    private void requireDossier(String ins) {
        if (!store.hasDossier(ins)) {
            throw new NotFound("No dossier for INS " + ins + ".");
        }
    }

    /** The decision to open the dossier; a refusal is recorded, then thrown. */
    private AccessDecision open(Viewer viewer, String ins, DossierAction action) {
        String matricule = AccessRules.matricule(ins);
        if (viewer.isPatient() && !viewer.patientIns().equals(Optional.of(matricule))) {
            throw new NotFound("No dossier for INS " + matricule + " in your space.");
        }
        requireDossier(matricule);
        AccessDecision decision = rules.decide(viewer, matricule);
        if (decision.refusal().isPresent()) {
            history.refused(viewer, action, matricule, List.of(), decision.refusal().get(), decision.now());
            throw decision.refusal().get();
        }
        return decision;
    }

    private void granted(AccessDecision decision, DossierAction action, List<Long> documents) {
        history.granted(decision.viewer(), decision.ground().orElseThrow(), action, decision.ins(), documents, decision.now());
        notifyFirstAccess(decision.viewer(), decision.ins(), decision.ground().orElseThrow());
    }

    /** A professional (or organisation mailbox) not seen before in this dossier: the patient is told. */
    private void notifyFirstAccess(Viewer viewer, String ins, Ground ground) {
        if (viewer.isPatient()) {
            return;
        }
        Instant now = rules.now();
        if (access.firstTimeSeen(ins, viewer.identity(), now)) {
            notices.firstAccess(ins, viewer, ground, now).ifPresent(this::send);
        }
    }

    private void send(Letter letter) {
        try {
            outbox.send(letter);
        } catch (RuntimeException e) {
            LOG.error("Could not send the notice '{}' ({}): {}", letter.subject(), letter.key(), e.toString(), e);
        }
    }
}
