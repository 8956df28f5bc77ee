package fr.mssnode.directory.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import fr.mssnode.directory.Addresses;
import fr.mssnode.directory.DirectoryException;

/**
 * The SMTP gate's address rules, on any text (the bytes read as UTF-8 and as Latin-1, so every control character
 * reaches them): an address {@code isValid} accepts is one {@code normalize} accepts, a refusal is a
 * {@link DirectoryException} and nothing else, and a normalized address is plain (one @, no white space or control
 * character, at most 254 characters, lower case, normalizing it again changes nothing), from which
 * {@code localPartOf} and {@code domainOf} give back its two halves. Never a hang (the patterns are regular
 * expressions: no catastrophic backtracking).
 */
class AddressesFuzzTest {
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "60s")
    void gateAddress(byte[] input) {
        check(new String(input, StandardCharsets.UTF_8));
        check(new String(input, StandardCharsets.ISO_8859_1));
    }

    private static void check(String candidate) {
        boolean valid = Addresses.isValid(candidate);
        String normalized;
        try {
            normalized = Addresses.normalize(candidate);
        } catch (DirectoryException refused) {
            assertThat(valid).as("isValid accepted what normalize refuses").isFalse();
            return;
        }
        assertThat(normalized).hasSizeLessThanOrEqualTo(254).doesNotContainPattern("[\\s\\p{Cntrl}]")
            .isLowerCase().containsOnlyOnce("@");
        assertThat(Addresses.normalize(normalized)).isEqualTo(normalized);
        assertThat(Addresses.isValid(normalized)).isTrue();
        assertThat(Addresses.localPartOf(normalized) + "@" + Addresses.domainOf(normalized)).isEqualTo(normalized);
        assertThat(Addresses.normalizeDomain(Addresses.domainOf(normalized))).isEqualTo(Addresses.domainOf(normalized));
    }
}
