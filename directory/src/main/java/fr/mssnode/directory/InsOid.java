package fr.mssnode.directory;

import java.util.Locale;

/** The OIDs of the INS in recordTarget/patientRole/id (ANS). */
public enum InsOid {
    NIR("1.2.250.1.213.1.4.8"),
    NIA("1.2.250.1.213.1.4.9"),
    NIR_TEST("1.2.250.1.213.1.4.10"),
    NIR_DEMO("1.2.250.1.213.1.4.11");

    private final String oid;

    InsOid(String oid) {
        this.oid = oid;
    }

    public String oid() {
        return oid;
    }

    /** By OID or by name (nir, nia, nir-test, nir-demo). */
    public static InsOid parse(String text) {
        String wanted = text == null ? "" : text.trim();
        for (InsOid candidate : values()) {
            if (candidate.oid.equals(wanted) || candidate.name().replace('_', '-').equalsIgnoreCase(wanted)) {
                return candidate;
            }
        }
        throw new DirectoryException("'" + text + "' is not an INS identifier type: nir (" + NIR.oid + "), nia ("
            + NIA.oid + "), nir-test (" + NIR_TEST.oid + ") or nir-demo (" + NIR_DEMO.oid + ").");
    }

    public String label() {
        return name().replace('_', '-').toLowerCase(Locale.ROOT);
    }
}
