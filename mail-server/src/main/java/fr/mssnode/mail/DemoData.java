package fr.mssnode.mail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

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
import fr.mssnode.fixtures.cda.CdaBuilder;

/**
 * Demo accounts (profile "demo"): a GP, a cardiologist, a hospital organisation mailbox and a patient inbox.
 * Their passwords are fixed and printed: demo only, never in production.
 */
public class DemoData {
    private static final Logger LOGGER = LoggerFactory.getLogger(DemoData.class);

    public record DemoAccount(String address, AccountKind kind, String name, String password) {
    }

    private final List<DemoAccount> accounts;

    public DemoData(NodeProperties node, Directory directory, DirectoryAdmin admin, DirectoryImporter importer,
                    MailboxKeys keys, Certificates certificates) {
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
            new DemoAccount(patientIns + "@" + node.patientDomain(), AccountKind.PATIENT, "Mme Camille Durand", "Demo-Patiente-2026"));
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
        // S/MIME: each professional and organisation mailbox gets certificates of the test CA, its key held here.
        for (DemoAccount account : accounts) {
            if (account.kind() != AccountKind.PATIENT && keys.signingKey(account.address()).isEmpty()) {
                TestPki.issue(node, account.address(), keys, certificates);
                LOGGER.info("Demo certificates issued for {}", account.address());
            }
        }
        writeSampleLetter(node.varPath().resolve("demo").resolve("lettre-de-sortie.eml"), domain, patientIns);
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
            .section("18776-5", "Conclusion", "Fibrillation atriale paroxystique, anticoagulation débutée. Échocardiographie normale.",
                CdaBuilder.problem("I48.0", "Fibrillation atriale paroxystique"))
            .section("10160-0", "Traitements de sortie", "Apixaban 5 mg matin et soir ; bisoprolol 2,5 mg le matin.",
                CdaBuilder.medication("3400930000001", "APIXABAN 5 mg comprimé", "2", "{cp}"),
                CdaBuilder.medication("3400930000002", "BISOPROLOL 2,5 mg comprimé", "1", "{cp}"))
            .section("48765-2", "Allergies", "Allergie à la pénicilline (urticaire).", CdaBuilder.allergy("7980", "Pénicilline"))
            .build();
        String message = "From: dr.lefebvre@" + domain + "\r\nTo: dr.benali@" + domain + "\r\n"
            + "Subject: Lettre de sortie Mme Durand\r\nDisposition-Notification-To: dr.lefebvre@" + domain + "\r\n"
            + "X-MSS-CODECDA: 11490-0\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"demo\"\r\n\r\n"
            + "--demo\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
            + "Cher confrère, veuillez trouver ci-joint la lettre de sortie de Mme Durand.\r\n"
            + "--demo\r\nContent-Type: application/hl7-cda+xml\r\nContent-Disposition: attachment; filename=\"lettre-de-sortie.xml\"\r\n"
            + "Content-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cda.getBytes(StandardCharsets.UTF_8))
            + "\r\n--demo--\r\n";
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, message, StandardCharsets.UTF_8);
        } catch (IOException e) {
            LOGGER.warn("Could not write the sample letter {}: {}", file, e.getMessage());
        }
    }

    /**
     * The demo professionals and the organisation mailbox, listed in the health directory through the same import
     * as the public extracts (synthetic people; the national ids are in the RPPS format, not real ones).
     */
    private static List<SmallListing.Entry> listing(String domain) {
        return List.of(
            SmallListing.Entry.professional("dr.lefebvre@" + domain, "810000000017", "Sophie", "LEFEBVRE", "10", "Médecin",
                "Qualifié en Médecine Générale", "Cabinet du Dr Lefebvre", "75011", "PARIS"),
            SmallListing.Entry.professional("dr.benali@" + domain, "810000000025", "Karim", "BENALI", "10", "Médecin",
                "Cardiologie et maladies vasculaires", "Hôpital démo", "69003", "LYON"),
            SmallListing.Entry.organisation("secretariat.cardiologie@" + domain, "Hôpital démo", "Cardiologie"));
    }

    public List<DemoAccount> accounts() {
        return accounts;
    }
}
