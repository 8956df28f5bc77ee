package fr.mssnode.mail.web.portal;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import fr.mssnode.directory.Account;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.Professional;
import fr.mssnode.dossier.access.AccessInWords;
import fr.mssnode.dossier.access.AccessRefused;
import fr.mssnode.dossier.access.DossierAccess;
import fr.mssnode.dossier.access.DossierAction;
import fr.mssnode.dossier.access.InvalidRequest;
import fr.mssnode.dossier.access.NotFound;
import fr.mssnode.dossier.access.PatientPrivacy;
import fr.mssnode.dossier.access.Viewer;
import fr.mssnode.dossier.access.Viewers;
import fr.mssnode.dossier.cda.CdaDocument;
import fr.mssnode.dossier.index.IndexEntry;
import fr.mssnode.dossier.store.DossierStore.StoredDocument;
import fr.mssnode.dossier.store.Rubric;
import fr.mssnode.mail.patient.PatientReplies;
import fr.mssnode.mail.patient.SecureInbox;
import fr.mssnode.mail.web.dossier.DocumentResponses;
import fr.mssnode.mail.web.dossier.DossierApiController;
import fr.mssnode.mail.web.security.AccountAuthentication;

/**
 * The patient's web space: their dossier (the synthesis first, then the documents by rubric), each document readable,
 * who accessed the dossier in plain words, and their privacy choices, each confirmed at once. The rules and the
 * history are the dossier's ({@link DossierAccess}, {@link PatientPrivacy}); this maps pages and forms to them.
 */
@Controller
@ConditionalOnProperty(name = "node.mail-server.enabled", havingValue = "true", matchIfMissing = true)
public class PatientSpace {
    static final String BASE = "/espace/patient";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH);
    private static final int HISTORY_PAGE = 100;

    private final DossierAccess access;
    private final PatientPrivacy privacy;
    private final Viewers viewers;
    private final Directory directory;
    private final SecureInbox inbox;
    private final PatientReplies replies;

    public PatientSpace(DossierAccess access, PatientPrivacy privacy, Viewers viewers, Directory directory, SecureInbox inbox,
                        PatientReplies replies) {
        this.inbox = inbox;
        this.replies = replies;
        this.access = access;
        this.privacy = privacy;
        this.viewers = viewers;
        this.directory = directory;
    }

    private Viewer patient(HttpServletRequest request) {
        return viewers.of(AccountAuthentication.accountOf(request));
    }

    /** A document as a line of the dossier; {@code meta}: its date and author, as shown. */
    public record DocumentLine(long id, String title, String type, String date, String author, boolean masked, String meta) {
        static DocumentLine of(StoredDocument d) {
            String date = day(d.effectiveTime()).orElse("date inconnue");
            return new DocumentLine(d.id(), d.title(), d.typeDisplay(), date, d.authorName(), d.masked(),
                date + " — " + d.authorName());
        }
    }

    /** The newest documents of each rubric shown at first; the rest of a rubric on its own page. */
    static final int FIRST_DOCUMENTS = 20;

    /** A rubric, its newest documents (all of them when {@code complete}), how many it holds, its key for "all". */
    public record RubricSection(String key, String name, List<DocumentLine> documents, int total) {
        public boolean complete() {
            return documents.size() == total;
        }
    }

    /** One line of the synthesis: what, its value and unit, when. */
    public record FactLine(String display, String value, String date) {
    }

    @GetMapping(BASE)
    public String dossier(@RequestParam Optional<String> rubrique, HttpServletRequest request, Model model) {
        Viewer patient = patient(request);
        DossierAccess.DossierView view = access.ownDossier(patient);
        model.addAttribute("patient", view.patient().map(p -> p.givenNames() + " " + p.birthName()).orElse(patient.name()));
        // A patient with nothing filed yet has no dossier: an empty synthesis, no document.
        model.addAttribute("synthesis", synthesis(view.documents().isEmpty() ? List.of()
            : access.synthesis(patient, DossierAccess.ownIns(patient))));
        model.addAttribute("rubrics", byRubric(view.documents(), FIRST_DOCUMENTS, rubrique));
        model.addAttribute("self", BASE);
        return "patient/dossier";
    }

    static List<RubricSection> byRubric(List<StoredDocument> documents) {
        return byRubric(documents, Integer.MAX_VALUE, Optional.empty());
    }

    /** The documents by rubric, newest first, at most {@code first} of each; only {@code only} when given. */
    static List<RubricSection> byRubric(List<StoredDocument> documents, int first, Optional<String> only) {
        Map<Rubric, List<StoredDocument>> grouped = new EnumMap<>(Rubric.class);
        documents.stream().filter(d -> only.isEmpty() || d.rubric().name().equalsIgnoreCase(only.get()))
            .sorted(DossierApiController.NEWEST_FIRST)
            .forEach(d -> grouped.computeIfAbsent(d.rubric(), r -> new ArrayList<>()).add(d));
        List<RubricSection> sections = new ArrayList<>();
        grouped.forEach((rubric, listed) -> sections.add(new RubricSection(rubric.name().toLowerCase(Locale.ROOT),
            rubric.inFrench(), listed.stream().limit(only.isPresent() ? Integer.MAX_VALUE : first).map(DocumentLine::of).toList(),
            listed.size())));
        return sections;
    }

    /** At most this many lines per kind in the synthesis (the newest); the documents hold the rest. */
    static final int SYNTHESIS_LINES = 30;

    /**
     * Allergies, current treatments, problems and the latest result of each test, newest first, at most
     * {@link #SYNTHESIS_LINES} of each: one pass keeps the newest fact of each code, then only those are sorted (a
     * dossier of 500 lab reports holds tens of thousands of results).
     */
    static Map<String, List<FactLine>> synthesis(List<CdaDocument.Fact> facts) {
        Map<CdaDocument.FactKind, String> headings = Map.of(CdaDocument.FactKind.ALLERGY, "Allergies",
            CdaDocument.FactKind.MEDICATION, "Traitements en cours", CdaDocument.FactKind.PROBLEM, "Problèmes de santé",
            CdaDocument.FactKind.RESULT, "Derniers résultats");
        Map<CdaDocument.FactKind, Map<String, CdaDocument.Fact>> newest = new EnumMap<>(CdaDocument.FactKind.class);
        for (CdaDocument.Fact fact : facts) {
            Map<String, CdaDocument.Fact> ofKind = newest.computeIfAbsent(fact.kind(), k -> new java.util.HashMap<>());
            ofKind.merge(fact.codeSystem() + "|" + fact.code() + "|" + fact.display(), fact,
                (kept, other) -> when(other).compareTo(when(kept)) > 0 ? other : kept);
        }
        Map<String, List<FactLine>> byKind = new LinkedHashMap<>();
        for (CdaDocument.FactKind kind : CdaDocument.FactKind.values()) {
            byKind.put(headings.get(kind), newest.getOrDefault(kind, Map.of()).values().stream()
                .sorted(Comparator.comparing(PatientSpace::when).reversed()).limit(SYNTHESIS_LINES)
                .map(f -> new FactLine(f.display(),
                    f.value().map(v -> v + f.unit().map(u -> " " + u.replaceAll("[{}]", "")).orElse("")).orElse(""),
                    day(f.effectiveTime()).orElse(""))).toList());
        }
        return byKind;
    }

    private static String when(CdaDocument.Fact fact) {
        return fact.effectiveTime().orElse("");
    }

    static Optional<String> day(Optional<String> effectiveTime) {
        return IndexEntry.dayOf(effectiveTime).map((LocalDate d) -> DAY.format(d));
    }

    @GetMapping(BASE + "/documents/{id}")
    public String document(@PathVariable long id, HttpServletRequest request, Model model) {
        Viewer patient = patient(request);
        StoredDocument document = access.document(patient, DossierAccess.ownIns(patient), id, DossierAction.DOCUMENT).document();
        model.addAttribute("document", DocumentLine.of(document));
        model.addAttribute("rubric", document.rubric().inFrench());
        model.addAttribute("self", BASE + "/documents/" + id);
        model.addAttribute("embedded", DocumentResponses.embeddedFile(access.content(document)).map(file -> file.mediaType()));
        return "patient/document";
    }

    @GetMapping(BASE + "/documents/{id}/lecture")
    public ResponseEntity<String> reading(@PathVariable long id, HttpServletRequest request) {
        Viewer patient = patient(request);
        StoredDocument document = access.document(patient, DossierAccess.ownIns(patient), id, DossierAction.RENDERING).document();
        return DocumentResponses.html(document, access.content(document), BASE + "/documents/" + id + "/original");
    }

    @GetMapping(BASE + "/documents/{id}/original")
    public ResponseEntity<byte[]> original(@PathVariable long id, HttpServletRequest request) {
        Viewer patient = patient(request);
        StoredDocument document = access.document(patient, DossierAccess.ownIns(patient), id, DossierAction.DOCUMENT).document();
        return DocumentResponses.original(document, access.content(document));
    }

    @GetMapping(BASE + "/documents/{id}/original/embedded")
    public ResponseEntity<byte[]> embedded(@PathVariable long id, HttpServletRequest request) {
        Viewer patient = patient(request);
        StoredDocument document = access.document(patient, DossierAccess.ownIns(patient), id, DossierAction.EMBEDDED_FILE)
            .document();
        return DocumentResponses.embedded(document, access.content(document));
    }

    private static final DateTimeFormatter RECEIVED = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' H 'h' mm", Locale.FRENCH)
        .withZone(java.time.ZoneId.of("Europe/Paris"));

    /** A message of the secure inbox, as a line of the list. */
    public record MessageLine(long uid, String received, String from, String subject, boolean read) {
    }

    /** The secure inbox: the letters and notices, newest first; then the answers the patient sent from here. */
    @GetMapping(BASE + "/messages")
    public String messages(HttpServletRequest request, Model model) {
        String address = AccountAuthentication.accountOf(request).address();
        model.addAttribute("messages", lines(inbox.letters(address)));
        model.addAttribute("sent", lines(inbox.sent(address)));
        return "patient/messages";
    }

    private static List<MessageLine> lines(List<SecureInbox.Letter> letters) {
        return letters.stream().map(letter -> new MessageLine(letter.uid(), RECEIVED.format(letter.received()), letter.from(),
            letter.subject().isBlank() ? "(sans objet)" : letter.subject(), letter.read())).toList();
    }

    /** A message read; the reply form when the MSSanté rules let the patient answer its sender, else why not. */
    @GetMapping(BASE + "/messages/{uid}")
    public String message(@PathVariable long uid, HttpServletRequest request, Model model) {
        Account patient = AccountAuthentication.accountOf(request);
        SecureInbox.Reading reading = inbox.read(patient.address(), uid)
            .orElseThrow(() -> new NotFound("No message " + uid + " in this inbox."));
        model.addAttribute("message", reading);
        model.addAttribute("received", RECEIVED.format(reading.received()));
        model.addAttribute("maxReply", PatientReplies.MAX_TEXT);
        replies.whyNot(patient, reading).ifPresent(refusal ->
            model.addAttribute("noReply", Refusals.inFrench(refusal, reading.fromAddress())));
        return "patient/message";
    }

    /**
     * The patient's answer, submitted under the same rules as their mail client's. Refused, the page says why and
     * keeps what they wrote.
     */
    @PostMapping(BASE + "/messages/{uid}/repondre")
    public String reply(@PathVariable long uid, @RequestParam(name = "texte", defaultValue = "") String text,
                        HttpServletRequest request, RedirectAttributes outcome) {
        Account patient = AccountAuthentication.accountOf(request);
        try {
            PatientReplies.Sent sent = replies.reply(patient, uid, text, request.getRemoteAddr());
            outcome.addFlashAttribute("confirmation", "Votre réponse « " + sent.subject() + " » est envoyée à "
                + sent.to() + ".");
            return "redirect:" + BASE + "/messages";
        } catch (PatientReplies.ReplyRefused refused) {
            outcome.addFlashAttribute("erreur", Refusals.inFrench(refused.refusal(), refused.recipient()));
        } catch (IllegalArgumentException invalid) {
            outcome.addFlashAttribute("erreur", text.isBlank() ? "Écrivez votre réponse avant de l'envoyer."
                : "Votre réponse dépasse " + PatientReplies.MAX_TEXT + " caractères : raccourcissez-la.");
        } catch (java.util.NoSuchElementException gone) {
            throw new NotFound(gone.getMessage());
        }
        outcome.addFlashAttribute("brouillon", text);
        return "redirect:" + BASE + "/messages/" + uid;
    }

    @GetMapping(BASE + "/acces")
    public String accesses(@RequestParam(defaultValue = "0") int depuis, HttpServletRequest request, Model model) {
        Viewer patient = patient(request);
        String ins = DossierAccess.ownIns(patient);
        Map<Long, String> titles = new java.util.HashMap<>();
        access.ownDossier(patient).documents().forEach(d -> titles.put(d.id(), d.title()));
        AccessInWords words = new AccessInWords(id -> Optional.ofNullable(titles.get(id)),
            nationalId -> directory.professional(nationalId).map(PatientSpace::specialty));
        int offset = Math.max(0, depuis);
        List<fr.mssnode.dossier.audit.AuditEntry> page = privacy.accesses(patient, offset, HISTORY_PAGE);
        model.addAttribute("events", page.stream().filter(AccessInWords::worthTelling).map(words::sentence).toList());
        model.addAttribute("more", page.size() == HISTORY_PAGE);
        model.addAttribute("next", offset + HISTORY_PAGE);
        model.addAttribute("ins", ins);
        return "patient/acces";
    }

    private static String specialty(Professional professional) {
        return professional.specialtyLabel() != null && !professional.specialtyLabel().isBlank()
            ? professional.specialtyLabel() : professional.professionLabel();
    }

    @GetMapping(BASE + "/confidentialite")
    public String privacy(HttpServletRequest request, Model model) {
        Viewer patient = patient(request);
        model.addAttribute("settings", privacy.settings(patient));
        model.addAttribute("rubrics", byRubric(access.ownDossier(patient).documents()));
        return "patient/confidentialite";
    }

    @PostMapping(BASE + "/documents/{id}/masquer")
    public String mask(@PathVariable long id, HttpServletRequest request, RedirectAttributes confirmed) {
        return change(confirmed, () -> "« " + privacy.mask(patient(request), id, true).title()
            + " » est maintenant masqué aux professionnels.");
    }

    @PostMapping(BASE + "/documents/{id}/demasquer")
    public String unmask(@PathVariable long id, HttpServletRequest request, RedirectAttributes confirmed) {
        return change(confirmed, () -> "« " + privacy.mask(patient(request), id, false).title()
            + " » est de nouveau visible des professionnels qui vous soignent.");
    }

    @PostMapping(BASE + "/bloquer")
    public String block(@RequestParam String identifiant, HttpServletRequest request, RedirectAttributes confirmed) {
        return change(confirmed, () -> privacy.block(patient(request), identifiant)
            ? nameOf(identifiant) + " ne peut plus consulter votre dossier." : nameOf(identifiant) + " était déjà bloqué(e).");
    }

    @PostMapping(BASE + "/debloquer")
    public String unblock(@RequestParam String identifiant, HttpServletRequest request, RedirectAttributes confirmed) {
        return change(confirmed, () -> {
            privacy.unblock(patient(request), identifiant);
            return "Le blocage de " + nameOf(identifiant) + " est levé.";
        });
    }

    @PostMapping(BASE + "/autoriser")
    public String authorise(@RequestParam String identifiant, HttpServletRequest request, RedirectAttributes confirmed) {
        return change(confirmed, () -> privacy.authorise(patient(request), identifiant)
            ? nameOf(identifiant) + " peut désormais consulter votre dossier." : nameOf(identifiant) + " était déjà autorisé(e).");
    }

    @PostMapping(BASE + "/retirer")
    public String revoke(@RequestParam String identifiant, HttpServletRequest request, RedirectAttributes confirmed) {
        return change(confirmed, () -> {
            privacy.revokeAuthorisation(patient(request), identifiant);
            return "L'autorisation de " + nameOf(identifiant) + " est retirée.";
        });
    }

    @PostMapping(BASE + "/urgence")
    public String emergency(@RequestParam String autorise, HttpServletRequest request, RedirectAttributes confirmed) {
        boolean allowed = "oui".equals(autorise);
        return change(confirmed, () -> {
            privacy.setEmergencyAccess(patient(request), allowed);
            return allowed ? "L'accès en urgence à votre dossier est permis."
                : "Vous vous opposez à l'accès en urgence à votre dossier.";
        });
    }

    private String nameOf(String nationalId) {
        return directory.professional(nationalId.strip()).map(Professional::displayName).orElse(nationalId);
    }

    /** Does the change, and says so on the privacy page (or why it could not be done). */
    private static String change(RedirectAttributes confirmed, java.util.function.Supplier<String> done) {
        try {
            confirmed.addFlashAttribute("confirmation", done.get());
        } catch (InvalidRequest | NotFound | AccessRefused refused) {
            confirmed.addFlashAttribute("erreur", refused.getMessage());
        }
        return "redirect:" + BASE + "/confidentialite";
    }
}
