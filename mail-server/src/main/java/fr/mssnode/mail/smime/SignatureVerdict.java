package fr.mssnode.mail.smime;

import java.util.Optional;

/** What the verification of a message's S/MIME signature found, with a reason a person understands. */
public record SignatureVerdict(Outcome outcome, Optional<String> signer, String reason) {
    public enum Outcome {
        /** Signed by the sender, whose certificate chains to a trusted health CA and is registered in the directory. */
        VALID,
        /** Signed, but the signature or the signer does not hold. */
        INVALID,
        /** No S/MIME signature. */
        UNSIGNED
    }

    public static SignatureVerdict valid(String signer, String reason) {
        return new SignatureVerdict(Outcome.VALID, Optional.of(signer), reason);
    }

    public static SignatureVerdict invalid(String reason) {
        return new SignatureVerdict(Outcome.INVALID, Optional.empty(), reason);
    }

    public static SignatureVerdict unsigned() {
        return new SignatureVerdict(Outcome.UNSIGNED, Optional.empty(), "the message is not signed");
    }

    /** The value of the outcome header: {@code valid; signer=...}, {@code invalid; reason="..."}, {@code unsigned}. */
    public String header() {
        return switch (outcome) {
            case VALID -> "valid; signer=" + signer.orElse("") + "; reason=\"" + quoted(reason) + "\"";
            case INVALID -> "invalid; reason=\"" + quoted(reason) + "\"";
            case UNSIGNED -> "unsigned; reason=\"" + quoted(reason) + "\"";
        };
    }

    private static String quoted(String text) {
        return text.replace("\\", "\\\\").replace("\"", "'").replaceAll("[\\r\\n]+", " ");
    }
}
