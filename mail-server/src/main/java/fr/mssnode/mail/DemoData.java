package fr.mssnode.mail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.DirectoryAdmin;
import fr.mssnode.directory.extract.DirectoryImporter;
import fr.mssnode.directory.extract.SmallListing;
import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.mail.smime.MailboxKeys;
import fr.mssnode.mail.smime.TestPki;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;
import fr.mssnode.directory.Patient;
import fr.mssnode.directory.Patients;
import fr.mssnode.fixtures.cda.CdaBuilder;
import fr.mssnode.fixtures.cda.RealisticCorpus;

/**
 * Demo accounts (profile "demo"): a GP, a cardiologist, a hospital organisation mailbox, a patient inbox, and an
 * emergency physician outside the patient's care relationship (to show break-the-glass). The patient is registered
 * with the GP as her treating doctor. Passwords are fixed and printed: demo only, never in production.
 */
public class DemoData {
    private static final Logger LOGGER = LoggerFactory.getLogger(DemoData.class);

    public record DemoAccount(String address, AccountKind kind, String name, String password) {
    }

    /** Dr Lefebvre, the GP: the demo patient's treating doctor. */
    static final String GP_NATIONAL_ID = "810000000017";

    private final List<DemoAccount> accounts;

    public DemoData(NodeProperties node, Directory directory, DirectoryAdmin admin, DirectoryImporter importer,
                    MailboxKeys keys, Certificates certificates, Patients patients) {
        // A stale file from an earlier run must not tell scripts that this run is ready.
        try {
            Files.deleteIfExists(node.varPath().resolve("demo.properties"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot remove the previous var/demo.properties: " + e.getMessage(), e);
        }
        String domain = node.getDomain();
        // A demonstration INS: woman born May 1985 in Paris (75), with its key computed.
        String patientIns = Ins.withComputedKey("2850575120005").matricule();
        this.accounts = List.of(
            new DemoAccount("dr.lefebvre@" + domain, AccountKind.PROFESSIONAL, "Dr Sophie Lefebvre, médecin généraliste", "Demo-Generaliste-2026"),
            new DemoAccount("dr.benali@" + domain, AccountKind.PROFESSIONAL, "Dr Karim Benali, cardiologue", "Demo-Cardiologue-2026"),
            new DemoAccount("secretariat.cardiologie@" + domain, AccountKind.ORGANISATION, "Hôpital démo, secrétariat de cardiologie", "Demo-Secretariat-2026"),
            new DemoAccount(patientIns + "@" + node.patientDomain(), AccountKind.PATIENT, "Mme Camille Durand", "Demo-Patiente-2026"),
            new DemoAccount("dr.moreau@" + domain, AccountKind.PROFESSIONAL, "Dr Julien Moreau, médecin urgentiste", "Demo-Urgentiste-2026"));
        for (DemoAccount account : accounts) {
            if (directory.findAccount(account.address()).isPresent()) {
                admin.resetPassword(account.address(), account.password());
                admin.setActive(account.address(), true);
            } else {
                admin.createAccount(account.address(), account.kind(), account.name(), account.password());
                LOGGER.info("Demo account created: {}", account.address());
            }
        }
        SmallListing.importAll(importer, node.varPath().resolve("demo-directory"), listing(domain));
        // Mme Durand, with her secure inbox and Dr Lefebvre as her declared treating doctor.
        if (patients.find(patientIns).isEmpty()) {
            patients.register(new Patient(new Ins(patientIns), InsOid.NIR_TEST, "DURAND", "Camille", Optional.empty(),
                LocalDate.of(1985, 5, 12), "F", Optional.of(patientIns + "@" + node.patientDomain()), Optional.of(GP_NATIONAL_ID)));
        }
        // S/MIME: each professional and organisation mailbox gets certificates of the test CA, its key held here.
        for (DemoAccount account : accounts) {
            if (account.kind() != AccountKind.PATIENT && keys.signingKey(account.address()).isEmpty()) {
                TestPki.issue(node, account.address(), keys, certificates);
                LOGGER.info("Demo certificates issued for {}", account.address());
            }
        }
        writeSampleLetter(node.varPath().resolve("demo").resolve("lettre-de-sortie.eml"), domain, patientIns);
        writeSampleLabReport(node.varPath().resolve("demo").resolve("compte-rendu-biologie.eml"), domain);
    }

    /**
     * A lab report shaped like the ones laboratories send (about 64 KB: batteries of coded results in nested
     * organizers, a long results table), for another synthetic patient: what a real document looks like on the way
     * through the node.
     */
    private static void writeSampleLabReport(Path file, String domain) {
        RealisticCorpus.Document report = new RealisticCorpus(2026).document(1, RealisticCorpus.Family.LAB_REPORT, 64 * 1024);
        write(file, message(domain, "Compte rendu de biologie", report.typeCode(),
            "Cher confrère, veuillez trouver ci-joint le compte rendu de biologie de votre patient.", report.mediaType(),
            report.fileName(), report.bytes()));
    }

    /**
     * A discharge letter with its CDA document, ready to send with curl (see the README): the GP's message to the
     * cardiologist that the node signs, files in the demo patient's dossier and makes searchable.
     */
    private static void writeSampleLetter(Path file, String domain, String patientIns) {
        String cda = CdaBuilder.of("11490-0", "Lettre de liaison à la sortie d'un établissement de soins")
            .title("Lettre de liaison de sortie - cardiologie").id("1.2.250.1.999.1.1", "demo-lettre-1")
            .effectiveTime("20261120143000+0100").patient(InsOid.NIR_TEST.oid(), patientIns, "DURAND", "Camille", "19850512", "F")
            .section("42349-1", "Motif d'hospitalisation", "Douleur thoracique atypique, bilan d'une fibrillation atriale paroxystique.")
            .section("18776-5", "Conclusion", "Fibrillation atriale paroxystique, anticoagulation débutée. Échocardiographie normale.")
            .section("11450-4", "Problèmes actifs", "Fibrillation atriale paroxystique.",
                CdaBuilder.problem("I48.0", "Fibrillation atriale paroxystique"))
            .section("10160-0", "Traitements de sortie", "Apixaban 5 mg matin et soir ; bisoprolol 2,5 mg le matin.",
                CdaBuilder.medication("3400930000001", "APIXABAN 5 mg comprimé", "2", "{cp}"),
                CdaBuilder.medication("3400930000002", "BISOPROLOL 2,5 mg comprimé", "1", "{cp}"))
            .section("48765-2", "Allergies", "Allergie à la pénicilline (urticaire).", CdaBuilder.allergy("7980", "Pénicilline"))
            .build();
        write(file, message(domain, "Lettre de sortie Mme Durand", "11490-0",
            "Cher confrère, veuillez trouver ci-joint la lettre de sortie de Mme Durand.", "application/hl7-cda+xml",
            "lettre-de-sortie.xml", cda.getBytes(StandardCharsets.UTF_8)));
    }

    /** The GP's message to the cardiologist with one document, asking for the acknowledgement of integration. */
    private static String message(String domain, String subject, String typeCode, String text, String mediaType,
                                  String fileName, byte[] document) {
        return "From: dr.lefebvre@" + domain + "\r\nTo: dr.benali@" + domain + "\r\n"
            + "Subject: " + subject + "\r\nDisposition-Notification-To: dr.lefebvre@" + domain + "\r\n"
            + "X-MSS-CODECDA: " + typeCode + "\r\nX-MSS-INS: O\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"demo\"\r\n\r\n"
            + "--demo\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text + "\r\n"
            + "--demo\r\nContent-Type: " + mediaType + "\r\nContent-Disposition: attachment; filename=\"" + fileName + "\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(document)
            + "\r\n--demo--\r\n";
    }

    private static void write(Path file, String message) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, message, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOGGER.warn("Could not write the sample message {}: {}", file, e.getMessage());
        }
    }

    /**
     * The demo professionals and the organisation mailbox, listed in the health directory through the same import
     * as the public extracts (synthetic people; the national ids are in the RPPS format, not real ones).
     */
    private static List<SmallListing.Entry> listing(String domain) {
        return List.of(
            SmallListing.Entry.professional("dr.lefebvre@" + domain, GP_NATIONAL_ID, "Sophie", "LEFEBVRE", "10", "Médecin",
                "Qualifié en Médecine Générale", "Cabinet du Dr Lefebvre", "75011", "PARIS"),
            SmallListing.Entry.professional("dr.benali@" + domain, "810000000025", "Karim", "BENALI", "10", "Médecin",
                "Cardiologie et maladies vasculaires", "Hôpital démo", "69003", "LYON"),
            SmallListing.Entry.professional("dr.moreau@" + domain, "810000000033", "Julien", "MOREAU", "10", "Médecin",
                "Médecine d'urgence", "Hôpital démo, service des urgences", "69003", "LYON"),
            SmallListing.Entry.organisation("secretariat.cardiologie@" + domain, "Hôpital démo", "Cardiologie"));
    }

    public List<DemoAccount> accounts() {
        return accounts;
    }
}
