package fr.mssnode.mail.web.portal;

import java.io.IOException;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import fr.mssnode.directory.DirectorySearch;
import fr.mssnode.directory.ProfessionalQuery;
import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.dossier.access.AccessRefused;
import fr.mssnode.dossier.access.AccessRules;
import fr.mssnode.dossier.access.AccessStore;
import fr.mssnode.dossier.access.DossierAccess;
import fr.mssnode.dossier.access.DossierAction;
import fr.mssnode.dossier.access.Ground;
import fr.mssnode.dossier.access.InvalidRequest;
import fr.mssnode.dossier.access.Viewer;
import fr.mssnode.dossier.access.Viewers;
import fr.mssnode.dossier.index.DossierQuery;
import fr.mssnode.dossier.index.SearchPage;
import fr.mssnode.dossier.index.SearchScope;
import fr.mssnode.dossier.store.DossierStore.StoredDocument;
import fr.mssnode.mail.web.dossier.DocumentResponses;
import fr.mssnode.mail.web.security.AccountAuthentication;

/**
 * The professional's web space: the patients they care for (found by name, birth date or INS), a patient's dossier
 * with the synthesis first, full-text search with highlighted passages and type facets, each document readable,
 * break-the-glass with its explanation and a mandatory reason, and the directory to find a colleague's secure
 * address and certificates. Who may read what is the dossier's decision ({@link DossierAccess}); this maps pages.
 */
@Controller
@ConditionalOnProperty(name = "node.mail-server.enabled", havingValue = "true", matchIfMissing = true)
public class ProfessionalSpace {
    static final String BASE = "/espace/pro";
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' H 'h' mm", Locale.FRENCH)
        .withZone(ZoneId.of("Europe/Paris"));
    private static final int PAGE = 20;

    private final DossierAccess access;
    private final Viewers viewers;
    private final DirectorySearch directory;
    private final Certificates certificates;

    public ProfessionalSpace(DossierAccess access, Viewers viewers, DirectorySearch directory, Certificates certificates) {
        this.access = access;
        this.viewers = viewers;
        this.directory = directory;
        this.certificates = certificates;
    }

    private Viewer professional(HttpServletRequest request) {
        return viewers.of(AccountAuthentication.accountOf(request));
    }

    /** A patient line: name, birth date, INS, and why this professional may open the dossier. */
    public record PatientLine(String ins, String name, String birthDate, String ground) {
        static PatientLine of(DossierAccess.CaredPatient patient) {
            return new PatientLine(patient.ins(), patient.name(),
                patient.patient().flatMap(p -> p.birthDate()).map(DAY::format).orElse(""), patient.ground().inFrench());
        }
    }

    @GetMapping(BASE)
    public String patients(@RequestParam(defaultValue = "") String q, HttpServletRequest request, Model model) {
        List<DossierAccess.CaredPatient> found = access.patientsOf(professional(request), q);
        model.addAttribute("q", q);
        model.addAttribute("patients", found.stream().map(PatientLine::of).toList());
        model.addAttribute("limited", found.size() >= DossierAccess.MAX_PATIENTS);
        model.addAttribute("name", AccountAuthentication.accountOf(request).displayName());
        return "pro/patients";
    }

    @GetMapping(BASE + "/dossiers/{ins}")
    public String dossier(@PathVariable String ins, @RequestParam Optional<String> rubrique, HttpServletRequest request,
                          Model model) {
        Viewer viewer = professional(request);
        DossierAccess.DossierPage page = access.dossierPage(viewer, ins);
        DossierAccess.DossierView view = page.view();
        String matricule = view.decision().ins();
        model.addAttribute("ins", matricule);
        model.addAttribute("patient", view.patient().map(p -> p.birthName() + " " + p.givenNames()
            + p.birthDate().map(d -> ", né(e) le " + DAY.format(d)).orElse("")).orElse("INS " + matricule));
        model.addAttribute("ground", view.decision().ground().map(Ground::inFrench).orElse(""));
        model.addAttribute("until", view.decision().until().map(TIME::format).orElse(null));
        model.addAttribute("synthesis", PatientSpace.synthesis(page.synthesis()));
        model.addAttribute("rubrics", PatientSpace.byRubric(view.documents(), PatientSpace.FIRST_DOCUMENTS, rubrique));
        model.addAttribute("self", BASE + "/dossiers/" + matricule);
        return "pro/dossier";
    }

    @GetMapping(BASE + "/dossiers/{ins}/documents/{id}")
    public String document(@PathVariable String ins, @PathVariable long id, HttpServletRequest request, Model model) {
        StoredDocument document = access.document(professional(request), ins, id, DossierAction.DOCUMENT).document();
        model.addAttribute("document", PatientSpace.DocumentLine.of(document));
        model.addAttribute("rubric", document.rubric().inFrench());
        model.addAttribute("ins", document.ins());
        String self = BASE + "/dossiers/" + document.ins() + "/documents/" + id;
        model.addAttribute("self", self);
        model.addAttribute("embedded", DocumentResponses.embeddedFile(access.content(document)).map(file -> file.mediaType()));
        return "pro/document";
    }

    @GetMapping(BASE + "/dossiers/{ins}/documents/{id}/lecture")
    public ResponseEntity<String> reading(@PathVariable String ins, @PathVariable long id, HttpServletRequest request) {
        StoredDocument document = access.document(professional(request), ins, id, DossierAction.RENDERING).document();
        return DocumentResponses.html(document, access.content(document),
            BASE + "/dossiers/" + document.ins() + "/documents/" + id + "/original");
    }

    @GetMapping(BASE + "/dossiers/{ins}/documents/{id}/original")
    public ResponseEntity<byte[]> original(@PathVariable String ins, @PathVariable long id, HttpServletRequest request) {
        StoredDocument document = access.document(professional(request), ins, id, DossierAction.DOCUMENT).document();
        return DocumentResponses.original(document, access.content(document));
    }

    @GetMapping(BASE + "/dossiers/{ins}/documents/{id}/original/embedded")
    public ResponseEntity<byte[]> embedded(@PathVariable String ins, @PathVariable long id, HttpServletRequest request) {
        StoredDocument document = access.document(professional(request), ins, id, DossierAction.EMBEDDED_FILE).document();
        return DocumentResponses.embedded(document, access.content(document));
    }

    /** One hit: its document, where it is, and the passages with the words found. */
    public record HitLine(long id, String ins, String title, String date, String type, List<String> passages) {
    }

    /** A type among the hits (its code and French name), with their number, and the search narrowed to it. */
    public record Facet(String type, String name, long count, boolean chosen) {
    }

    @GetMapping(BASE + "/recherche")
    public String search(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String ins,
                         @RequestParam(defaultValue = "") String type, @RequestParam(defaultValue = "1") int page,
                         HttpServletRequest request, Model model) throws IOException {
        model.addAttribute("q", q);
        model.addAttribute("ins", ins);
        model.addAttribute("type", type);
        if (q.isBlank()) {
            return "pro/recherche";
        }
        if (q.length() > 1000) {
            throw new InvalidRequest("La recherche est limitée à 1000 caractères.");
        }
        int current = Math.max(1, Math.min(page, 1 + DossierQuery.MAX_OFFSET / PAGE));
        DossierQuery query = new DossierQuery(q, SearchScope.of(Set.of(), Set.of(), Optional.empty()),
            optional(type), Optional.empty(), Optional.empty(), Optional.empty(), false, (current - 1) * PAGE, PAGE);
        io.micrometer.core.instrument.Timer.Sample searching = io.micrometer.core.instrument.Timer.start();
        DossierAccess.SearchResult result = access.search(professional(request), query, optional(ins));
        searching.stop(fr.mssnode.mail.operations.NodeMeters.search("web"));
        SearchPage found = result.page();
        model.addAttribute("total", found.total());
        model.addAttribute("hits", found.hits().stream().map(hit -> new HitLine(hit.documentId(), hit.ins(), hit.title(),
            hit.date().map(DAY::format).orElse(""), hit.typeCode(), hit.highlights())).toList());
        model.addAttribute("facets", found.countByType().entrySet().stream()
            .map(e -> new Facet(e.getKey(), fr.mssnode.dossier.store.Rubric.typeName(e.getKey()), e.getValue(),
                e.getKey().equals(type))).toList());
        model.addAttribute("page", current);
        model.addAttribute("more", (long) current * PAGE < found.total());
        return "pro/recherche";
    }

    private static Optional<String> optional(String value) {
        return Optional.ofNullable(value).map(String::strip).filter(v -> !v.isEmpty());
    }

    /** Break-the-glass: what it does, the 4-hour limit, a mandatory reason. */
    @GetMapping(BASE + "/urgence")
    public String emergencyForm(@RequestParam(defaultValue = "") String ins, Model model) {
        model.addAttribute("ins", ins);
        model.addAttribute("hours", DossierAccess.EMERGENCY_ACCESS.toHours());
        return "pro/urgence";
    }

    @PostMapping(BASE + "/urgence")
    public String emergency(@RequestParam String ins, @RequestParam(defaultValue = "") String raison,
                            HttpServletRequest request, RedirectAttributes told, Model model) {
        try {
            AccessStore.EmergencyAccess grant = access.breakGlass(professional(request), ins, raison);
            told.addFlashAttribute("confirmation", "Accès en urgence ouvert jusqu'au " + TIME.format(grant.expiresAt())
                + ". Le patient et son médecin traitant en sont prévenus.");
            return "redirect:" + BASE + "/dossiers/" + grant.ins();
        } catch (InvalidRequest | AccessRefused refused) {
            model.addAttribute("ins", ins);
            model.addAttribute("hours", DossierAccess.EMERGENCY_ACCESS.toHours());
            model.addAttribute("raison", raison);
            model.addAttribute("erreur", Refusals.inFrench(refused));
            return "pro/urgence";
        }
    }

    /** A colleague found in the directory: name, specialty, secure addresses and their S/MIME certificates. */
    public record Colleague(String name, String specialty, String city, List<Address> addresses) {
    }

    public record Address(String address, String service, List<String> certificates) {
    }

    @GetMapping(BASE + "/annuaire")
    public String directory(@RequestParam(defaultValue = "") String nom, @RequestParam(defaultValue = "") String ville,
                            Model model) {
        model.addAttribute("nom", nom);
        model.addAttribute("ville", ville);
        if (!nom.isBlank() || !ville.isBlank()) {
            DirectorySearch.Page<DirectorySearch.Listing> found = directory.professionals(
                new ProfessionalQuery(nom, null, null, null, null, ville, true, 0, PAGE));
            model.addAttribute("total", found.total());
            model.addAttribute("colleagues", found.items().stream().map(listing -> new Colleague(
                listing.professional().displayName(), Optional.ofNullable(listing.professional().specialtyLabel())
                    .filter(s -> !s.isBlank()).orElse(listing.professional().professionLabel()),
                listing.professional().activities().stream().map(a -> a.city()).filter(c -> c != null && !c.isBlank())
                    .findFirst().orElse(""),
                listing.mailboxes().stream().filter(m -> m.active()).map(m -> new Address(m.address(), m.service(),
                    certificates.smimeFor(m.address()).stream().map(c -> c.usage().label() + " jusqu'au "
                        + DAY.format(c.notAfter().atZone(ZoneId.of("Europe/Paris")).toLocalDate())).toList())).toList()))
                .toList());
        }
        return "pro/annuaire";
    }

    /** A dossier the professional may not open: why, in French, and the way to break the glass when it applies. */
    @ExceptionHandler(AccessRefused.class)
    public String refused(AccessRefused refused, HttpServletRequest request, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        model.addAttribute("raison", Refusals.inFrench(refused));
        String path = request.getRequestURI();
        String ins = path.startsWith(BASE + "/dossiers/") ? path.substring((BASE + "/dossiers/").length()).split("/")[0] : "";
        boolean glass = refused.reason() == AccessRefused.Reason.NOT_IN_CARE
            || refused.reason() == AccessRefused.Reason.EMERGENCY_ACCESS_ENDED;
        model.addAttribute("urgence", glass && !ins.isEmpty() ? AccessRules.matricule(ins) : null);
        return "pro/refus";
    }
}
