package fr.mssnode.dossier.cda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import fr.mssnode.fixtures.cda.RealisticCorpus;
import fr.mssnode.fixtures.cda.RealisticCorpus.Encoding;
import fr.mssnode.fixtures.cda.RealisticCorpus.Family;
import fr.mssnode.fixtures.cda.RealisticCorpus.Shape;

/**
 * Documents shaped like real French ones (the realistic corpus) through the parser: every family, in every
 * encoding and line-end shape, gives exactly the header and the facts its generator says it holds; nested
 * qualifiers never become facts.
 */
class RealisticDocumentsTest {
    private final RealisticCorpus corpus = new RealisticCorpus(42);
    private final CdaParser parser = new CdaParser();

    private static List<String> facts(CdaDocument document) {
        return document.facts().stream().map(f -> f.kind() + " " + f.code() + " " + f.display() + " " + f.value().orElse(null)
            + " " + f.unit().orElse(null)).toList();
    }

    private static List<String> expected(RealisticCorpus.Document document) {
        return document.expectedFacts().stream().map(f -> f.kind() + " " + f.code() + " " + f.display() + " " + f.value()
            + " " + f.unit()).toList();
    }

    @ParameterizedTest
    @EnumSource(Family.class)
    void everyFamilyInEveryShapeGivesItsExactHeaderAndFacts(Family family) throws Exception {
        Shape[] shapes = {Shape.plain(), new Shape(Encoding.UTF8_BOM, true, true, true, true, true),
            new Shape(Encoding.ISO_8859_1, true, false, true, false, true), new Shape(Encoding.UTF8, false, true, false, true, false)};
        long number = family.ordinal() * 100L;
        for (Shape shape : shapes) {
            RealisticCorpus.Document document = corpus.document(number++, family, family == Family.LEVEL1_PDF ? 300 * 1024 : 40 * 1024,
                shape);
            assertThat(CdaParser.claimsToBeCda(document.bytes())).as(family + " " + shape).isTrue();
            CdaDocument parsed = parser.parse(document.bytes());
            assertThat(parsed.id().asString()).isEqualTo(document.uid());
            assertThat(parsed.patient().ins().matricule()).isEqualTo(document.ins());
            assertThat(parsed.type().code()).isEqualTo(document.typeCode());
            assertThat(parsed.title()).isEqualTo(document.title());
            String given = parsed.patient().givenNames();
            // the first name the patient uses (qualifier CL) is not one of the identity traits: not listed twice
            assertThat(given).isNotBlank().isNotEqualTo(given.substring(0, given.length() / 2) + " "
                + given.substring(0, given.length() / 2));
            assertThat(facts(parsed)).as(family + " " + shape).containsExactlyElementsOf(expected(document));
            if (family == Family.LEVEL1_PDF) {
                assertThat(parsed.nonXmlBody().orElseThrow().size()).isEqualTo(document.embeddedPdfBytes());
            }
        }
    }

    @Test
    void anIpsSummaryHasNestedQualifiersThatAreNotFacts() throws Exception {
        RealisticCorpus.Document ips = corpus.document(7, Family.IPS_SUMMARY);
        String xml = new String(ips.bytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(xml).contains("entryRelationship");
        CdaDocument parsed = parser.parse(ips.bytes());
        assertThat(parsed.facts()).hasSize(ips.expectedFacts().size()).isNotEmpty();
        assertThat(facts(parsed)).containsExactlyElementsOf(expected(ips));
    }

    @Test
    void aFifteenMegabyteLevelOneDocumentIsParsedAndItsPdfReadBack() throws Exception {
        RealisticCorpus.Document big = corpus.document(9, Family.LEVEL1_PDF, 15 * 1024 * 1024);
        CdaDocument parsed = parser.parse(big.bytes());
        assertThat(parsed.nonXmlBody().orElseThrow().mediaType()).isEqualTo("application/pdf");
        assertThat(parsed.nonXmlBody().get().size()).isEqualTo(big.embeddedPdfBytes());
        Optional<CdaParser.EmbeddedContent> pdf = parser.embeddedContent(big.bytes());
        assertThat(pdf.orElseThrow().content()).hasSize(big.embeddedPdfBytes());
        assertThat(new String(pdf.get().content(), 0, 5, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
    }
}
