package fr.mssnode.directory.extract;

/** The three public files the directory is built from. */
public enum ImportKind {
    /** PS_LibreAcces_Personne_activite_*.txt: professionals, one line per practice activity. */
    PROFESSIONALS,
    /** Extraction_Correspondance_MSSante_*.txt: MSSanté mailboxes. */
    MAILBOXES,
    /** The MSSanté whitelist XML: domains of the trusted operators. */
    WHITELIST
}
