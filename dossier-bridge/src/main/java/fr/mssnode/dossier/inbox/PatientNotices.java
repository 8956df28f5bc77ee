package fr.mssnode.dossier.inbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import fr.mssnode.directory.Account;
import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.DirectorySearch;
import fr.mssnode.directory.Mailbox;
import fr.mssnode.directory.MailboxType;
import fr.mssnode.directory.Patient;
import fr.mssnode.directory.Patients;
import fr.mssnode.directory.Professional;
import fr.mssnode.dossier.access.AccessStore.EmergencyAccess;
import fr.mssnode.dossier.access.Ground;
import fr.mssnode.dossier.access.Viewer;
import fr.mssnode.dossier.index.IndexEntry;
import fr.mssnode.dossier.render.DocumentHtml;
import fr.mssnode.dossier.store.DossierStore.StoredDocument;

/**
 * What the patient (and their treating doctor) are told, in plain French, and where it goes: the patient's secure
 * inbox on this node ({@code <INS>@patient.<domain>}, when that account exists and is open), the treating
 * doctor's open MSSanté mailboxes. Builds the letters; the caller sends them.
 */
public class PatientNotices {
    private static final ZoneId FRANCE = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter DAY_AND_TIME = DateTimeFormatter.ofPattern("d MMMM yyyy 'à' H 'h' mm", Locale.FRENCH)
        .withZone(FRANCE);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.FRENCH).withZone(FRANCE);
    private static final DateTimeFormatter DOCUMENT_DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy", Locale.FRENCH);

    private final Directory directory;
    private final DirectorySearch search;
    private final Patients patients;
    private final String patientDomain;

    public PatientNotices(Directory directory, DirectorySearch search, Patients patients, String patientDomain) {
        this.directory = directory;
        this.search = search;
        this.patients = patients;
        this.patientDomain = patientDomain.toLowerCase(Locale.ROOT);
    }

    /** The patient's secure inbox on this node, when its account exists and is open. */
    public Optional<String> inboxOf(String ins) {
        String address = ins + "@" + patientDomain;
        return directory.findAccount(address).filter(Account::active).filter(a -> a.kind() == AccountKind.PATIENT)
            .map(Account::address);
    }

    /** The treating doctor's open MSSanté mailboxes (their personal ones, else any open one). */
    public List<String> treatingDoctorMailboxes(String ins) {
        Optional<String> doctor = patients.find(ins).flatMap(Patient::treatingDoctor);
        if (doctor.isEmpty()) {
            return List.of();
        }
        List<Mailbox> open = search.professional(doctor.get()).map(listing -> listing.mailboxes().stream()
            .filter(Mailbox::active).toList()).orElse(List.of());
        List<String> personal = open.stream().filter(m -> m.type() == MailboxType.PER).map(Mailbox::address).toList();
        return personal.isEmpty() ? open.stream().map(Mailbox::address).toList() : personal;
    }

    /** A professional not seen before opened the patient's dossier. */
    public Optional<Letter> firstAccess(String ins, Viewer viewer, Ground ground, Instant at) {
        return inboxOf(ins).map(inbox -> new Letter(List.of(inbox), "Un professionnel a consulté votre dossier pour la première fois",
            "Bonjour,\n\n" + who(viewer) + " a consulté votre dossier médical pour la première fois le " + DAY_AND_TIME.format(at)
                + " (motif : " + ground.inFrench() + ").\n\n"
                + "Chaque consultation de votre dossier est enregistrée dans l'historique des accès, que vous pouvez lire à tout"
                + " moment. Si vous ne souhaitez pas que ce professionnel accède à votre dossier, vous pouvez le bloquer dans vos"
                + " paramètres de confidentialité (sauf s'il est votre médecin traitant).\n" + signature(),
            List.of(), "first-access " + ins + " " + viewer.address()));
    }

    /** Emergency access: the patient and the treating doctor are told at once, with the reason. */
    public List<Letter> emergencyAccess(EmergencyAccess grant, Viewer viewer) {
        List<Letter> letters = new ArrayList<>();
        String when = DAY_AND_TIME.format(grant.openedAt());
        String until = DAY_AND_TIME.format(grant.expiresAt());
        inboxOf(grant.ins()).ifPresent(inbox -> letters.add(new Letter(List.of(inbox), "Accès en urgence à votre dossier médical",
            "Bonjour,\n\n" + who(viewer) + " a ouvert votre dossier médical en urgence (« bris de glace ») le " + when + ".\n\n"
                + "Motif déclaré : « " + grant.reason() + " »\n\n"
                + "Cet accès prend fin le " + until + ". Il est enregistré dans l'historique des accès de votre dossier. Vous pouvez"
                + " vous opposer à l'avenir aux accès en urgence dans vos paramètres de confidentialité.\n" + signature(),
            List.of(), "break-glass " + grant.id())));
        List<String> doctor = treatingDoctorMailboxes(grant.ins());
        if (!doctor.isEmpty()) {
            String patient = patientName(grant.ins());
            letters.add(new Letter(doctor, "Accès en urgence au dossier de votre patient " + patient,
                "Bonjour,\n\n" + who(viewer) + " a ouvert en urgence (« bris de glace ») le dossier médical de votre patient "
                    + patient + " (INS " + grant.ins() + "), le " + when + ".\n\n"
                    + "Motif déclaré : « " + grant.reason() + " »\n\n"
                    + "Cet accès prend fin le " + until + ". Vous êtes informé(e) en tant que médecin traitant déclaré.\n" + signature(),
                List.of(), "break-glass " + grant.id() + " treating doctor"));
        }
        return letters;
    }

    /** A document not yet visible to the patient waits for an announcement consultation (told at two weeks). */
    public Optional<Letter> documentWaiting(StoredDocument document, Instant visibleAt) {
        return inboxOf(document.ins()).map(inbox -> new Letter(List.of(inbox), "Un document vous concernant est en attente",
            "Bonjour,\n\nUn document a été déposé dans votre dossier médical le " + DAY.format(document.filedAt()) + " par "
                + author(document) + ". Il vous sera présenté lors d'une consultation d'annonce avec un professionnel de santé :"
                + " n'hésitez pas à prendre rendez-vous. Il sera visible dans votre dossier au plus tard le "
                + DAY.format(visibleAt) + ".\n" + signature(),
            List.of(), "waiting " + document.id()));
    }

    /** The copy of a filed document: who wrote it, its title and date, its readable rendering and the original. */
    public Optional<Letter> copy(StoredDocument document, byte[] content) {
        return inboxOf(document.ins()).map(inbox -> {
            String html = DocumentHtml.render(document, content, "/api/patient/documents/" + document.id());
            String name = "document-" + document.id();
            String date = IndexEntry.dayOf(document.effectiveTime()).map(DOCUMENT_DAY::format)
                .orElse(DOCUMENT_DAY.format(document.filedAt().atZone(FRANCE)));
            return new Letter(List.of(inbox), "Nouveau document dans votre dossier : " + document.title(),
                "Bonjour,\n\n" + author(document) + " a déposé dans votre dossier médical le document « " + document.title()
                    + " » du " + date + ".\n\nVous le trouverez ci-joint : sa version lisible (" + name + ".html) et le document"
                    + " original (" + name + extension(document) + "). Il figure aussi dans votre dossier, avec l'historique"
                    + " de qui l'a consulté.\n" + signature(),
                List.of(new Letter.Attachment(name + ".html", "text/html; charset=UTF-8",
                    html.getBytes(StandardCharsets.UTF_8)),
                    new Letter.Attachment(name + extension(document), document.mediaType(), content)),
                "copy " + document.id());
        });
    }

    private String who(Viewer viewer) {
        String role = viewer.nationalId().flatMap(directory::professional).map(PatientNotices::role).orElse("");
        return viewer.name() + (role.isBlank() ? "" : " (" + role + ")");
    }

    private static String role(Professional professional) {
        String specialty = professional.specialtyLabel();
        return specialty != null && !specialty.isBlank() ? specialty.toLowerCase(Locale.FRENCH)
            : professional.professionLabel() == null ? "" : professional.professionLabel().toLowerCase(Locale.FRENCH);
    }

    private String author(StoredDocument document) {
        if (document.authorName() != null && !document.authorName().isBlank()) {
            return document.authorName().strip();
        }
        return document.authorId().flatMap(directory::professional).map(Professional::displayName)
            .orElse("Un professionnel de santé");
    }

    private String patientName(String ins) {
        return patients.find(ins).map(p -> p.birthName() + " " + p.firstNames()).orElse("(INS " + ins + ")");
    }

    private static String extension(StoredDocument document) {
        return switch (document.mediaType().toLowerCase(Locale.ROOT)) {
            case "application/pdf" -> ".pdf";
            case "text/xml", "application/xml", "application/hl7-cda+xml" -> ".xml";
            default -> ".bin";
        };
    }

    private static String signature() {
        return "\n-- \nMessagerie sécurisée de santé. Ce message est envoyé automatiquement : merci de ne pas y répondre.\n";
    }
}
