package fr.mssnode.directory.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import fr.mssnode.directory.extract.ExtractException;
import fr.mssnode.directory.extract.ExtractReader;

/**
 * Whatever bytes a downloaded Annuaire Santé extract holds, the reader either gives its rows or refuses the file
 * with an {@link ExtractException}: never another exception or error, never a hang, and no row longer than the
 * header allows to be read as a field.
 */
class ExtractReaderFuzzTest {
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "60s")
    void readEveryRow(byte[] file) throws IOException {
        try (ExtractReader extract = new ExtractReader(new ByteArrayInputStream(file), "Extraction_Correspondance_MSS.txt")) {
            assertThat(extract.headerSize()).isGreaterThanOrEqualTo(2);
            Optional<ExtractReader.Row> row;
            while ((row = extract.next()).isPresent()) {
                String address = row.get().first("Adresse BAL", "Adresse e-mail");
                assertThat(address).doesNotContain("\n");
                row.get().get("Type de BAL");
                extract.hasHeaderShape(row.get());
            }
        } catch (ExtractException refused) {
            assertThat(refused.getMessage()).contains("Extraction_Correspondance_MSS.txt");
        }
    }
}
