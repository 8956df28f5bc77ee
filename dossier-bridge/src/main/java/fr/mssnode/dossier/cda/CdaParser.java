package fr.mssnode.dossier.cda;

import java.io.IOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;


import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import fr.mssnode.directory.DirectoryException;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;
import fr.mssnode.dossier.cda.CdaDocument.Author;
import fr.mssnode.dossier.cda.CdaDocument.Code;
import fr.mssnode.dossier.cda.CdaDocument.EmbeddedFile;
import fr.mssnode.dossier.cda.CdaDocument.Fact;
import fr.mssnode.dossier.cda.CdaDocument.FactKind;
import fr.mssnode.dossier.cda.CdaDocument.Identifier;
import fr.mssnode.dossier.cda.CdaDocument.Patient;
import fr.mssnode.dossier.cda.FilingRejected.Reason;
import fr.mssnode.dossier.xml.SafeXml;

/**
 * Reads HL7 CDA R2 documents as hostile input: bounded size, no DOCTYPE (so no external entity and no entity
 * expansion), no XInclude, secure processing limits; then the French header rules (INS with its key checked,
 * authors by national id) and the level-3 entries of the usual sections.
 */
public final class CdaParser {
    public static final String HL7 = "urn:hl7-org:v3";
    public static final String NATIONAL_ID_PP = "1.2.250.1.71.4.2.1";
    /** A level-1 document embedding a 15 MB PDF is about 20.5 MB of base64. */
    public static final long DEFAULT_MAX_BYTES = 32L * 1024 * 1024;
    private static final byte[] NON_XML_BODY = "nonXMLBody".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final Pattern VERSION = Pattern.compile("[0-9]{1,9}");
    private static final int MAX_TEXT = 1_000_000;
    /** LOINC codes of the sections whose entries become facts. */
    private static final Map<String, FactKind> SECTIONS = Map.of(
        "48765-2", FactKind.ALLERGY,
        "10160-0", FactKind.MEDICATION,
        "10183-2", FactKind.MEDICATION,
        "11450-4", FactKind.PROBLEM,
        "11348-0", FactKind.PROBLEM,
        "30954-2", FactKind.RESULT,
        "18719-5", FactKind.RESULT,
        "26436-6", FactKind.RESULT,
        "57828-6", FactKind.MEDICATION);
    /** How deep acts and organizers may group the statements of one entry (a battery holding panels holding results). */
    private static final int MAX_GROUPING_DEPTH = 12;

    private final long maxBytes;

    public CdaParser(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public CdaParser() {
        this(DEFAULT_MAX_BYTES);
    }

    /**
     * Whether the bytes claim to be a CDA document: XML whose root element is an HL7 {@code ClinicalDocument}. Read
     * no further than the root's start tag, whatever comes before it (a BOM, the XML declaration in any encoding, a
     * stylesheet instruction, comments). Only such a document is refused with a reason when it cannot be filed;
     * any other XML (a stylesheet, a FHIR bundle) is simply not a dossier document.
     */
    public static boolean claimsToBeCda(byte[] bytes) {
        return SafeXml.rootElement(bytes).map(root -> "ClinicalDocument".equals(root.getLocalPart())
            && HL7.equals(root.getNamespaceURI())).orElse(false);
    }

    public CdaDocument parse(byte[] bytes) throws FilingRejected {
        Base64Text embeddedText = Base64Text.counting();
        Element root = read(bytes, embeddedText).getDocumentElement();
        if (!"ClinicalDocument".equals(root.getLocalName()) || !HL7.equals(root.getNamespaceURI())) {
            throw new FilingRejected(Reason.NOT_CDA, "its root element is " + root.getNodeName());
        }
        Identifier id = identifier(required(root, "id")).orElseThrow(
            () -> new FilingRejected(Reason.MISSING_HEADER, "ClinicalDocument/id has no root"));
        Element code = required(root, "code");
        Code type = new Code(code.getAttribute("code"), code.getAttribute("codeSystem"), code.getAttribute("displayName"));
        if (type.code().isBlank()) {
            throw new FilingRejected(Reason.MISSING_HEADER, "ClinicalDocument/code has no code");
        }
        String confidentiality = child(root, "confidentialityCode").map(e -> e.getAttribute("code")).filter(c -> !c.isBlank())
            .orElseThrow(() -> new FilingRejected(Reason.MISSING_HEADER, "ClinicalDocument/confidentialityCode"));
        Optional<Identifier> setId = child(root, "setId").flatMap(CdaParser::identifier);
        int version = child(root, "versionNumber").map(e -> e.getAttribute("value")).filter(v -> VERSION.matcher(v).matches())
            .map(Integer::parseInt).orElse(1);
        Optional<Identifier> replaces = Optional.empty();
        for (Element related : children(root, "relatedDocument")) {
            if ("RPLC".equals(related.getAttribute("typeCode"))) {
                replaces = child(related, "parentDocument").flatMap(parent -> child(parent, "id")).flatMap(CdaParser::identifier);
            }
        }
        Element patientRole = path(root, "recordTarget", "patientRole")
            .orElseThrow(() -> new FilingRejected(Reason.NO_INS, "no recordTarget/patientRole"));
        List<Author> authors = new ArrayList<>();
        for (Element author : children(root, "author")) {
            child(author, "assignedAuthor").ifPresent(assigned -> {
                Optional<String> nationalId = children(assigned, "id").stream()
                    .filter(e -> NATIONAL_ID_PP.equals(e.getAttribute("root")))
                    .map(e -> e.getAttribute("extension")).filter(x -> !x.isBlank()).findFirst();
                authors.add(new Author(nationalId, path(assigned, "assignedPerson", "name").map(CdaParser::personName).orElse("")));
            });
        }
        if (authors.isEmpty()) {
            throw new FilingRejected(Reason.MISSING_HEADER, "ClinicalDocument/author");
        }
        Optional<String> custodian = path(root, "custodian", "assignedCustodian", "representedCustodianOrganization", "name")
            .map(CdaParser::text);
        Optional<String> legalAuthenticator = path(root, "legalAuthenticator", "assignedEntity", "assignedPerson", "name")
            .map(CdaParser::personName);
        StringBuilder text = new StringBuilder();
        String title = child(root, "title").map(CdaParser::text).orElse("");
        append(text, title);
        Optional<EmbeddedFile> file = Optional.empty();
        List<Fact> facts = new ArrayList<>();
        Optional<Element> component = child(root, "component");
        if (component.isPresent()) {
            Optional<Element> nonXml = child(component.get(), "nonXMLBody");
            if (nonXml.isPresent()) {
                file = embedded(nonXml.get(), embeddedText);
            }
            Optional<Element> structured = child(component.get(), "structuredBody");
            if (structured.isPresent()) {
                for (Element section : descendants(structured.get(), "section")) {
                    child(section, "title").map(CdaParser::text).ifPresent(t -> append(text, t));
                    child(section, "text").map(CdaParser::text).ifPresent(t -> append(text, t));
                    String sectionCode = child(section, "code").map(e -> e.getAttribute("code")).orElse("");
                    facts.addAll(facts(section, SECTIONS.get(sectionCode)));
                }
            }
        }
        return new CdaDocument(id, setId, version, replaces, type, title,
            child(root, "effectiveTime").map(e -> e.getAttribute("value")).filter(v -> !v.isBlank()),
            confidentiality, child(root, "languageCode").map(e -> e.getAttribute("code")).filter(v -> !v.isBlank()),
            patient(patientRole), List.copyOf(authors), custodian, legalAuthenticator, file, text.toString(), List.copyOf(facts));
    }

    /**
     * The decoded file a level-1 document carries in its unstructured body, when it has one: read again from the
     * stored original when someone opens it, never kept beside it.
     */
    public Optional<EmbeddedContent> embeddedContent(byte[] bytes) throws FilingRejected {
        Base64Text text = Base64Text.keeping();
        Element root = read(bytes, text).getDocumentElement();
        Optional<Element> nonXml = child(root, "component").flatMap(component -> child(component, "nonXMLBody"));
        if (nonXml.isEmpty()) {
            return Optional.empty();
        }
        Optional<EmbeddedFile> file = embedded(nonXml.get(), text);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        byte[] content = isBase64(nonXml.get()) ? text.content()
            : child(nonXml.get(), "text").map(Element::getTextContent).orElse("").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return Optional.of(new EmbeddedContent(file.get().mediaType(), content));
    }

    /** The file of an unstructured body, decoded. */
    public record EmbeddedContent(String mediaType, byte[] content) {
    }

    private Document read(byte[] bytes, Base64Text embeddedText) throws FilingRejected {
        if (bytes.length > maxBytes) {
            throw new FilingRejected(Reason.TOO_LARGE, megabytes(bytes.length) + ", the limit is " + megabytes(maxBytes));
        }
        try {
            if (!mayHaveUnstructuredBody(bytes)) {
                return SafeXml.parse(bytes); // a structured document: the plain tree builder, a quarter faster
            }
            // the base64 text of nonXMLBody/text streams through a decoder instead of into the tree
            return SafeXml.parse(bytes, element -> isBase64Body(element) ? Optional.of(embeddedText) : Optional.empty());
        } catch (SAXException e) {
            if (e.getException() instanceof Base64Text.InvalidBase64 invalid) {
                throw new FilingRejected(Reason.NOT_CDA, "nonXMLBody/text is not valid base64: " + invalid.getMessage());
            }
            String message = String.valueOf(e.getMessage());
            if (message.contains("DOCTYPE")) {
                throw new FilingRejected(Reason.DOCTYPE_FORBIDDEN, null);
            }
            throw new FilingRejected(Reason.NOT_XML, message);
        } catch (IOException e) {
            throw new FilingRejected(Reason.NOT_XML, e.getMessage());
        }
    }

    /**
     * Whether the document may hold a nonXMLBody: its name appears in the bytes, or the bytes are not an ASCII-based
     * encoding (UTF-16 or UTF-32, where a byte search cannot tell).
     */
    private static boolean mayHaveUnstructuredBody(byte[] bytes) {
        if (bytes.length < 2 || bytes[0] == 0 || bytes[1] == 0 || (bytes[0] & 0xFF) == 0xFE || (bytes[0] & 0xFF) == 0xFF) {
            return true;
        }
        int last = bytes.length - NON_XML_BODY.length;
        for (int i = 0; i <= last; i++) {
            if (bytes[i] == 'n' && java.util.Arrays.equals(bytes, i, i + NON_XML_BODY.length, NON_XML_BODY, 0, NON_XML_BODY.length)) {
                return true;
            }
        }
        return false;
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
    }

    private static boolean isBase64Body(Element element) {
        return "text".equals(element.getLocalName()) && HL7.equals(element.getNamespaceURI())
            && element.getParentNode() instanceof Element parent && "nonXMLBody".equals(parent.getLocalName())
            && "B64".equalsIgnoreCase(element.getAttribute("representation"));
    }

    private static boolean isBase64(Element nonXmlBody) {
        return child(nonXmlBody, "text").map(text -> "B64".equalsIgnoreCase(text.getAttribute("representation"))).orElse(false);
    }

    private static Patient patient(Element patientRole) throws FilingRejected {
        Element insId = null;
        String unknownRoot = null;
        for (Element id : children(patientRole, "id")) {
            String root = id.getAttribute("root");
            if (isInsRoot(root)) {
                insId = id;
                break;
            }
            if (root.startsWith("1.2.250.1.213.1.4.")) {
                unknownRoot = root;
            }
        }
        if (insId == null) {
            if (unknownRoot != null) {
                throw new FilingRejected(Reason.UNKNOWN_PATIENT_ID_TYPE, "root " + unknownRoot
                    + " is none of the INS roots 1.2.250.1.213.1.4.8 to .11");
            }
            throw new FilingRejected(Reason.NO_INS, "no recordTarget/patientRole/id with an INS root (1.2.250.1.213.1.4.8 to .11)");
        }
        Ins ins;
        try {
            ins = new Ins(insId.getAttribute("extension"));
        } catch (DirectoryException e) {
            throw new FilingRejected(Reason.BAD_INS, e.getMessage());
        }
        Optional<Element> person = child(patientRole, "patient");
        String birthName = "";
        List<String> given = new ArrayList<>();
        if (person.isPresent()) {
            for (Element name : children(person.get(), "name")) {
                for (Element family : children(name, "family")) {
                    if (birthName.isEmpty() || "BR".equals(family.getAttribute("qualifier"))) {
                        birthName = text(family);
                    }
                }
                if (given.isEmpty()) {
                    // the birth first names; a given name qualified CL is the one the patient uses, not a trait
                    children(name, "given").stream().filter(g -> !"CL".equals(g.getAttribute("qualifier")))
                        .forEach(g -> given.add(text(g)));
                }
            }
        }
        Optional<LocalDate> birthDate = person.flatMap(p -> child(p, "birthTime")).map(e -> e.getAttribute("value"))
            .flatMap(CdaParser::date);
        Optional<String> sex = person.flatMap(p -> child(p, "administrativeGenderCode")).map(e -> e.getAttribute("code"))
            .filter(c -> !c.isBlank());
        return new Patient(ins, InsOid.parse(insId.getAttribute("root")), birthName, String.join(" ", given), birthDate, sex);
    }

    private static boolean isInsRoot(String root) {
        for (InsOid oid : InsOid.values()) {
            if (oid.oid().equals(root)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<EmbeddedFile> embedded(Element nonXmlBody, Base64Text decoded) {
        Optional<Element> text = child(nonXmlBody, "text");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String mediaType = text.get().getAttribute("mediaType");
        long size = isBase64(nonXmlBody) ? decoded.decodedSize()
            : text.get().getTextContent().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return Optional.of(new EmbeddedFile(mediaType.isBlank() ? "application/octet-stream" : mediaType, size));
    }

    /**
     * The facts of a section's entries, one per main clinical statement: the entry's observation or
     * substance administration, or those a concern act or an organizer (battery, panel) groups, at any depth of
     * grouping. What a statement carries in its own entryRelationship (severity, clinical status, certainty,
     * comments, reaction) qualifies it and is never a fact of its own. A section of no known kind yields results
     * with a measured value only; medications come from the medication and prescription sections.
     */
    private static List<Fact> facts(Element section, FactKind sectionKind) {
        List<Element> statements = new ArrayList<>();
        for (Element entry : children(section, "entry")) {
            mainStatements(entry, statements, 0);
        }
        List<Fact> facts = new ArrayList<>();
        for (Element statement : statements) {
            if ("substanceAdministration".equals(statement.getLocalName())) {
                if (sectionKind == FactKind.MEDICATION) {
                    path(statement, "consumable", "manufacturedProduct", "manufacturedMaterial", "code").ifPresent(code ->
                        facts.add(new Fact(FactKind.MEDICATION, code.getAttribute("code"), code.getAttribute("codeSystem"),
                            display(code), dose(statement), child(statement, "doseQuantity").map(d -> d.getAttribute("unit"))
                            .filter(u -> !u.isBlank()), time(statement))));
                }
                continue;
            }
            Element observation = statement;
            Optional<Element> value = child(observation, "value");
            Optional<Element> code = child(observation, "code");
            if (sectionKind == FactKind.ALLERGY) {
                Optional<Element> allergen = path(observation, "participant", "participantRole", "playingEntity", "code");
                Optional<Element> what = allergen.isPresent() ? allergen : value;
                what.filter(e -> !e.getAttribute("code").isBlank() || !display(e).isBlank()).ifPresent(e ->
                    facts.add(new Fact(FactKind.ALLERGY, e.getAttribute("code"), e.getAttribute("codeSystem"), display(e),
                        Optional.empty(), Optional.empty(), time(observation))));
            } else if (sectionKind == FactKind.PROBLEM) {
                value.filter(e -> !e.getAttribute("code").isBlank() || !display(e).isBlank()).ifPresent(e ->
                    facts.add(new Fact(FactKind.PROBLEM, e.getAttribute("code"), e.getAttribute("codeSystem"), display(e),
                        Optional.empty(), Optional.empty(), time(observation))));
            } else if (sectionKind != FactKind.MEDICATION && code.isPresent() && value.isPresent()
                && !value.get().getAttribute("value").isBlank()) {
                facts.add(new Fact(FactKind.RESULT, code.get().getAttribute("code"), code.get().getAttribute("codeSystem"),
                    display(code.get()), Optional.of(value.get().getAttribute("value")),
                    Optional.of(value.get().getAttribute("unit")).filter(u -> !u.isBlank()), time(observation)));
            }
        }
        return facts;
    }

    /**
     * Collects the main observations and substance administrations under an entry: itself when it is one,
     * else through the grouping acts (entryRelationship) and organizers (component) it holds, never inside a
     * statement's own relationships.
     */
    private static void mainStatements(Element holder, List<Element> found, int depth) {
        if (depth > MAX_GROUPING_DEPTH) {
            return;
        }
        for (Node node = holder.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (!(node instanceof Element element) || !HL7.equals(element.getNamespaceURI())) {
                continue;
            }
            switch (element.getLocalName()) {
                case "observation", "substanceAdministration" -> found.add(element);
                case "act", "organizer", "entryRelationship", "component" -> mainStatements(element, found, depth + 1);
                default -> {
                }
            }
        }
    }

    private static Optional<String> dose(Element administration) {
        return child(administration, "doseQuantity").map(d -> d.getAttribute("value")).filter(v -> !v.isBlank());
    }

    private static Optional<String> time(Element element) {
        Optional<Element> time = child(element, "effectiveTime");
        if (time.isEmpty()) {
            return Optional.empty();
        }
        String value = time.get().getAttribute("value");
        if (value.isBlank()) {
            value = child(time.get(), "low").map(e -> e.getAttribute("value")).orElse("");
        }
        return Optional.of(value).filter(v -> !v.isBlank());
    }

    private static String display(Element code) {
        String display = code.getAttribute("displayName");
        if (display.isBlank()) {
            display = child(code, "originalText").map(CdaParser::text).orElse("");
        }
        return display;
    }

    private static Optional<LocalDate> date(String hl7) {
        if (hl7 == null || hl7.length() < 8) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(hl7.substring(0, 4) + "-" + hl7.substring(4, 6) + "-" + hl7.substring(6, 8)));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String personName(Element name) {
        List<String> parts = new ArrayList<>();
        children(name, "prefix").forEach(p -> parts.add(text(p)));
        children(name, "given").forEach(g -> parts.add(text(g)));
        children(name, "family").forEach(f -> parts.add(text(f)));
        String joined = String.join(" ", parts).trim();
        return joined.isEmpty() ? text(name) : joined;
    }

    private static Optional<Identifier> identifier(Element id) {
        String root = id.getAttribute("root");
        if (root.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(new Identifier(root, Optional.of(id.getAttribute("extension")).filter(x -> !x.isBlank())));
    }

    private static void append(StringBuilder text, String more) {
        if (!more.isBlank() && text.length() < MAX_TEXT) {
            text.append(more.length() > MAX_TEXT - text.length() ? more.substring(0, MAX_TEXT - text.length()) : more).append('\n');
        }
    }

    /** The element's text, each run of white space made one space, trimmed (by hand: a regex was a sixth of parsing). */
    private static String text(Element element) {
        String raw = element.getTextContent();
        StringBuilder text = new StringBuilder(raw.length());
        boolean spaceBefore = false;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == 0x0B) {
                spaceBefore = text.length() > 0;
            } else {
                if (spaceBefore) {
                    text.append(' ');
                    spaceBefore = false;
                }
                text.append(c);
            }
        }
        return text.toString();
    }

    private static Element required(Element parent, String name) throws FilingRejected {
        return child(parent, name).orElseThrow(() -> new FilingRejected(Reason.MISSING_HEADER, "ClinicalDocument/" + name));
    }

    static Optional<Element> child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getLocalName()) && HL7.equals(element.getNamespaceURI())) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getLocalName()) && HL7.equals(element.getNamespaceURI())) {
                found.add(element);
            }
        }
        return found;
    }

    static Optional<Element> path(Element from, String... names) {
        Optional<Element> current = Optional.of(from);
        for (String name : names) {
            current = current.flatMap(element -> child(element, name));
        }
        return current;
    }

    /** The HL7 elements of that name below {@code from}, in document order (one walk, not a live NodeList). */
    static List<Element> descendants(Element from, String name) {
        List<Element> found = new ArrayList<>();
        collect(from, name, found);
        return found;
    }

    private static void collect(Element parent, String name, List<Element> found) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                if (name.equals(element.getLocalName()) && HL7.equals(element.getNamespaceURI())) {
                    found.add(element);
                }
                collect(element, name, found);
            }
        }
    }
}
