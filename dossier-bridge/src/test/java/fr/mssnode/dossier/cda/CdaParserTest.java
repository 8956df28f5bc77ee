package fr.mssnode.dossier.cda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;
import fr.mssnode.dossier.cda.CdaDocument.FactKind;
import fr.mssnode.dossier.cda.FilingRejected.Reason;
import fr.mssnode.fixtures.cda.CdaBuilder;

/** CDA documents written by the project's own builder, good and hostile, through the parser. */
class CdaParserTest {
    static final String INS = Ins.withComputedKey("2850575120005").matricule();
    static final String TEST_ROOT = InsOid.NIR_TEST.oid();
    private final CdaParser parser = new CdaParser();

    private static CdaBuilder summary() {
        return CdaBuilder.of("60591-5", "Synthèse médicale").title("Volet de synthèse médicale")
            .patient(TEST_ROOT, INS, "DURAND", "Camille Marie", "19850512", "F")
            .section("48765-2", "Allergies", "Allergie à la pénicilline", CdaBuilder.allergy("7980", "Pénicilline"))
            .section("10160-0", "Traitements", "Ramipril 5 mg par jour",
                CdaBuilder.medication("3400936252611", "RAMIPRIL 5 mg cp", "1", "{comprimé}"))
            .section("11450-4", "Problèmes", "Hypertension artérielle", CdaBuilder.problem("I10", "Hypertension essentielle"));
    }

    private CdaDocument parse(String xml) throws FilingRejected {
        return parser.parse(xml.getBytes(StandardCharsets.UTF_8));
    }

    private Reason rejected(String xml) {
        try {
            parse(xml);
        } catch (FilingRejected e) {
            return e.reason();
        }
        throw new AssertionError("accepted: " + xml.substring(0, Math.min(200, xml.length())));
    }

    @Test
    void aPatientSummaryGivesItsHeaderAndItsStructuredFacts() throws Exception {
        CdaDocument document = parse(summary().id("1.2.250.1.999.1.1", "vsm-1").version("set-vsm", 1).build());
        assertThat(document.id().asString()).isEqualTo("1.2.250.1.999.1.1^vsm-1");
        assertThat(document.type().code()).isEqualTo("60591-5");
        assertThat(document.title()).isEqualTo("Volet de synthèse médicale");
        assertThat(document.versionNumber()).isEqualTo(1);
        assertThat(document.setId().orElseThrow().extension()).contains("set-vsm");
        assertThat(document.patient().ins().matricule()).isEqualTo(INS);
        assertThat(document.patient().oid()).isEqualTo(InsOid.NIR_TEST);
        assertThat(document.patient().birthName()).isEqualTo("DURAND");
        assertThat(document.patient().givenNames()).isEqualTo("Camille Marie");
        assertThat(document.patient().birthDate()).contains(LocalDate.of(1985, 5, 12));
        assertThat(document.authors()).singleElement().satisfies(author -> {
            assertThat(author.nationalId()).contains("810000000017");
            assertThat(author.name()).isEqualTo("Dr Sophie LEFEBVRE");
        });
        assertThat(document.custodian()).contains("Hôpital démo");
        assertThat(document.confidentiality()).isEqualTo("N");
        assertThat(document.text()).contains("Allergie à la pénicilline").contains("Hypertension artérielle");
        assertThat(document.facts()).extracting(CdaDocument.Fact::kind, CdaDocument.Fact::display)
            .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(FactKind.ALLERGY, "Pénicilline"),
                org.assertj.core.groups.Tuple.tuple(FactKind.MEDICATION, "RAMIPRIL 5 mg cp"),
                org.assertj.core.groups.Tuple.tuple(FactKind.PROBLEM, "Hypertension essentielle"));
    }

    @Test
    void aLabReportGivesItsResultsWithValuesAndUnits() throws Exception {
        CdaDocument document = parse(CdaBuilder.of("11502-2", "Compte rendu d'examens de biologie médicale")
            .patient(TEST_ROOT, INS, "DURAND", "Camille", "19850512", "F")
            .section("18719-5", "Biochimie", "Glycémie à jeun 5,4 mmol/L",
                CdaBuilder.result("14749-6", "Glucose [Moles/volume] Sérum", "5.4", "mmol/L"),
                CdaBuilder.result("2160-0", "Créatinine [Masse/volume] Sérum", "9.1", "mg/L"))
            .build());
        assertThat(document.facts()).hasSize(2).allSatisfy(fact -> assertThat(fact.kind()).isEqualTo(FactKind.RESULT));
        assertThat(document.facts().get(0).value()).contains("5.4");
        assertThat(document.facts().get(0).unit()).contains("mmol/L");
        assertThat(document.facts().get(0).effectiveTime()).contains("20261123083000+0100");
    }

    @Test
    void anImagingReportCarriesItsEmbeddedPdfAndAReplacementNamesWhatItReplaces() throws Exception {
        byte[] pdf = "%PDF-1.4\n% synthetic\n".getBytes(StandardCharsets.US_ASCII);
        byte[] cda = CdaBuilder.of("18748-4", "Compte rendu d'imagerie médicale")
            .patient(TEST_ROOT, INS, "DURAND", "Camille", "19850512", "F").nonXmlBody("application/pdf", pdf)
            .id("1.2.250.1.999.1.1", "img-2").version("set-img", 2).replaces("img-1").build().getBytes(StandardCharsets.UTF_8);
        CdaDocument imaging = parser.parse(cda);
        assertThat(imaging.nonXmlBody().orElseThrow().mediaType()).isEqualTo("application/pdf");
        assertThat(imaging.nonXmlBody().orElseThrow().size()).isEqualTo(pdf.length);
        assertThat(parser.embeddedContent(cda).orElseThrow().content()).isEqualTo(pdf);
        assertThat(imaging.versionNumber()).isEqualTo(2);
        assertThat(imaging.replaces().orElseThrow().asString()).isEqualTo("1.2.250.1.999.1.1^img-1");
    }

    @Test
    void documentsWithoutAValidInsAreRefusedWithTheirReason() {
        assertThat(rejected(summary().patient(TEST_ROOT, null, "X", "Y", "19800101", "M").build())).isEqualTo(Reason.NO_INS);
        String wrongKey = INS.substring(0, 13) + String.format("%02d", (Integer.parseInt(INS.substring(13)) + 1) % 100);
        assertThat(rejected(summary().patient(TEST_ROOT, wrongKey, "X", "Y", "19800101", "M").build())).isEqualTo(Reason.BAD_INS);
        assertThat(rejected(summary().patient("1.2.250.1.213.1.4.99", INS, "X", "Y", "19800101", "M").build()))
            .isEqualTo(Reason.UNKNOWN_PATIENT_ID_TYPE);
        assertThat(rejected(summary().patient("1.2.250.1.999.42", INS, "X", "Y", "19800101", "M").build()))
            .isEqualTo(Reason.NO_INS);
    }

    @Test
    void hostileXmlIsRefusedBeforeAnythingIsExpandedOrFetched() {
        assertThat(rejected("<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><id root=\"1\"></ClinicalDocument>")).isEqualTo(Reason.NOT_XML);
        String xxe = "<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>&x;</title></ClinicalDocument>";
        assertThat(rejected(xxe)).isEqualTo(Reason.DOCTYPE_FORBIDDEN);
        StringBuilder laughs = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">");
        for (int i = 1; i <= 9; i++) {
            laughs.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
        }
        laughs.append("]><ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>&lol9;</title></ClinicalDocument>");
        assertThat(rejected(laughs.toString())).isEqualTo(Reason.DOCTYPE_FORBIDDEN);
        assertThat(rejected("<html><body>not a CDA</body></html>")).isEqualTo(Reason.NOT_CDA);
        assertThat(rejected("<ClinicalDocument xmlns=\"urn:hl7-org:v3\"><title>no id</title></ClinicalDocument>"))
            .isEqualTo(Reason.MISSING_HEADER);
    }

    @Test
    void aFiftyMegabyteDocumentIsRefusedForItsSizeWithoutBeingParsed() {
        byte[] huge = new byte[50 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) ' ');
        assertThatThrownBy(() -> parser.parse(huge)).isInstanceOf(FilingRejected.class)
            .hasMessageContaining("too large").hasMessageContaining("50.0 MB").hasMessageContaining("the limit is 32.0 MB");
    }

    /** An IPS-like problem: the main observation carries its severity, status, certainty and a comment. */
    private static String qualifiedProblem(String code, String display) {
        return "<act classCode=\"ACT\" moodCode=\"EVN\"><code nullFlavor=\"NA\"/><statusCode code=\"active\"/>"
            + "<entryRelationship typeCode=\"SUBJ\"><observation classCode=\"OBS\" moodCode=\"EVN\">"
            + "<code code=\"75326-9\" codeSystem=\"2.16.840.1.113883.6.1\"/><effectiveTime><low value=\"20200101\"/></effectiveTime>"
            + "<value xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"CD\" code=\"" + code
            + "\" codeSystem=\"2.16.840.1.113883.6.3\" displayName=\"" + display + "\"/>"
            + "<entryRelationship typeCode=\"SUBJ\" inversionInd=\"true\"><observation classCode=\"OBS\" moodCode=\"EVN\">"
            + "<code code=\"SEV\" codeSystem=\"2.16.840.1.113883.5.4\"/><value xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
            + " xsi:type=\"CD\" code=\"24484000\" codeSystem=\"2.16.840.1.113883.6.96\" displayName=\"Sévère\"/></observation></entryRelationship>"
            + "<entryRelationship typeCode=\"REFR\"><observation classCode=\"OBS\" moodCode=\"EVN\">"
            + "<code code=\"33999-4\" codeSystem=\"2.16.840.1.113883.6.1\"/><value xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
            + " xsi:type=\"CD\" code=\"55561003\" codeSystem=\"2.16.840.1.113883.6.96\" displayName=\"Actif\"/></observation></entryRelationship>"
            + "<entryRelationship typeCode=\"SUBJ\"><observation classCode=\"OBS\" moodCode=\"EVN\">"
            + "<code code=\"66455-7\" codeSystem=\"2.16.840.1.113883.6.1\"/><value xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
            + " xsi:type=\"PQ\" value=\"90\" unit=\"%\"/></observation></entryRelationship>"
            + "<entryRelationship typeCode=\"SUBJ\" inversionInd=\"true\"><act classCode=\"ACT\" moodCode=\"EVN\">"
            + "<code code=\"48767-8\" codeSystem=\"2.16.840.1.113883.6.1\"/><text>Suivi annuel</text></act></entryRelationship>"
            + "</observation></entryRelationship></act>";
    }

    @Test
    void nestedQualifiersOfAnObservationAreNeverFactsOfTheirOwn() throws Exception {
        String qualifiedResult = CdaBuilder.result("2345-7", "Glucose", "5.4", "mmol/L").replace("</observation>",
            "<entryRelationship typeCode=\"REFR\"><observation classCode=\"OBS\" moodCode=\"EVN\"><code code=\"SEV\""
                + " codeSystem=\"2.16.840.1.113883.5.4\"/><value xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
                + " xsi:type=\"PQ\" value=\"3\" unit=\"1\"/></observation></entryRelationship></observation>");
        String battery = "<organizer classCode=\"BATTERY\" moodCode=\"EVN\"><statusCode code=\"completed\"/><component>"
            + "<organizer classCode=\"CLUSTER\" moodCode=\"EVN\"><statusCode code=\"completed\"/><component>" + qualifiedResult
            + "</component><component>" + CdaBuilder.result("2160-0", "Créatinine", "9.1", "mg/L") + "</component></organizer>"
            + "</component></organizer>";
        CdaDocument document = parse(CdaBuilder.of("60591-5", "Synthèse médicale").patient(TEST_ROOT, INS, "DURAND", "Camille", "19850512", "F")
            .section("11450-4", "Problèmes", "Diabète de type 2, sévère, actif", qualifiedProblem("E11", "Diabète de type 2"),
                qualifiedProblem("I10", "Hypertension essentielle"))
            .section("30954-2", "Résultats", "Glycémie et créatinine", battery)
            .build());
        assertThat(document.facts()).extracting(CdaDocument.Fact::kind, CdaDocument.Fact::code, CdaDocument.Fact::display)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(FactKind.PROBLEM, "E11", "Diabète de type 2"),
                org.assertj.core.groups.Tuple.tuple(FactKind.PROBLEM, "I10", "Hypertension essentielle"),
                org.assertj.core.groups.Tuple.tuple(FactKind.RESULT, "2345-7", "Glucose"),
                org.assertj.core.groups.Tuple.tuple(FactKind.RESULT, "2160-0", "Créatinine"));
    }

    @Test
    void onlyXmlWhoseRootIsAnHl7ClinicalDocumentClaimsToBeACda() {
        String cda = summary().build();
        String afterProlog = cda.replace("<ClinicalDocument", "<?xml-stylesheet type=\"text/xsl\" href=\"CDA-FR.xsl\"?>\n<!-- "
            + "x".repeat(6000) + " -->\n<ClinicalDocument");
        byte[] bom = ("\uFEFF" + afterProlog).getBytes(StandardCharsets.UTF_8);
        byte[] latin1 = afterProlog.replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(CdaParser.claimsToBeCda(cda.getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(CdaParser.claimsToBeCda(bom)).isTrue();
        assertThat(CdaParser.claimsToBeCda(latin1)).isTrue();
        // cut in the middle: it still claims to be one, and is refused as such
        byte[] truncated = java.util.Arrays.copyOf(bom, bom.length - 400);
        assertThat(CdaParser.claimsToBeCda(truncated)).isTrue();
        assertThatThrownBy(() -> parser.parse(truncated)).isInstanceOf(FilingRejected.class)
            .extracting(e -> ((FilingRejected) e).reason()).isEqualTo(Reason.NOT_XML);

        assertThat(CdaParser.claimsToBeCda(("<?xml version=\"1.0\"?><xsl:stylesheet version=\"1.0\" "
            + "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\"><!-- ClinicalDocument --></xsl:stylesheet>").getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(CdaParser.claimsToBeCda("<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"document\"/></Bundle>"
            .getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(CdaParser.claimsToBeCda("<ClinicalDocument><id root=\"1\"/></ClinicalDocument>".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(CdaParser.claimsToBeCda("%PDF-1.4 ClinicalDocument".getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(CdaParser.claimsToBeCda(("<!DOCTYPE x [<!ENTITY e \"e\">]>" + cda.substring(cda.indexOf("<ClinicalDocument")))
            .getBytes(StandardCharsets.UTF_8))).isFalse();
    }

    @Test
    void aLatin1DocumentWithABomlessCrlfPrologIsReadInItsDeclaredEncoding() throws Exception {
        String latin = summary().build().replace("encoding=\"UTF-8\"", "encoding=\"ISO-8859-1\"").replace("><", ">\r\n<");
        CdaDocument document = parser.parse(latin.getBytes(StandardCharsets.ISO_8859_1));
        assertThat(document.custodian()).contains("Hôpital démo");
        assertThat(document.facts()).extracting(CdaDocument.Fact::display).contains("Pénicilline");
    }

    @Test
    void anUnstructuredBodyThatIsNotBase64IsRefusedWithTheReason() {
        String cda = CdaBuilder.of("11490-0", "Lettre").patient(TEST_ROOT, INS, "DURAND", "Camille", "19850512", "F")
            .nonXmlBody("application/pdf", new byte[] {1, 2, 3, 4, 5}).build();
        String broken = cda.replace("AQIDBAU=", "AQID*BAU=");
        assertThatThrownBy(() -> parse(broken)).isInstanceOf(FilingRejected.class)
            .hasMessageContaining("not valid base64").extracting(e -> ((FilingRejected) e).reason()).isEqualTo(Reason.NOT_CDA);
    }
}
