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
        CdaDocument imaging = parse(CdaBuilder.of("18748-4", "Compte rendu d'imagerie médicale")
            .patient(TEST_ROOT, INS, "DURAND", "Camille", "19850512", "F").nonXmlBody("application/pdf", pdf)
            .id("1.2.250.1.999.1.1", "img-2").version("set-img", 2).replaces("img-1").build());
        assertThat(imaging.nonXmlBody().orElseThrow().mediaType()).isEqualTo("application/pdf");
        assertThat(imaging.nonXmlBody().orElseThrow().content()).isEqualTo(pdf);
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
            .hasMessageContaining("too large").hasMessageContaining("50 MB");
    }
}
