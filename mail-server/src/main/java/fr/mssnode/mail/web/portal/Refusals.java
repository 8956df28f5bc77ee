package fr.mssnode.mail.web.portal;

import fr.mssnode.dossier.access.AccessRefused;
import fr.mssnode.dossier.access.DossierAccess;
import fr.mssnode.dossier.access.InvalidRequest;

/** Why the dossier refused something, in the web space's language. */
final class Refusals {
    private Refusals() {
    }

    static String inFrench(RuntimeException refused) {
        if (refused instanceof AccessRefused access) {
            return switch (access.reason()) {
                case NOT_YOUR_DOSSIER -> "Ce dossier n'est pas le vôtre.";
                case BLOCKED -> "Le patient a bloqué votre accès à son dossier.";
                case NOT_IN_CARE -> "Vous n'êtes ni le médecin traitant de ce patient, ni dans son équipe de soins, ni"
                    + " autorisé par lui : son dossier ne vous est pas ouvert.";
                case EMERGENCY_ACCESS_ENDED -> "Votre accès en urgence à ce dossier a pris fin.";
                case EMERGENCY_ACCESS_OPPOSED -> "Le patient s'est opposé à l'accès en urgence à son dossier.";
                case NOT_AN_ACTIVE_PROFESSIONAL -> "L'accès en urgence est réservé aux professionnels en exercice inscrits"
                    + " à l'annuaire santé.";
                case ALREADY_GRANTED -> "Vous avez déjà accès à ce dossier : l'accès en urgence est inutile.";
                case NOT_THE_AUTHOR -> "Seul l'auteur du document peut le rendre visible au patient.";
            };
        }
        if (refused instanceof InvalidRequest && refused.getMessage().startsWith("State the reason")) {
            return "Indiquez la raison de l'accès en urgence (au moins " + DossierAccess.MINIMUM_REASON + " caractères).";
        }
        return refused.getMessage();
    }
}
