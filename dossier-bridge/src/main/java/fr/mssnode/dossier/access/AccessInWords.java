package fr.mssnode.dossier.access;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongFunction;

import fr.mssnode.dossier.audit.AuditEntry;

/**
 * An access-history event as the patient reads it, in plain French: who (in their own words: "Dr Karim Benali,
 * cardiologue", or "Vous"), did what to which document, when (Paris time), and on what ground, e.g. "Dr Karim
 * Benali, cardiologue, a consulté votre document « Lettre de sortie » le 3 décembre 2026 à 14 h 02 — motif :
 * équipe de soins".
 */
public final class AccessInWords {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("'le' d MMMM yyyy 'à' H 'h' mm", Locale.FRENCH)
        .withZone(PARIS);

    private final LongFunction<Optional<String>> documentTitle;
    private final Function<String, Optional<String>> specialty;

    /**
     * @param documentTitle the title of a document of the dossier, by id
     * @param specialty     a professional's specialty or profession as the directory writes it, by national id
     */
    public AccessInWords(LongFunction<Optional<String>> documentTitle, Function<String, Optional<String>> specialty) {
        this.documentTitle = documentTitle;
        this.specialty = specialty;
    }

    /**
     * Whether the patient's history page tells this event: every access by someone else, and every change the
     * patient made; not the patient's own reading of their dossier (each page they open).
     */
    public static boolean worthTelling(AuditEntry event) {
        return !"patient".equals(event.actorKind()) || "changed".equals(event.outcome());
    }

    /** The event in one sentence. */
    public String sentence(AuditEntry event) {
        boolean patient = "patient".equals(event.actorKind());
        boolean refused = "refused".equals(event.outcome());
        String who = patient ? "Vous" : actor(event);
        String what = patient ? patientDid(event) : refused ? "n'a pas pu " + infinitive(event) + " (accès refusé)"
            : professionalDid(event);
        StringBuilder sentence = new StringBuilder(who).append(' ').append(what).append(' ').append(WHEN.format(event.at()));
        if (!patient) {
            event.ground().flatMap(AccessInWords::ground).ifPresent(ground -> sentence.append(" — motif : ").append(ground));
            if ("break-glass".equals(event.action())) {
                event.reason().ifPresent(reason -> sentence.append(" — raison donnée : « ").append(reason).append(" »"));
            }
        }
        return sentence.append('.').toString();
    }

    private String actor(AuditEntry event) {
        String name = event.actorName() == null || event.actorName().isBlank() ? event.actorAddress() : event.actorName();
        return event.actorNationalId().flatMap(specialty).map(s -> name + ", " + s.toLowerCase(Locale.FRENCH) + ",")
            .orElse(name);
    }

    private String professionalDid(AuditEntry event) {
        return switch (event.action()) {
            case "dossier" -> "a ouvert votre dossier";
            case "document", "rendering" -> "a consulté " + documents(event.documents());
            case "embedded-file" -> "a téléchargé le fichier joint à " + documents(event.documents());
            case "versions" -> "a consulté les versions de " + documents(event.documents());
            case "synthesis" -> "a consulté la synthèse de votre dossier";
            case "search" -> "a fait une recherche dans votre dossier (" + found(event) + ")";
            case "break-glass" -> "a ouvert votre dossier en urgence (bris de glace, pour 4 heures)";
            case "release" -> "a rendu visible pour vous " + documents(event.documents());
            default -> "a agi sur votre dossier (" + event.action() + ")";
        };
    }

    private String infinitive(AuditEntry event) {
        return switch (event.action()) {
            case "dossier", "break-glass" -> "ouvrir votre dossier";
            case "synthesis" -> "consulter la synthèse de votre dossier";
            case "search" -> "faire une recherche dans votre dossier";
            default -> "consulter " + documents(event.documents());
        };
    }

    private String patientDid(AuditEntry event) {
        String chosen = event.reason().map(AccessInWords::withoutId).orElse("un professionnel");
        return switch (event.action()) {
            case "mask" -> "avez masqué aux professionnels " + documents(event.documents());
            case "unmask" -> "avez rendu de nouveau visible aux professionnels " + documents(event.documents());
            case "block" -> "avez bloqué l'accès de " + chosen + " à votre dossier";
            case "unblock" -> "avez levé le blocage de " + chosen;
            case "authorise" -> "avez autorisé " + chosen + " à consulter votre dossier";
            case "revoke-authorisation" -> "avez retiré l'autorisation de " + chosen;
            case "oppose-emergency-access" -> "vous êtes opposé(e) à l'accès en urgence à votre dossier";
            case "allow-emergency-access" -> "avez de nouveau permis l'accès en urgence à votre dossier";
            case "dossier" -> "avez ouvert votre dossier";
            case "synthesis" -> "avez consulté la synthèse de votre dossier";
            case "search" -> "avez fait une recherche dans votre dossier";
            default -> "avez consulté " + documents(event.documents());
        };
    }

    private String documents(List<Long> ids) {
        if (ids.isEmpty()) {
            return "un document";
        }
        if (ids.size() == 1) {
            return documentTitle.apply(ids.get(0)).map(title -> "votre document « " + title + " »").orElse("un document");
        }
        return ids.size() + " documents";
    }

    private static String found(AuditEntry event) {
        int count = event.documents().size() + event.documentsLeftOut();
        return count == 0 ? "aucun document trouvé" : count == 1 ? "1 document trouvé" : count + " documents trouvés";
    }

    /** "810001234567 Dr Karim Benali" as the history stores a chosen professional: the name. */
    private static String withoutId(String reason) {
        int space = reason.indexOf(' ');
        return space > 0 && reason.substring(0, space).matches("\\d{10,12}") ? reason.substring(space + 1) : reason;
    }

    private static Optional<String> ground(String label) {
        for (Ground ground : Ground.values()) {
            if (ground.label().equals(label)) {
                return Optional.of(ground.inFrench());
            }
        }
        return Optional.empty();
    }
}
