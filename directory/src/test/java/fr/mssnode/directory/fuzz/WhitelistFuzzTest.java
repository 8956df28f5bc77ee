package fr.mssnode.directory.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import fr.mssnode.directory.extract.ExtractException;

/**
 * Whatever bytes a downloaded MSSanté whitelist holds, the reader either lists its domains or refuses the file with
 * an {@link ExtractException}: never another exception or error, never a hang.
 */
class WhitelistFuzzTest {
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "60s")
    void readDomains(byte[] file) throws IOException {
        try {
            List<String> domains = WhitelistFile.domains(file);
            assertThat(domains).isNotEmpty().doesNotContainNull();
        } catch (ExtractException refused) {
            assertThat(refused.getMessage()).contains(WhitelistFile.FILE_NAME);
        }
    }
}
