package fr.mssnode.mail.submission;

/**
 * Why the node will not take a message its user submits, over SMTP or from the web space: which rule, the SMTP reply
 * it is (code and enhanced status, RFC 3463) and a sentence the sender can act on.
 */
public record SubmissionRefusal(Rule rule, String replyCode, String enhancedStatus, String sentence) {
    /** The submission rules, in the order the node applies them. */
    public enum Rule {
        NOT_SIGNED_IN, NULL_SENDER, NOT_YOUR_ADDRESS, SENDER_NOT_LISTED, SPOOL_FULL,
        RECIPIENT_DISABLED, RECIPIENT_NOT_LISTED, RECIPIENT_UNKNOWN, RELAY_DENIED, RECIPIENT_UNTRUSTED, RECIPIENT_MALFORMED,
        PATIENT_TO_PATIENT, PATIENT_NOT_WRITTEN_TO, CONVERSATION_ENDED, DIRECTORY_UNAVAILABLE
    }

    public static SubmissionRefusal permanent(Rule rule, String replyCode, String enhancedStatus, String sentence) {
        return new SubmissionRefusal(rule, replyCode, enhancedStatus, sentence);
    }

    public static SubmissionRefusal temporary(Rule rule, String enhancedStatus, String sentence) {
        return new SubmissionRefusal(rule, "451", enhancedStatus, sentence);
    }

    /** A 4xx refusal: the same message may be taken later. */
    public boolean temporary() {
        return replyCode.startsWith("4");
    }
}
