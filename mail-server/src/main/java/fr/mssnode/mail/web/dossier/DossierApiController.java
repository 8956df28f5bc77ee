package fr.mssnode.mail.web.dossier;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import fr.mssnode.dossier.access.AccessRules;
import fr.mssnode.dossier.access.AccessStore;
import fr.mssnode.dossier.access.DossierAccess;
import fr.mssnode.dossier.access.DossierAction;
import fr.mssnode.dossier.access.Ground;
import fr.mssnode.dossier.access.Viewer;
import fr.mssnode.dossier.access.Viewers;
import fr.mssnode.dossier.cda.CdaDocument;
import fr.mssnode.dossier.index.DossierQuery;
import fr.mssnode.dossier.index.IndexEntry;
import fr.mssnode.dossier.index.SearchPage;
import fr.mssnode.dossier.index.SearchScope;
import fr.mssnode.dossier.store.DossierStore.StoredDocument;
import fr.mssnode.dossier.store.Rubric;
import fr.mssnode.mail.web.security.AccountAuthentication;
import fr.mssnode.mail.web.ApiProblems.BadRequest;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The patient dossier for authenticated professionals: a dossier's current documents by rubric, one document
 * (original bytes, HTML rendering, embedded file), its versions, the patient synthesis, search, break-the-glass and
 * the author's release of a document to the patient. Who may read what is decided by the dossier's access rules
 * ({@link DossierAccess}, {@code AccessDecision}); this controller only maps HTTP to them.
 */
@RestController
@ConditionalOnProperty(name = "node.mail-server.enabled", havingValue = "true", matchIfMissing = true)
public class DossierApiController {
    private static final String BASE = "/api/dossiers";

    private final DossierAccess access;
    private final Viewers viewers;

    public DossierApiController(DossierAccess access, Viewers viewers) {
        this.access = access;
        this.viewers = viewers;
    }

    private Viewer viewer(HttpServletRequest request) {
        return viewers.of(AccountAuthentication.accountOf(request));
    }

    /** The current documents grouped by rubric, newest first (by the document's date, then the filing's). */
    @GetMapping(path = BASE + "/{ins}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> dossier(@PathVariable String ins, HttpServletRequest request) {
        DossierAccess.DossierView view = access.dossier(viewer(request), ins);
        String matricule = view.decision().ins();
        Map<String, Object> body = ordered("ins", matricule);
        view.patient().ifPresent(p -> body.put("patient", ordered("birthName", p.birthName(),
            "givenNames", p.givenNames(), "birthDate", p.birthDate().map(LocalDate::toString).orElse(null),
            "sex", p.sex().orElse(null))));
        body.put("access", ordered("ground", view.decision().ground().map(Ground::label).orElse(null),
            "until", view.decision().until().map(Object::toString).orElse(null)));
        body.put("rubrics", byRubric(view.documents(), DossierApiController::summary));
        body.put("links", ordered("synthesis", BASE + "/" + matricule + "/synthesis", "search", BASE + "/search?ins=" + matricule));
        return body;
    }

    /** Documents grouped by rubric (in the rubrics' order), newest first in each. */
    public static List<Map<String, Object>> byRubric(List<StoredDocument> documents,
                                                     java.util.function.Function<StoredDocument, Map<String, Object>> summary) {
        Map<Rubric, List<Map<String, Object>>> byRubric = new EnumMap<>(Rubric.class);
        documents.stream().sorted(NEWEST_FIRST)
            .forEach(d -> byRubric.computeIfAbsent(d.rubric(), r -> new ArrayList<>()).add(summary.apply(d)));
        List<Map<String, Object>> rubrics = new ArrayList<>();
        byRubric.forEach((rubric, listed) ->
            rubrics.add(ordered("rubric", rubric.name().toLowerCase(Locale.ROOT), "documents", listed)));
        return rubrics;
    }

    public static final Comparator<StoredDocument> NEWEST_FIRST = Comparator
        .comparing((StoredDocument d) -> d.effectiveTime().map(t -> t.substring(0, Math.min(14, t.length()))).orElse(""))
        .thenComparing(StoredDocument::filedAt).reversed();

    static Map<String, Object> summary(StoredDocument d) {
        String self = BASE + "/" + d.ins() + "/documents/" + d.id();
        return ordered("id", d.id(), "documentUid", d.documentUid(), "title", d.title(), "typeCode", d.typeCode(),
            "typeDisplay", d.typeDisplay(), "rubric", d.rubric().name().toLowerCase(Locale.ROOT),
            "date", IndexEntry.dayOf(d.effectiveTime()).map(LocalDate::toString).orElse(null),
            "author", ordered("nationalId", d.authorId().orElse(null), "name", d.authorName()),
            "version", d.version(), "current", d.current(), "mediaType", d.mediaType(), "sizeBytes", d.sizeBytes(),
            "sha256", d.sha256(), "filedAt", d.filedAt().toString(), "masked", d.masked() ? Boolean.TRUE : null,
            "links", ordered("content", self, "html", self + "/html", "versions", self + "/versions"));
    }

    /** The original bytes, as filed, with their media type. */
    @GetMapping(path = BASE + "/{ins}/documents/{id}")
    public ResponseEntity<byte[]> original(@PathVariable String ins, @PathVariable String id, HttpServletRequest request) {
        StoredDocument document = access.document(viewer(request), ins, number(id), DossierAction.DOCUMENT).document();
        return DocumentResponses.original(document, access.content(document));
    }

    /** The document as a readable page (escaped, no script). */
    @GetMapping(path = BASE + "/{ins}/documents/{id}/html", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> html(@PathVariable String ins, @PathVariable String id, HttpServletRequest request) {
        StoredDocument document = access.document(viewer(request), ins, number(id), DossierAction.RENDERING).document();
        return DocumentResponses.html(document, access.content(document), BASE + "/" + document.ins() + "/documents/" + document.id());
    }

    /** The file a CDA carries in its unstructured body (most often a PDF). */
    @GetMapping(path = BASE + "/{ins}/documents/{id}/embedded")
    public ResponseEntity<byte[]> embedded(@PathVariable String ins, @PathVariable String id, HttpServletRequest request) {
        StoredDocument document = access.document(viewer(request), ins, number(id), DossierAction.EMBEDDED_FILE).document();
        return DocumentResponses.embedded(document, access.content(document));
    }

    /** Every version of the document's set, newest first. */
    @GetMapping(path = BASE + "/{ins}/documents/{id}/versions", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> versions(@PathVariable String ins, @PathVariable String id, HttpServletRequest request) {
        List<StoredDocument> versions = access.versions(viewer(request), ins, number(id));
        return ordered("setUid", versions.isEmpty() ? null : versions.get(0).setUid(),
            "versions", versions.stream().map(DossierApiController::summary).toList());
    }

    /** The author releases a document not yet visible to the patient (after the announcement consultation). */
    @PostMapping(path = BASE + "/{ins}/documents/{id}/release", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> release(@PathVariable String ins, @PathVariable String id, HttpServletRequest request) {
        StoredDocument document = access.release(viewer(request), ins, number(id));
        return ordered("id", document.id(), "visibleToPatient", true,
            "releasedAt", document.releasedAt().map(Object::toString).orElse(null));
    }

    /** The patient synthesis: the structured facts of the current documents, by kind. */
    @GetMapping(path = BASE + "/{ins}/synthesis", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> synthesis(@PathVariable String ins, HttpServletRequest request) {
        String matricule = AccessRules.matricule(ins);
        Map<String, Object> body = ordered("ins", matricule);
        body.putAll(synthesis(access.synthesis(viewer(request), ins)));
        return body;
    }

    /** Facts by kind (allergy, medication, problem, result), each with its code, value, unit and date. */
    public static Map<String, Object> synthesis(List<CdaDocument.Fact> facts) {
        Map<String, Object> byKind = new LinkedHashMap<>();
        for (CdaDocument.FactKind kind : CdaDocument.FactKind.values()) {
            byKind.put(kind.name().toLowerCase(Locale.ROOT), new ArrayList<Map<String, Object>>());
        }
        for (CdaDocument.Fact fact : facts) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> list = (List<Map<String, Object>>) byKind.get(fact.kind().name().toLowerCase(Locale.ROOT));
            list.add(ordered("code", fact.code(), "codeSystem", fact.codeSystem(),
                "display", fact.display(), "value", fact.value().orElse(null), "unit", fact.unit().orElse(null),
                "date", IndexEntry.dayOf(fact.effectiveTime()).map(LocalDate::toString).orElse(fact.effectiveTime().orElse(null))));
        }
        return byKind;
    }

    /** What a professional states to open a dossier in an emergency. */
    public record BreakGlassRequest(String reason) {
    }

    /** The emergency access granted. */
    public record BreakGlassGrant(String ins, String ground, String grantedAt, String expiresAt, String reason) {
    }

    /**
     * Break-the-glass: an active professional opens a dossier they are otherwise refused, for 4 hours, stating a
     * reason; the patient and their treating doctor are told at once.
     */
    @PostMapping(path = BASE + "/{ins}/break-glass", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<BreakGlassGrant> breakGlass(@PathVariable String ins, @RequestBody(required = false) BreakGlassRequest body,
                                                      HttpServletRequest request) {
        AccessStore.EmergencyAccess grant = access.breakGlass(viewer(request), ins, body == null ? null : body.reason());
        return ResponseEntity.status(HttpStatus.CREATED).header(HttpHeaders.LOCATION, BASE + "/" + grant.ins())
            .body(new BreakGlassGrant(grant.ins(), Ground.BREAK_GLASS.label(), grant.openedAt().toString(),
                grant.expiresAt().toString(), grant.reason()));
    }

    /**
     * Search of the dossiers the viewer may read (or of one, with {@code ins}): words in French (accents, plurals
     * and elisions do not matter), "phrases", -exclusions; filters by type, author, date range; a page of hits
     * with highlighted passages and the count per type.
     */
    @GetMapping(path = BASE + "/search", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> search(@RequestParam Map<String, String> parameters, HttpServletRequest request)
        throws IOException {
        for (String parameter : parameters.keySet()) {
            if (!SEARCH_PARAMETERS.contains(parameter)) {
                throw new BadRequest("Unknown search parameter '" + parameter + "': use "
                    + String.join(", ", SEARCH_PARAMETERS.stream().sorted().toList()) + ".");
            }
        }
        int page = bounded(parameters, "page", 1, 1, 1 + DossierQuery.MAX_OFFSET / 10);
        int size = bounded(parameters, "size", 10, 1, DossierQuery.MAX_LIMIT);
        if ((long) (page - 1) * size > DossierQuery.MAX_OFFSET) {
            throw new BadRequest("Results stop at " + DossierQuery.MAX_OFFSET + ": narrow the search.");
        }
        Optional<LocalDate> from = date(parameters, "from");
        Optional<LocalDate> to = date(parameters, "to");
        String history = parameters.getOrDefault("history", "false");
        if (!history.equals("true") && !history.equals("false")) {
            throw new BadRequest("history is true or false, not '" + history + "'.");
        }
        String text = parameters.getOrDefault("q", "");
        if (text.length() > 1000) {
            throw new BadRequest("q is limited to 1000 characters.");
        }
        DossierQuery query = new DossierQuery(text, SearchScope.of(Set.of(), Set.of(), Optional.empty()),
            optional(parameters, "type"), optional(parameters, "author"), from, to, history.equals("true"), (page - 1) * size, size);
        io.micrometer.core.instrument.Timer.Sample searching = io.micrometer.core.instrument.Timer.start();
        DossierAccess.SearchResult result = access.search(viewer(request), query, optional(parameters, "ins"));
        searching.stop(fr.mssnode.mail.operations.NodeMeters.search("api"));
        SearchPage found = result.page();
        List<Map<String, Object>> hits = found.hits().stream().map(hit -> ordered("id", hit.documentId(), "ins", hit.ins(),
            "title", hit.title(), "typeCode", hit.typeCode(), "rubric", hit.rubric().toLowerCase(Locale.ROOT),
            "date", hit.date().map(LocalDate::toString).orElse(null), "score", hit.score(), "highlights", hit.highlights(),
            "ground", Optional.ofNullable(result.grounds().get(hit.ins())).map(Ground::label).orElse(null),
            "links", ordered("content", BASE + "/" + hit.ins() + "/documents/" + hit.documentId(),
                "html", BASE + "/" + hit.ins() + "/documents/" + hit.documentId() + "/html"))).toList();
        return ordered("total", found.total(), "page", page, "size", size, "hits", hits,
            "facets", ordered("type", found.countByType()));
    }

    private static final Set<String> SEARCH_PARAMETERS = Set.of("q", "ins", "type", "author", "from", "to", "page", "size",
        "history");

    private static Optional<String> optional(Map<String, String> parameters, String name) {
        return Optional.ofNullable(parameters.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private static Optional<LocalDate> date(Map<String, String> parameters, String name) {
        try {
            return optional(parameters, name).map(LocalDate::parse);
        } catch (DateTimeParseException e) {
            throw new BadRequest(name + " is a date as YYYY-MM-DD, not '" + parameters.get(name) + "'.");
        }
    }

    static int bounded(Map<String, String> parameters, String name, int fallback, int min, int max) {
        String value = parameters.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.strip());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new BadRequest(name + " is a whole number from " + min + " to " + max + ", not '" + value + "'.");
    }

    static long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new BadRequest("A document id is a number, not '" + id + "'.");
        }
    }

    /** A JSON object whose keys keep the order given (name, value, name, value...); null values are left out. */
    public static Map<String, Object> ordered(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                map.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return map;
    }
}
