package fr.mssnode.mail.smime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class CanonicalTest {
    @Test
    void bareLineEndsBecomeCrlfAndCanonicalBytesAreLeftAsTheyAre() {
        byte[] canonical = "a\r\nb\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(Canonical.crlf(canonical)).isSameAs(canonical);
        assertThat(new String(Canonical.crlf("a\nb\rc\r\nd\n".getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII))
            .isEqualTo("a\r\nb\r\nc\r\nd\r\n");
    }
}
