package fr.mssnode.dossier.store;

import java.util.Locale;

/** How a reader of a dossier is named: a mailbox by its address, a professional by national id (RPPS/ADELI). */
public final class Readers {
    private Readers() {
    }

    public static String mailbox(String address) {
        return "mail:" + address.trim().toLowerCase(Locale.ROOT);
    }

    public static String professional(String nationalId) {
        return "ps:" + nationalId.trim();
    }
}
