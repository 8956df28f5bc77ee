package fr.mssnode.dossier.store;

import java.util.Map;

/** The dossier's eight rubrics (those of the DMP), derived from the document type code. */
public enum Rubric {
    SUMMARY, TREATMENTS_AND_CARE, REPORTS, IMAGING, LAB_RESULTS, PREVENTION, CERTIFICATES, PERSONAL_SPACE;

    private static final Map<String, Rubric> BY_TYPE = Map.ofEntries(
        Map.entry("60591-5", SUMMARY), Map.entry("SYNTH", SUMMARY),
        Map.entry("57833-6", TREATMENTS_AND_CARE), Map.entry("60593-1", TREATMENTS_AND_CARE),
        Map.entry("11490-0", REPORTS), Map.entry("18761-7", REPORTS), Map.entry("34112-3", REPORTS),
        Map.entry("11488-4", REPORTS), Map.entry("34794-8", REPORTS),
        Map.entry("18748-4", IMAGING),
        Map.entry("11502-2", LAB_RESULTS),
        Map.entry("87273-9", PREVENTION));

    /** The rubric's name as the DMP shows it to patients and professionals. */
    public String inFrench() {
        return switch (this) {
            case SUMMARY -> "Synthèse";
            case TREATMENTS_AND_CARE -> "Traitements et soins";
            case REPORTS -> "Comptes rendus";
            case IMAGING -> "Imagerie médicale";
            case LAB_RESULTS -> "Biologie";
            case PREVENTION -> "Prévention";
            case CERTIFICATES -> "Certificats et déclarations";
            case PERSONAL_SPACE -> "Espace personnel";
        };
    }

    private static final Map<String, String> TYPE_NAMES = Map.ofEntries(
        Map.entry("60591-5", "Synthèse médicale"), Map.entry("SYNTH", "Synthèse médicale"),
        Map.entry("57833-6", "Prescription de produits de santé"), Map.entry("60593-1", "Dispensation médicamenteuse"),
        Map.entry("11490-0", "Lettre de liaison de sortie"), Map.entry("18761-7", "Compte rendu de transfert"),
        Map.entry("34112-3", "Compte rendu d'hospitalisation"), Map.entry("11488-4", "Compte rendu de consultation"),
        Map.entry("34794-8", "Compte rendu de réunion de concertation"), Map.entry("18748-4", "Compte rendu d'imagerie"),
        Map.entry("11502-2", "Compte rendu de biologie"), Map.entry("87273-9", "Note de vaccination"));

    /** A document type (LOINC code) by its French name, for the search facets; the code itself when not known here. */
    public static String typeName(String typeCode) {
        return TYPE_NAMES.getOrDefault(typeCode, typeCode);
    }

    /** The rubric of a type code; a type we do not know goes with the reports. */
    public static Rubric of(String typeCode) {
        return BY_TYPE.getOrDefault(typeCode, REPORTS);
    }
}
