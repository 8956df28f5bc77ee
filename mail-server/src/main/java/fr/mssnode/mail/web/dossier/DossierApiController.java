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
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import fr.mssnode.directory.Account;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.DirectoryException;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.Mailbox;
import fr.mssnode.dossier.cda.CdaDocument;
import fr.mssnode.dossier.cda.CdaParser;
import fr.mssnode.dossier.cda.FilingRejected;
import fr.mssnode.dossier.index.DossierIndex;
import fr.mssnode.dossier.index.DossierQuery;
import fr.mssnode.dossier.index.IndexEntry;
import fr.mssnode.dossier.index.SearchPage;
import fr.mssnode.dossier.render.DocumentHtml;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.dossier.store.DossierStore.StoredDocument;
import fr.mssnode.dossier.store.Readers;
import fr.mssnode.dossier.store.Rubric;
import fr.mssnode.mail.web.ApiAuthentication;
import fr.mssnode.mail.web.ApiProblems.BadRequest;
import fr.mssnode.mail.web.ApiProblems.Forbidden;
import fr.mssnode.mail.web.ApiProblems.NotFound;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The patient dossier for authenticated professionals: a dossier's current documents by rubric, one document
 * (original bytes, HTML rendering, embedded file, versions), the patient synthesis, and search. For now a
 * professional reads a dossier when in the care relationship: author, sender or recipient of a document filed
 * in it. A document masked from professionals is shown to its author only.
 */
@RestController
@ConditionalOnProperty(name = "node.mail-server.enabled", havingValue = "true", matchIfMissing = true)
public class DossierApiController {
    private static final String BASE = "/api/dossiers";

    private final DossierStore store;
    private final DossierIndex index;
    private final Directory directory;

    public DossierApiController(DossierStore store, DossierIndex index, Directory directory) {
        this.store = store;
        this.index = index;
        this.directory = directory;
    }

    /** Who is asking: their mailbox, and their national id when the mailbox is a professional's own. */
    private record Viewer(List<String> readers, Optional<String> nationalId) {
        boolean sees(StoredDocument document) {
            return !document.maskedFromProfessionals() || (nationalId.isPresent() && document.authorId().equals(nationalId));
        }
    }

    private Viewer viewer(HttpServletRequest request) {
        Account account = (Account) request.getAttribute(ApiAuthentication.ACCOUNT);
        Optional<String> nationalId = directory.mailbox(account.address()).flatMap(Mailbox::ownerNationalId);
        List<String> readers = new ArrayList<>();
        readers.add(Readers.mailbox(account.address()));
        nationalId.ifPresent(id -> readers.add(Readers.professional(id)));
        return new Viewer(List.copyOf(readers), nationalId);
    }

    /** The INS must be well formed, the dossier must exist, and the viewer must be in the care relationship. */
    private String openDossier(String ins, Viewer viewer) {
        String matricule;
        try {
            matricule = new Ins(ins).matricule();
        } catch (DirectoryException e) {
            throw new BadRequest("'" + ins + "' is not a valid INS: " + e.getMessage());
        }
        if (!store.hasDossier(matricule)) {
            throw new NotFound("No dossier for INS " + matricule + ".");
        }
        if (!store.mayRead(matricule, viewer.readers())) {
            throw new Forbidden("You are not in the care relationship of this patient: no document of this dossier was"
                + " written by you, sent by you or addressed to you.");
        }
        return matricule;
    }

    private StoredDocument openDocument(String ins, long id, Viewer viewer) {
        String matricule = openDossier(ins, viewer);
        return store.document(id).filter(d -> d.ins().equals(matricule)).filter(viewer::sees)
            .orElseThrow(() -> new NotFound("No document " + id + " in the dossier of INS " + matricule + "."));
    }

    /** The current documents grouped by rubric, newest first (by the document's date, then the filing's). */
    @GetMapping(path = BASE + "/{ins}", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> dossier(@PathVariable String ins, HttpServletRequest request) {
        Viewer viewer = viewer(request);
        String matricule = openDossier(ins, viewer);
        Map<Rubric, List<Map<String, Object>>> byRubric = new EnumMap<>(Rubric.class); // the rubrics in their order
        store.currentDocuments(matricule).stream().filter(viewer::sees).sorted(NEWEST_FIRST)
            .forEach(d -> byRubric.computeIfAbsent(d.rubric(), r -> new ArrayList<>()).add(summary(d)));
        List<Map<String, Object>> rubrics = new ArrayList<>();
        byRubric.forEach((rubric, documents) ->
            rubrics.add(ordered("rubric", rubric.name().toLowerCase(Locale.ROOT), "documents", documents)));
        Map<String, Object> body = ordered("ins", matricule);
        store.dossier(matricule).ifPresent(p -> body.put("patient", ordered("birthName", p.birthName(),
            "givenNames", p.givenNames(), "birthDate", p.birthDate().map(LocalDate::toString).orElse(null),
            "sex", p.sex().orElse(null))));
        body.put("rubrics", rubrics);
        body.put("links", ordered("synthesis", BASE + "/" + matricule + "/synthesis", "search", BASE + "/search?ins=" + matricule));
        return body;
    }

    private static final Comparator<StoredDocument> NEWEST_FIRST = Comparator
        .comparing((StoredDocument d) -> d.effectiveTime().map(t -> t.substring(0, Math.min(14, t.length()))).orElse(""))
        .thenComparing(StoredDocument::filedAt).reversed();

    private static Map<String, Object> summary(StoredDocument d) {
        String self = BASE + "/" + d.ins() + "/documents/" + d.id();
        return ordered("id", d.id(), "documentUid", d.documentUid(), "title", d.title(), "typeCode", d.typeCode(),
            "typeDisplay", d.typeDisplay(), "rubric", d.rubric().name().toLowerCase(Locale.ROOT),
            "date", IndexEntry.dayOf(d.effectiveTime()).map(LocalDate::toString).orElse(null),
            "author", ordered("nationalId", d.authorId().orElse(null), "name", d.authorName()),
            "version", d.version(), "current", d.current(), "mediaType", d.mediaType(), "sizeBytes", d.sizeBytes(),
            "sha256", d.sha256(), "filedAt", d.filedAt().toString(),
            "links", ordered("content", self, "html", self + "/html", "versions", self + "/versions"));
    }

    /** The original bytes, as filed, with their media type. */
    @GetMapping(path = BASE + "/{ins}/documents/{id}")
    public ResponseEntity<byte[]> original(@PathVariable String ins, @PathVariable String id, HttpServletRequest request) {
        StoredDocument document = openDocument(ins, number(id), viewer(request));
        return ResponseEntity.ok().contentType(mediaType(document.mediaType()))
            .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"document-" + document.id() + extension(document) + "\"")
            .header("X-Content-Type-Options", "nosniff")
            .body(store.content(document.id()));
    }

    /** The document as a readable page (escaped, no script). */
    @GetMapping(path = BASE + "/{ins}/documents/{id}/html", produces = MediaType.TEXT_HTML_VALUE)
    public ResponseEntity<String> html(@PathVariable String ins, @PathVariable String id, HttpServletRequest request) {
        StoredDocument document = openDocument(ins, number(id), viewer(request));
        String page = DocumentHtml.render(document, store.content(document.id()), BASE + "/" + document.ins() + "/documents/" + document.id());
        return ResponseEntity.ok().contentType(new MediaType("text", "html", java.nio.charset.StandardCharsets.UTF_8))
            .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
            .body(page);
    }

    /** The file a CDA carries in its unstructured body (most often a PDF). */
    @GetMapping(path = BASE + "/{ins}/documents/{id}/embedded")
    public ResponseEntity<byte[]> embedded(@PathVariable String ins, @PathVariable String id, HttpServletRequest request) {
        StoredDocument document = openDocument(ins, number(id), viewer(request));
        byte[] content = store.content(document.id());
        Optional<CdaParser.EmbeddedContent> file = Optional.empty();
        if (CdaParser.claimsToBeCda(content)) {
            try {
                file = new CdaParser().embeddedContent(content);
            } catch (FilingRejected e) {
                file = Optional.empty();
            }
        }
        CdaParser.EmbeddedContent found = file.orElseThrow(() -> new NotFound("Document " + id + " carries no embedded file."));
        return ResponseEntity.ok().contentType(mediaType(found.mediaType())).header("X-Content-Type-Options", "nosniff")
            .body(found.content());
    }

    /** Every version of the document's set, newest first. */
    @GetMapping(path = BASE + "/{ins}/documents/{id}/versions", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> versions(@PathVariable String ins, @PathVariable String id, HttpServletRequest request) {
        Viewer viewer = viewer(request);
        StoredDocument document = openDocument(ins, number(id), viewer);
        List<Map<String, Object>> versions = store.history(document.setUid()).stream()
            .filter(d -> d.ins().equals(document.ins())).filter(viewer::sees).map(DossierApiController::summary).toList();
        return ordered("setUid", document.setUid(), "versions", versions);
    }

    /** The patient synthesis: the structured facts of the current documents, by kind. */
    @GetMapping(path = BASE + "/{ins}/synthesis", produces = MediaType.APPLICATION_JSON_VALUE)
    public Map<String, Object> synthesis(@PathVariable String ins, HttpServletRequest request) {
        String matricule = openDossier(ins, viewer(request));
        Map<String, List<Map<String, Object>>> byKind = new LinkedHashMap<>();
        for (CdaDocument.FactKind kind : CdaDocument.FactKind.values()) {
            byKind.put(kind.name().toLowerCase(Locale.ROOT), new ArrayList<>());
        }
        for (CdaDocument.Fact fact : store.synthesis(matricule)) {
            byKind.get(fact.kind().name().toLowerCase(Locale.ROOT)).add(ordered("code", fact.code(), "codeSystem", fact.codeSystem(),
                "display", fact.display(), "value", fact.value().orElse(null), "unit", fact.unit().orElse(null),
                "date", IndexEntry.dayOf(fact.effectiveTime()).map(LocalDate::toString).orElse(fact.effectiveTime().orElse(null))));
        }
        Map<String, Object> body = ordered("ins", matricule);
        body.putAll(byKind);
        return body;
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
        Viewer viewer = viewer(request);
        Set<String> patients = parameters.containsKey("ins") ? Set.of(openDossier(parameters.get("ins"), viewer))
            : store.readableDossiers(viewer.readers());
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
        DossierQuery query = new DossierQuery(text, Optional.of(patients), optional(parameters, "type"),
            optional(parameters, "author"), from, to, history.equals("true"), viewer.nationalId(), (page - 1) * size, size);
        SearchPage found = index.search(query);
        List<Map<String, Object>> hits = found.hits().stream().map(hit -> ordered("id", hit.documentId(), "ins", hit.ins(),
            "title", hit.title(), "typeCode", hit.typeCode(), "rubric", hit.rubric().toLowerCase(Locale.ROOT),
            "date", hit.date().map(LocalDate::toString).orElse(null), "score", hit.score(), "highlights", hit.highlights(),
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

    private static int bounded(Map<String, String> parameters, String name, int fallback, int min, int max) {
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

    private static long number(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new BadRequest("A document id is a number, not '" + id + "'.");
        }
    }

    private static MediaType mediaType(String declared) {
        try {
            return MediaType.parseMediaType(declared);
        } catch (RuntimeException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    private static String extension(StoredDocument document) {
        return switch (document.mediaType().toLowerCase(Locale.ROOT)) {
            case "text/xml", "application/xml", "application/hl7-cda+xml" -> ".xml";
            case "application/pdf" -> ".pdf";
            default -> "";
        };
    }

    /** A JSON object whose keys keep the order given (name, value, name, value...); null values are left out. */
    private static Map<String, Object> ordered(Object... namesAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                map.put((String) namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return map;
    }
}
