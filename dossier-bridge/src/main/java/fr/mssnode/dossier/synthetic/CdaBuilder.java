package fr.mssnode.dossier.synthetic;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes CDA R2 documents shaped like the French ones (ANS header rules): for tests, the demo and benchmarks.
 * Synthetic content only. Every value is XML-escaped.
 */
public final class CdaBuilder {
    private final String typeCode;
    private final String typeDisplay;
    private String idRoot = "1.2.250.1.999.1.1";
    private String idExtension = java.util.UUID.randomUUID().toString();
    private String setIdExtension;
    private int version = 1;
    private String replacesExtension;
    private String title = "Document";
    private String effectiveTime = "20261124103000+0100";
    private String confidentiality = "N";
    private String patientRoot = "1.2.250.1.213.1.4.10";
    private String ins;
    private String birthName = "DURAND";
    private String given = "Camille";
    private String birthDate = "19850512";
    private String sex = "F";
    private String authorId = "810000000017";
    private String authorGiven = "Sophie";
    private String authorFamily = "LEFEBVRE";
    private final List<String> sections = new ArrayList<>();
    private String nonXmlBody;

    private CdaBuilder(String typeCode, String typeDisplay) {
        this.typeCode = typeCode;
        this.typeDisplay = typeDisplay;
    }

    public static CdaBuilder of(String loincCode, String display) {
        return new CdaBuilder(loincCode, display);
    }

    public CdaBuilder id(String root, String extension) {
        this.idRoot = root;
        this.idExtension = extension;
        return this;
    }

    public CdaBuilder version(String setId, int versionNumber) {
        this.setIdExtension = setId;
        this.version = versionNumber;
        return this;
    }

    /** This version replaces (RPLC) the document whose id extension is given (same id root). */
    public CdaBuilder replaces(String extension) {
        this.replacesExtension = extension;
        return this;
    }

    public CdaBuilder title(String text) {
        this.title = text;
        return this;
    }

    public CdaBuilder effectiveTime(String hl7) {
        this.effectiveTime = hl7;
        return this;
    }

    public CdaBuilder confidentiality(String code) {
        this.confidentiality = code;
        return this;
    }

    /** The patient: INS matricule under an INS root (or any root, to test refusals); null leaves the id out. */
    public CdaBuilder patient(String root, String insMatricule, String family, String givenNames, String birth, String gender) {
        this.patientRoot = root;
        this.ins = insMatricule;
        this.birthName = family;
        this.given = givenNames;
        this.birthDate = birth;
        this.sex = gender;
        return this;
    }

    public CdaBuilder author(String nationalId, String givenName, String familyName) {
        this.authorId = nationalId;
        this.authorGiven = givenName;
        this.authorFamily = familyName;
        return this;
    }

    /** A structured section with its narrative text and level-3 entries (XML written by the helpers below). */
    public CdaBuilder section(String loincCode, String sectionTitle, String narrative, String... entries) {
        StringBuilder section = new StringBuilder();
        section.append("<component><section><code code=\"").append(x(loincCode))
            .append("\" codeSystem=\"2.16.840.1.113883.6.1\"/><title>").append(x(sectionTitle)).append("</title><text>")
            .append(x(narrative)).append("</text>");
        for (String entry : entries) {
            section.append("<entry>").append(entry).append("</entry>");
        }
        section.append("</section></component>");
        sections.add(section.toString());
        return this;
    }

    public CdaBuilder nonXmlBody(String mediaType, byte[] content) {
        this.nonXmlBody = "<nonXMLBody><text mediaType=\"" + x(mediaType) + "\" representation=\"B64\">"
            + Base64.getMimeEncoder().encodeToString(content) + "</text></nonXMLBody>";
        return this;
    }

    public static String allergy(String code, String display) {
        return "<act classCode=\"ACT\" moodCode=\"EVN\"><entryRelationship typeCode=\"SUBJ\"><observation classCode=\"OBS\""
            + " moodCode=\"EVN\"><code code=\"ALG\" codeSystem=\"2.16.840.1.113883.5.4\"/><effectiveTime><low value=\"20200101\"/>"
            + "</effectiveTime><participant typeCode=\"CSM\"><participantRole classCode=\"MANU\"><playingEntity classCode=\"MMAT\">"
            + "<code code=\"" + x(code) + "\" codeSystem=\"2.16.840.1.113883.6.73\" displayName=\"" + x(display) + "\"/>"
            + "</playingEntity></participantRole></participant></observation></entryRelationship></act>";
    }

    public static String medication(String code, String display, String dose, String unit) {
        return "<substanceAdministration classCode=\"SBADM\" moodCode=\"INT\"><effectiveTime><low value=\"20261101\"/>"
            + "</effectiveTime><doseQuantity value=\"" + x(dose) + "\" unit=\"" + x(unit) + "\"/><consumable><manufacturedProduct>"
            + "<manufacturedMaterial><code code=\"" + x(code) + "\" codeSystem=\"1.2.250.1.213.2.3.1\" displayName=\""
            + x(display) + "\"/></manufacturedMaterial></manufacturedProduct></consumable></substanceAdministration>";
    }

    public static String problem(String code, String display) {
        return "<act classCode=\"ACT\" moodCode=\"EVN\"><entryRelationship typeCode=\"SUBJ\"><observation classCode=\"OBS\""
            + " moodCode=\"EVN\"><code code=\"55607006\" codeSystem=\"2.16.840.1.113883.6.96\"/><effectiveTime><low value=\"20190301\"/>"
            + "</effectiveTime><value xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CD\" code=\"" + x(code)
            + "\" codeSystem=\"2.16.840.1.113883.6.3\" displayName=\"" + x(display) + "\"/></observation></entryRelationship></act>";
    }

    public static String result(String loinc, String display, String value, String unit) {
        return "<observation classCode=\"OBS\" moodCode=\"EVN\"><code code=\"" + x(loinc) + "\" codeSystem=\"2.16.840.1.113883.6.1\""
            + " displayName=\"" + x(display) + "\"/><effectiveTime value=\"20261123083000+0100\"/><value"
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"PQ\" value=\"" + x(value) + "\" unit=\""
            + x(unit) + "\"/></observation>";
    }

    public String build() {
        StringBuilder xml = new StringBuilder(4096 + (nonXmlBody == null ? 0 : nonXmlBody.length()));
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ClinicalDocument xmlns=\"urn:hl7-org:v3\">")
            .append("<realmCode code=\"FR\"/><typeId root=\"2.16.840.1.113883.1.3\" extension=\"POCD_HD000040\"/>")
            .append("<id root=\"").append(x(idRoot)).append("\" extension=\"").append(x(idExtension)).append("\"/>")
            .append("<code code=\"").append(x(typeCode)).append("\" codeSystem=\"2.16.840.1.113883.6.1\" displayName=\"")
            .append(x(typeDisplay)).append("\"/><title>").append(x(title)).append("</title>")
            .append("<effectiveTime value=\"").append(x(effectiveTime)).append("\"/>")
            .append("<confidentialityCode code=\"").append(x(confidentiality)).append("\" codeSystem=\"2.16.840.1.113883.5.25\"/>")
            .append("<languageCode code=\"fr-FR\"/>");
        if (setIdExtension != null) {
            xml.append("<setId root=\"").append(x(idRoot)).append("\" extension=\"").append(x(setIdExtension)).append("\"/>");
        }
        xml.append("<versionNumber value=\"").append(version).append("\"/>")
            .append("<recordTarget><patientRole>");
        if (ins != null) {
            xml.append("<id root=\"").append(x(patientRoot)).append("\" extension=\"").append(x(ins)).append("\"/>");
        }
        xml.append("<patient><name><given>").append(x(given)).append("</given><family qualifier=\"BR\">").append(x(birthName))
            .append("</family></name><administrativeGenderCode code=\"").append(x(sex))
            .append("\" codeSystem=\"2.16.840.1.113883.5.1\"/><birthTime value=\"").append(x(birthDate)).append("\"/></patient>")
            .append("</patientRole></recordTarget>")
            .append("<author><time value=\"").append(x(effectiveTime)).append("\"/><assignedAuthor><id root=\"1.2.250.1.71.4.2.1\"")
            .append(" extension=\"").append(x(authorId)).append("\"/><assignedPerson><name><prefix>Dr</prefix><given>")
            .append(x(authorGiven)).append("</given><family>").append(x(authorFamily))
            .append("</family></name></assignedPerson></assignedAuthor></author>")
            .append("<custodian><assignedCustodian><representedCustodianOrganization><id root=\"1.2.250.1.213.4.1\"/>")
            .append("<name>Hôpital démo</name></representedCustodianOrganization></assignedCustodian></custodian>")
            .append("<legalAuthenticator><time value=\"").append(x(effectiveTime)).append("\"/><signatureCode code=\"S\"/>")
            .append("<assignedEntity><id root=\"1.2.250.1.71.4.2.1\" extension=\"").append(x(authorId)).append("\"/>")
            .append("<assignedPerson><name><given>").append(x(authorGiven)).append("</given><family>").append(x(authorFamily))
            .append("</family></name></assignedPerson></assignedEntity></legalAuthenticator>");
        if (replacesExtension != null) {
            xml.append("<relatedDocument typeCode=\"RPLC\"><parentDocument><id root=\"").append(x(idRoot))
                .append("\" extension=\"").append(x(replacesExtension)).append("\"/></parentDocument></relatedDocument>");
        }
        xml.append("<component>");
        if (nonXmlBody != null) {
            xml.append(nonXmlBody);
        } else {
            xml.append("<structuredBody>");
            sections.forEach(xml::append);
            xml.append("</structuredBody>");
        }
        xml.append("</component></ClinicalDocument>\n");
        return xml.toString();
    }

    static String x(String value) {
        return value == null ? "" : value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
