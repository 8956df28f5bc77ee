package fr.mssnode.dossier.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import fr.mssnode.dossier.cda.CdaDocument;
import fr.mssnode.dossier.cda.CdaParser;
import fr.mssnode.dossier.cda.FilingRejected;

/**
 * Whatever bytes arrive as a CDA attachment, the parser either reads a document or refuses it with
 * {@link FilingRejected}: never another exception, never an error (stack overflow, out of memory), never more than
 * 10 seconds. In the ordinary suite this runs over the seeds in {@code CdaParserFuzzTestInputs/}; with
 * {@code JAZZER_FUZZ=1} Jazzer mutates them (bench/fuzz.sh).
 */
class CdaParserFuzzTest {
    private final CdaParser parser = new CdaParser();

    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "60s")
    void parse(byte[] attachment) {
        CdaDocument document;
        try {
            document = parser.parse(attachment);
        } catch (FilingRejected refused) {
            assertThat(refused.reason()).isNotNull();
            return;
        }
        // read: the header the dossier files by is there
        assertThat(document.patient().ins()).isNotNull();
        assertThat(document.authors()).isNotEmpty();
    }

    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "60s")
    void embeddedContent(byte[] storedOriginal) {
        try {
            parser.embeddedContent(storedOriginal).ifPresent(file -> assertThat(file.content()).isNotNull());
        } catch (FilingRejected refused) {
            assertThat(refused.reason()).isNotNull();
        }
    }
}
