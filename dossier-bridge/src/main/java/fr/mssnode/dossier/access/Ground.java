package fr.mssnode.dossier.access;

import java.util.Locale;

/**
 * Why someone may read a dossier or a document (Code de la santé publique, L1111-15 to 19): the patient
 * themselves, their declared treating doctor, the document's author, the care team (wrote, sent or received a
 * document for the patient), a professional the patient authorised, or an emergency access (break-the-glass).
 */
public enum Ground {
    PATIENT, TREATING_DOCTOR, AUTHOR, CARE_TEAM, AUTHORISED, BREAK_GLASS;

    /** The name used by the API and the access history: {@code treating-doctor}, {@code break-glass}... */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** In the patient's words, for their notifications. */
    public String inFrench() {
        return switch (this) {
            case PATIENT -> "vous-même";
            case TREATING_DOCTOR -> "médecin traitant";
            case AUTHOR -> "auteur du document";
            case CARE_TEAM -> "équipe de soins";
            case AUTHORISED -> "professionnel que vous avez autorisé";
            case BREAK_GLASS -> "accès en urgence (bris de glace)";
        };
    }
}
