package fr.mssnode.dossier.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import fr.mssnode.dossier.cda.CdaDocument;
import fr.mssnode.dossier.cda.CdaParser;
import fr.mssnode.dossier.cda.FilingRejected;
import fr.mssnode.dossier.fuzz.KeptCorpus.Entry;
import fr.mssnode.dossier.xdm.XdmDocument;
import fr.mssnode.dossier.xdm.XdmReader;

/**
 * Every input of the kept hostile corpus (XXE, entity blow-ups, DOCTYPE anywhere, deep nesting, truncation, zip slip,
 * zip bombs...) meets its expected refusal: a {@link FilingRejected} with the expected reason and a message naming
 * the problem, within 20 seconds, and nothing else (no other exception, no error). A few inputs are accepted on
 * purpose ({@code ACCEPTED_INERT}: an XInclude, a remote stylesheet) and must come out without what an XML processor
 * could have fetched. Inputs marked as a known finding are skipped, unless {@code -Dcorpus.findings=run}.
 */
class HostileDossierCorpusTest {
    private static final Duration NO_HANG = Duration.ofSeconds(20);

    static List<Entry> corpus() {
        return KeptCorpus.entries();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachHostileInputMeetsItsRefusal(Entry entry) {
        assumeTrue(entry.finding().isEmpty() || "run".equals(System.getProperty("corpus.findings")),
            "known finding, not refused properly yet: " + entry.finding());
        byte[] bytes = KeptCorpus.bytes(entry);
        Object answer = assertTimeoutPreemptively(NO_HANG, () -> {
            try {
                return feed(entry.target(), bytes);
            } catch (FilingRejected refused) {
                return refused;
            }
        });
        if (entry.expected().equals("ACCEPTED_INERT")) {
            assertThat(answer).as(entry.file() + " accepted").isNotInstanceOf(FilingRejected.class);
            assertThat(String.valueOf(answer)).as(entry.file()).doesNotContain(entry.messagePart());
            return;
        }
        if (!(answer instanceof FilingRejected refused)) {
            fail("%s was accepted: %s", entry.file(), answer);
            return;
        }
        if (!entry.expected().equals("REFUSED")) {
            assertThat(refused.reason().name()).as(entry.file() + ": " + refused.getMessage()).isEqualTo(entry.expected());
        }
        assertThat(refused.getMessage()).as(entry.file()).contains(entry.messagePart());
    }

    /** What the dossier does with the bytes; a refusal throws. */
    static Object feed(String target, byte[] bytes) throws FilingRejected {
        return switch (target) {
            case "cda" -> describe(new CdaParser().parse(bytes));
            case "cda-embedded" -> new CdaParser().embeddedContent(bytes).map(c -> c.mediaType() + " " + c.content().length + " bytes");
            case "xdm" -> new XdmReader().read(bytes).stream().map(HostileDossierCorpusTest::describe).toList();
            default -> throw new IllegalArgumentException("no target " + target);
        };
    }

    private static String describe(CdaDocument document) {
        return document.title() + "\n" + document.text() + "\n" + document.authors() + "\n" + document.patient();
    }

    private static String describe(XdmDocument document) {
        return document.path() + " " + document.mimeType() + " " + document.content().length + " bytes";
    }
}
