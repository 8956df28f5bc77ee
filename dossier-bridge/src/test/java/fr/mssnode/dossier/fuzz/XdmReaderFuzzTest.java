package fr.mssnode.dossier.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import fr.mssnode.dossier.cda.FilingRejected;
import fr.mssnode.dossier.xdm.XdmDocument;
import fr.mssnode.dossier.xdm.XdmReader;

/**
 * Whatever bytes arrive as a ZIP attachment, {@link XdmReader#read} either unpacks an IHE XDM package or refuses it
 * with {@link FilingRejected}: never another exception or error, never a hang; and what it unpacks stays inside the
 * package (no document path leaves it).
 */
class XdmReaderFuzzTest {
    private final XdmReader reader = new XdmReader();

    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "60s")
    void read(byte[] zip) {
        List<XdmDocument> documents;
        try {
            documents = reader.read(zip);
        } catch (FilingRejected refused) {
            assertThat(refused.reason()).isNotNull();
            return;
        }
        assertThat(documents).isNotEmpty();
        for (XdmDocument document : documents) {
            assertThat(document.path()).doesNotStartWith("/").doesNotContain("\\").doesNotContain("../");
        }
    }
}
