package fr.mssnode.dossier.access;

/** An access the rules refuse, with the reason in one sentence for the person refused. */
public class AccessRefused extends RuntimeException {

    public enum Reason {
        /** A patient asking for someone else's dossier. */
        NOT_YOUR_DOSSIER("not-your-dossier"),
        /** The patient blocked this professional. */
        BLOCKED("blocked"),
        /** Not the treating doctor, not in the care team, not authorised, no emergency access. */
        NOT_IN_CARE("not-in-care"),
        /** The emergency access this professional had has ended. */
        EMERGENCY_ACCESS_ENDED("emergency-access-ended"),
        /** The patient opposed emergency access beforehand. */
        EMERGENCY_ACCESS_OPPOSED("emergency-access-opposed"),
        /** Break-the-glass is for active professionals of the directory only. */
        NOT_AN_ACTIVE_PROFESSIONAL("not-an-active-professional"),
        /** Break-the-glass asked by someone who already reads the dossier. */
        ALREADY_GRANTED("already-granted"),
        /** Releasing a document to the patient is its author's decision. */
        NOT_THE_AUTHOR("not-the-author");

        private final String code;

        Reason(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    private final Reason reason;

    public AccessRefused(Reason reason, String sentence) {
        super(sentence);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
