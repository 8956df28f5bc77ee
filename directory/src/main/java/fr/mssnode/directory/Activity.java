package fr.mssnode.directory;

/** One practice site of a professional (one line of the professionals extract). */
public record Activity(String roleCode, String roleLabel, String practiceMode, String structureName, String finess,
                       String siret, String address, String postcode, String city, String phone, String email) {
}
