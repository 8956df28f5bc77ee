package fr.mssnode.dossier.cda;

/**
 * A document (CDA, or XDM package) that cannot be filed, with a reason a person understands and a stable code (used in the
 * acknowledgements sent back to the sender).
 */
public class FilingRejected extends Exception {
    public enum Reason {
        TOO_LARGE("taille", "the document is too large"),
        NOT_XML("xml", "the document is not well-formed XML"),
        DOCTYPE_FORBIDDEN("dtd", "the document declares a DOCTYPE (DTDs and external entities are refused)"),
        NOT_CDA("cda", "the document is not an HL7 CDA R2 ClinicalDocument"),
        MISSING_HEADER("entete", "the document lacks a mandatory header element"),
        NO_INS("ins", "the document does not identify the patient by an INS"),
        BAD_INS("ins-cle", "the patient's INS is not valid"),
        UNKNOWN_PATIENT_ID_TYPE("ins-type", "the patient identifier is of an unknown type"),
        UNSAFE_ZIP("zip", "the ZIP file is unsafe to unpack"),
        NOT_XDM("xdm", "the ZIP file is not an IHE XDM package"),
        MISSING_FILE("xdm-fichier", "the XDM metadata names a file the package does not hold"),
        CONFLICT("doublon", "another document with the same identifier is already filed");

        private final String code;
        private final String label;

        Reason(String code, String label) {
            this.code = code;
            this.label = label;
        }

        public String code() {
            return code;
        }

        public String label() {
            return label;
        }
    }

    private final Reason reason;

    public FilingRejected(Reason reason, String detail) {
        super(reason.label() + (detail == null || detail.isBlank() ? "" : ": " + detail));
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
