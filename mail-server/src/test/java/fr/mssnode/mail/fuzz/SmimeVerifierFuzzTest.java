package fr.mssnode.mail.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;

import javax.mail.MessagingException;

import org.junit.jupiter.api.Timeout;

import com.code_intelligence.jazzer.junit.FuzzTest;

import fr.mssnode.mail.smime.SignatureVerdict;

/**
 * Whatever bytes arrive as a message, the S/MIME verification the VerifySignature mailet runs gives a verdict and
 * throws nothing (a message javax.mail cannot even parse is a {@link MessagingException}, which James handles): a
 * VALID verdict only for the registered signer, and an outcome header on one line. Never an error, never a hang.
 */
class SmimeVerifierFuzzTest {
    private static final FuzzVerifier VERIFIER = new FuzzVerifier();

    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    @FuzzTest(maxDuration = "60s")
    void verifyArrivingMessage(byte[] message) {
        SignatureVerdict verdict;
        try {
            verdict = VERIFIER.verify(message);
        } catch (MessagingException unreadable) {
            return;
        }
        assertThat(verdict).isNotNull();
        assertThat(verdict.header()).doesNotContain("\r").doesNotContain("\n");
        if (verdict.outcome() == SignatureVerdict.Outcome.VALID) {
            assertThat(verdict.signer()).contains(FuzzVerifier.SIGNER);
        }
    }
}
