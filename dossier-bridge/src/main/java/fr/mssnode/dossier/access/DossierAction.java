package fr.mssnode.dossier.access;

/** What was done to a dossier, as the access history names it. */
public enum DossierAction {
    DOSSIER("dossier"),
    DOCUMENT("document"),
    RENDERING("rendering"),
    EMBEDDED_FILE("embedded-file"),
    VERSIONS("versions"),
    SYNTHESIS("synthesis"),
    SEARCH("search"),
    BREAK_GLASS("break-glass"),
    RELEASE("release"),
    MASK("mask"),
    UNMASK("unmask"),
    BLOCK("block"),
    UNBLOCK("unblock"),
    AUTHORISE("authorise"),
    REVOKE_AUTHORISATION("revoke-authorisation"),
    OPPOSE_EMERGENCY_ACCESS("oppose-emergency-access"),
    ALLOW_EMERGENCY_ACCESS("allow-emergency-access");

    private final String label;

    DossierAction(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
