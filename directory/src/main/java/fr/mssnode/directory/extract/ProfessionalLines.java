package fr.mssnode.directory.extract;

import java.util.List;

import fr.mssnode.directory.Names;

/** Turns lines of PS_LibreAcces_Personne_activite into professionals and activities, or says why a line is bad. */
final class ProfessionalLines {
    static final String ID_TYPE = "Type d'identifiant PP";
    static final String ID = "Identifiant PP";
    static final String NATIONAL_ID = "Identification nationale PP";
    static final String LAST_NAME = "Nom d'exercice";

    private ProfessionalLines() {
    }

    record Site(String roleCode, String roleLabel, String practiceMode, String structureName, String finess, String siret,
                String address, String postcode, String city, String phone, String email) {
    }

    record Professional(String nationalId, String idType, String civility, String title, String firstName, String lastName,
                        String professionCode, String professionLabel, String specialtyCode, String specialtyLabel,
                        List<Site> sites) {
        String searchName() {
            return Names.searchKey(lastName + " " + (firstName == null ? "" : firstName));
        }
    }

    static void requireColumns(ExtractReader extract) {
        extract.require("the professional's national identifier", NATIONAL_ID, ID);
        extract.require("the professional's name", LAST_NAME);
    }

    /** The professional described by one line (with that line's single activity). */
    static Professional parse(ExtractReader extract, ExtractReader.Row row) {
        if (!extract.hasHeaderShape(row)) {
            throw new BadLine(row.fieldCount() + " fields where the header has " + extract.headerSize()
                + " (line cut or '|' inside a value)");
        }
        String idType = row.get(ID_TYPE);
        String id = row.get(ID);
        String nationalId = row.get(NATIONAL_ID);
        if (nationalId.isEmpty()) {
            if (id.isEmpty()) {
                throw new BadLine("no national identifier (" + NATIONAL_ID + ")");
            }
            nationalId = idType + id;
        }
        if (idType.isEmpty()) {
            idType = nationalId.substring(0, 1);
        }
        switch (idType) {
            case "8" -> {
                if (!nationalId.matches("8[0-9]{11}")) {
                    throw new BadLine("RPPS identifier '" + nationalId + "' is not 8 followed by 11 digits");
                }
            }
            case "0" -> {
                if (!nationalId.matches("0[0-9]{9}")) {
                    throw new BadLine("ADELI identifier '" + nationalId + "' is not 0 followed by 9 digits");
                }
            }
            default -> throw new BadLine("identifier type '" + idType + "' is neither 8 (RPPS) nor 0 (ADELI)");
        }
        if (!nationalId.startsWith(idType)) {
            throw new BadLine("national identifier '" + nationalId + "' does not start with its type " + idType);
        }
        String lastName = row.get(LAST_NAME);
        if (lastName.isEmpty()) {
            throw new BadLine("no name (" + LAST_NAME + ")");
        }
        String street = join(row.get("Numéro Voie (coord. structure)"), row.get("Indice répétition voie (coord. structure)"),
            row.get("Libellé type de voie (coord. structure)"), row.get("Libellé Voie (coord. structure)"));
        String address = join(row.get("Complément destinataire (coord. structure)"),
            row.get("Complément point géographique (coord. structure)"), street,
            row.get("Mention distribution (coord. structure)"));
        Site site = new Site(cut(row.get("Code rôle"), 20), cut(row.get("Libellé rôle"), 150),
            cut(row.get("Libellé mode exercice"), 60),
            cut(row.first("Raison sociale site", "Enseigne commerciale site"), 200), cut(row.get("Numéro FINESS site"), 9),
            cut(row.get("Numéro SIRET site"), 14), cut(address, 300),
            cut(row.first("Code postal (coord. structure)", "Bureau cedex (coord. structure)"), 10),
            cut(row.get("Libellé commune (coord. structure)"), 100),
            cut(row.first("Téléphone (coord. structure)", "Téléphone 2 (coord. structure)"), 30),
            cut(row.get("Adresse e-mail (coord. structure)"), 254));
        boolean hasSite = !(site.structureName().isEmpty() && site.address().isEmpty() && site.city().isEmpty()
            && site.roleCode().isEmpty());
        return new Professional(nationalId, idType, cut(row.get("Libellé civilité"), 40),
            cut(row.get("Libellé civilité d'exercice"), 40), cut(row.get("Prénom d'exercice"), 100), cut(lastName, 100),
            cut(row.get("Code profession"), 10), cut(row.get("Libellé profession"), 100), cut(row.get("Code savoir-faire"), 10),
            cut(row.get("Libellé savoir-faire"), 150), hasSite ? List.of(site) : List.of());
    }

    static String searchCity(String city) {
        return Names.searchKey(city);
    }

    private static String join(String... parts) {
        StringBuilder joined = new StringBuilder();
        for (String part : parts) {
            if (!part.isEmpty()) {
                if (joined.length() > 0) {
                    joined.append(' ');
                }
                joined.append(part);
            }
        }
        return joined.toString();
    }

    static String cut(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max);
    }

    /** A line that cannot be read; skipped and reported. */
    static final class BadLine extends RuntimeException {
        BadLine(String reason) {
            super(reason, null, false, false);
        }
    }
}
