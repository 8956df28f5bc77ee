package fr.mssnode.directory;

import java.util.Arrays;
import java.util.Locale;

/** What a local mailbox belongs to: a person who practises, an organisation, or a patient's secure inbox. */
public enum AccountKind {
    PROFESSIONAL("professional"),
    ORGANISATION("organisation"),
    PATIENT("patient");

    private final String label;

    AccountKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public static AccountKind parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
            .filter(kind -> kind.label.equals(wanted) || kind.name().equalsIgnoreCase(wanted))
            .findFirst()
            .orElseThrow(() -> new DirectoryException("Unknown account kind '" + text
                + "': expected one of professional, organisation, patient."));
    }
}
