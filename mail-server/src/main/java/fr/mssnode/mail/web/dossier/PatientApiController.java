package fr.mssnode.mail.web.dossier;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import fr.mssnode.dossier.access.DossierAccess;
import fr.mssnode.dossier.access.DossierAction;
import fr.mssnode.dossier.access.PatientPrivacy;
import fr.mssnode.dossier.access.Viewer;
import fr.mssnode.dossier.access.Viewers;
import fr.mssnode.dossier.audit.AuditEntry;
import fr.mssnode.dossier.index.IndexEntry;
import fr.mssnode.dossier.store.DossierStore.StoredDocument;
import fr.mssnode.mail.web.security.AccountAuthentication;
import fr.mssnode.mail.web.ApiProblems.BadRequest;

import jakarta.servlet.http.HttpServletRequest;

import static fr.mssnode.mail.web.dossier.DossierApiController.bounded;
import static fr.mssnode.mail.web.dossier.DossierApiController.number;
import static fr.mssnode.mail.web.dossier.DossierApiController.ordered;

/**
 * The patient's own space, for their secure-inbox account: their dossier as they may see it (documents not yet
 * visible to them are left out), each document and its readable page, who accessed the dossier, and their choices:
 * masking documents from professionals, blocking or authorising a professional, opposing emergency access. The
 * rules and the history are the dossier's ({@link DossierAccess}, {@link PatientPrivacy}); this maps HTTP to them.
 */
@RestController
@ConditionalOnProperty(name = "node.mail-server.enabled", havingValue = "true", matchIfMissing = true)
public class PatientApiController {
    private static final String BASE = "/api/patient";
    private static final int MAX_ACCESSES = 1000;

    private final DossierAccess access;
    private final PatientPrivacy privacy;
    private final Viewers viewers;

    public PatientApiController(DossierAccess access, PatientPrivacy privacy, Viewers viewers) {
        this.access = access;
        this.privacy = privacy;
        this.viewers = viewers;
    }

    private Viewer patient(HttpServletRequest request) {
        return viewers.of(AccountAuthentication.accountOf(request));
    }

    /** The patient's dossier by rubric: what they may see, newest first. */
    @GetMapping(path = BASE + "/dossier", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> dossier(HttpServletRequest request) {
        DossierAccess.DossierView view = access.ownDossier(patient(request));
        Map<String, Object> body = ordered("ins", view.decision().ins());
        view.patient().ifPresent(p -> body.put("patient", ordered("birthName", p.birthName(), "givenNames", p.givenNames(),
            "birthDate", p.birthDate().map(LocalDate::toString).orElse(null), "sex", p.sex().orElse(null))));
        body.put("rubrics", DossierApiController.byRubric(view.documents(), PatientApiController::summary));
        body.put("links", ordered("synthesis", BASE + "/synthesis", "accesses", BASE + "/accesses", "privacy", BASE + "/privacy"));
        return body;
    }

    static Map<String, Object> summary(StoredDocument d) {
        String self = BASE + "/documents/" + d.id();
        return ordered("id", d.id(), "title", d.title(), "typeCode", d.typeCode(), "typeDisplay", d.typeDisplay(),
            "rubric", d.rubric().name().toLowerCase(Locale.ROOT),
            "date", IndexEntry.dayOf(d.effectiveTime()).map(LocalDate::toString).orElse(null),
            "author", ordered("nationalId", d.authorId().orElse(null), "name", d.authorName()),
            "version", d.version(), "mediaType", d.mediaType(), "sizeBytes", d.sizeBytes(), "filedAt", d.filedAt().toString(),
            "maskedFromProfessionals", d.masked(),
            "links", ordered("content", self, "html", self + "/html", "mask", self + "/mask", "unmask", self + "/unmask"));
    }

    /** Allergies, treatments, problems and results of the documents the patient sees. */
    @GetMapping(path = BASE + "/synthesis", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> synthesis(HttpServletRequest request) {
        Viewer patient = patient(request);
        Map<String, Object> body = ordered("ins", DossierAccess.ownIns(patient));
        body.putAll(DossierApiController.synthesis(access.synthesis(patient, DossierAccess.ownIns(patient))));
        return body;
    }

    @GetMapping(path = BASE + "/documents/{id}")
    public ResponseEntity<byte[]> original(@PathVariable String id, HttpServletRequest request) {
        Viewer patient = patient(request);
        StoredDocument document = access.document(patient, DossierAccess.ownIns(patient), number(id), DossierAction.DOCUMENT)
            .document();
        return DocumentResponses.original(document, access.content(document));
    }

    @GetMapping(path = BASE + "/documents/{id}/html", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> html(@PathVariable String id, HttpServletRequest request) {
        Viewer patient = patient(request);
        StoredDocument document = access.document(patient, DossierAccess.ownIns(patient), number(id), DossierAction.RENDERING)
            .document();
        return DocumentResponses.html(document, access.content(document), BASE + "/documents/" + document.id());
    }

    @GetMapping(path = BASE + "/documents/{id}/embedded")
    public ResponseEntity<byte[]> embedded(@PathVariable String id, HttpServletRequest request) {
        Viewer patient = patient(request);
        StoredDocument document = access.document(patient, DossierAccess.ownIns(patient), number(id),
            DossierAction.EMBEDDED_FILE).document();
        return DocumentResponses.embedded(document, access.content(document));
    }

    /** One event of the access history, as the patient reads it. */
    public record AccessEntry(long seq, String at, String who, String kind, String address, String nationalId, String ground,
                              String action, String outcome, List<Long> documents, String reason) {
        static AccessEntry of(AuditEntry e) {
            return new AccessEntry(e.seq(), e.at().toString(), e.actorName(), e.actorKind(), e.actorAddress(),
                e.actorNationalId().orElse(null), e.ground().orElse(null), e.action(), e.outcome(), e.documents(),
                e.reason().orElse(null));
        }
    }

    /** Who accessed the dossier, newest first: every read, search hit list, refusal, emergency access and change. */
    @GetMapping(path = BASE + "/accesses", produces = MediaType.APPLICATION_JSON_VALUE)
    public List<AccessEntry> accesses(@RequestParam Map<String, String> parameters, HttpServletRequest request) {
        int max = bounded(parameters, "limit", 200, 1, MAX_ACCESSES);
        int skip = bounded(parameters, "offset", 0, 0, Integer.MAX_VALUE);
        return privacy.accesses(patient(request), skip, max).stream().map(AccessEntry::of).toList();
    }

    /** The patient's choices: emergency access, professionals blocked and authorised, the treating doctor. */
    @GetMapping(path = BASE + "/privacy", produces = MediaType.APPLICATION_JSON_VALUE)
    public PatientPrivacy.Settings settings(HttpServletRequest request) {
        return privacy.settings(patient(request));
    }

    @PostMapping(path = BASE + "/documents/{id}/mask", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> mask(@PathVariable String id, HttpServletRequest request) {
        return summary(privacy.mask(patient(request), number(id), true));
    }

    @PostMapping(path = BASE + "/documents/{id}/unmask", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> unmask(@PathVariable String id, HttpServletRequest request) {
        return summary(privacy.mask(patient(request), number(id), false));
    }

    /** A professional named by their national id (8 + RPPS, or 0 + ADELI). */
    public record ProfessionalRequest(String nationalId) {
    }

    /** Whether the patient allows emergency access (break-the-glass) to their dossier. */
    public record EmergencyAccessRequest(Boolean allowed) {
    }

    @PostMapping(path = BASE + "/blocked", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<PatientPrivacy.Settings> block(@RequestBody(required = false) ProfessionalRequest body,
                                                         HttpServletRequest request) {
        Viewer patient = patient(request);
        boolean changed = privacy.block(patient, nationalId(body));
        return ResponseEntity.status(changed ? HttpStatus.CREATED : HttpStatus.OK).body(privacy.settings(patient));
    }

    @DeleteMapping(path = BASE + "/blocked/{nationalId}")
    public ResponseEntity<Void> unblock(@PathVariable String nationalId, HttpServletRequest request) {
        privacy.unblock(patient(request), nationalId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = BASE + "/authorised", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<PatientPrivacy.Settings> authorise(@RequestBody(required = false) ProfessionalRequest body,
                                                             HttpServletRequest request) {
        Viewer patient = patient(request);
        boolean changed = privacy.authorise(patient, nationalId(body));
        return ResponseEntity.status(changed ? HttpStatus.CREATED : HttpStatus.OK).body(privacy.settings(patient));
    }

    @DeleteMapping(path = BASE + "/authorised/{nationalId}")
    public ResponseEntity<Void> revoke(@PathVariable String nationalId, HttpServletRequest request) {
        privacy.revokeAuthorisation(patient(request), nationalId);
        return ResponseEntity.noContent().build();
    }

    @PutMapping(path = BASE + "/emergency-access", produces = MediaType.APPLICATION_JSON_VALUE)
    public PatientPrivacy.Settings emergencyAccess(@RequestBody(required = false) EmergencyAccessRequest body,
                                                   HttpServletRequest request) {
        if (body == null || body.allowed() == null) {
            throw new BadRequest("Send {\"allowed\": true} or {\"allowed\": false}.");
        }
        Viewer patient = patient(request);
        privacy.setEmergencyAccess(patient, body.allowed());
        return privacy.settings(patient);
    }

    private static String nationalId(ProfessionalRequest body) {
        if (body == null || body.nationalId() == null || body.nationalId().isBlank()) {
            throw new BadRequest("Send the professional's national id: {\"nationalId\": \"810001234567\"}.");
        }
        return body.nationalId();
    }
}
