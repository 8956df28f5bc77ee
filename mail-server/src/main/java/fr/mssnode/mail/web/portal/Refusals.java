package fr.mssnode.mail.web.portal;

import fr.mssnode.dossier.access.AccessRefused;
import fr.mssnode.dossier.access.DossierAccess;
import fr.mssnode.dossier.access.InvalidRequest;
import fr.mssnode.mail.submission.SubmissionRefusal;

/** Why the dossier or the submission rules refused something, in the web space's language. */
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

    /** Why a patient's answer is not sent to {@code recipient}, in a sentence for them. */
    static String inFrench(SubmissionRefusal refusal, String recipient) {
        return switch (refusal.rule()) {
            case PATIENT_NOT_WRITTEN_TO -> recipient.startsWith("postmaster@")
                ? "Ce message est un avis automatique de votre messagerie : on n'y répond pas."
                : "Vous pouvez répondre uniquement à un professionnel de santé qui vous a écrit ; " + recipient
                    + " ne vous a pas écrit.";
            case CONVERSATION_ENDED -> recipient + " a clos l'échange dans son dernier message : vous ne pouvez plus"
                + " y répondre. Pour le recontacter, adressez-vous à son cabinet ou à son service.";
            case PATIENT_TO_PATIENT -> "Un patient ne peut pas écrire à la messagerie d'un autre patient.";
            case RECIPIENT_DISABLED, RECIPIENT_NOT_LISTED, RECIPIENT_UNKNOWN -> "La messagerie de " + recipient
                + " ne reçoit plus de messages : elle n'est plus ouverte dans l'annuaire santé.";
            case RELAY_DENIED, RECIPIENT_UNTRUSTED -> recipient + " n'appartient pas à l'espace de confiance des"
                + " messageries de santé : une réponse ne peut pas lui être envoyée.";
            case RECIPIENT_MALFORMED -> "Ce message n'a pas d'adresse d'expéditeur à laquelle répondre.";
            case NOT_SIGNED_IN, NULL_SENDER, NOT_YOUR_ADDRESS, SENDER_NOT_LISTED ->
                "Votre messagerie sécurisée n'est pas autorisée à envoyer de messages.";
            case SPOOL_FULL -> "Le service est très chargé : votre réponse n'est pas encore partie. Réessayez dans"
                + " quelques minutes, votre texte est conservé ci-dessous.";
            case DIRECTORY_UNAVAILABLE -> "L'annuaire santé ne répond pas : votre réponse n'est pas encore partie."
                + " Réessayez dans quelques minutes, votre texte est conservé ci-dessous.";
        };
    }
}
