package fr.mssnode.directory.extract;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import fr.mssnode.directory.DirectoryException;
import fr.mssnode.directory.MailboxType;

/**
 * A handful of directory entries written as the two public extract files and imported like them: how the demo
 * node and the tests list their professionals and organisation mailboxes, through the real import.
 */
public final class SmallListing {
    /** One MSSanté mailbox and, for a personal one, the professional owning it. */
    public record Entry(String address, MailboxType type, String nationalId, String civility, String title,
                        String firstName, String lastName, String professionCode, String professionLabel,
                        String specialtyCode, String specialtyLabel, String structureName, String postcode, String city,
                        String service) {

        public static Entry professional(String address, String nationalId, String firstName, String lastName,
                                         String professionCode, String professionLabel, String specialtyLabel,
                                         String structureName, String postcode, String city) {
            return new Entry(address, MailboxType.PER, nationalId, "", "Docteur", firstName, lastName, professionCode,
                professionLabel, "", specialtyLabel, structureName, postcode, city, "");
        }

        public static Entry organisation(String address, String structureName, String service) {
            return new Entry(address, MailboxType.ORG, null, "", "", "", "", "", "", "", "", structureName, "", "", service);
        }
    }

    private SmallListing() {
    }

    /** The two extract files written for a listing. */
    public record Files(Path professionals, Path mailboxes) {
    }

    /** Writes both extracts into {@code folder} and imports them; the entries become the whole directory. */
    public static void importAll(DirectoryImporter importer, Path folder, List<Entry> entries) {
        Files files = write(folder, entries);
        ImportOptions wholeDirectory = new ImportOptions(0, 1);
        if (entries.stream().anyMatch(entry -> entry.nationalId() != null)) {
            check(importer.importProfessionals(files.professionals(), wholeDirectory, ImportProgress.NONE));
        }
        check(importer.importMailboxes(files.mailboxes(), wholeDirectory, ImportProgress.NONE));
    }

    /** Writes both extracts into {@code folder}. */
    public static Files write(Path folder, List<Entry> entries) {
        try {
            java.nio.file.Files.createDirectories(folder);
            Path professionals = folder.resolve("PS_LibreAcces_Personne_activite_local.txt");
            Path mailboxes = folder.resolve("Extraction_Correspondance_MSSante_local.txt");
            List<Map<String, String>> professionalLines = new ArrayList<>();
            List<Map<String, String>> mailboxLines = new ArrayList<>();
            for (Entry entry : entries) {
                Map<String, String> mailbox = new LinkedHashMap<>();
                mailbox.put("Type de BAL", entry.type().name());
                mailbox.put("Adresse BAL", entry.address());
                mailbox.put("Raison sociale structure BAL", entry.structureName());
                mailbox.put("Service de rattachement", entry.service());
                if (entry.nationalId() != null) {
                    mailbox.put("Type d'identifiant PP", entry.nationalId().substring(0, 1));
                    mailbox.put("Identifiant PP", entry.nationalId().substring(1));
                    mailbox.put("Identification nationale PP", entry.nationalId());
                    mailbox.put("Nom d'exercice", entry.lastName());
                    mailbox.put("Prénom d'exercice", entry.firstName());
                    Map<String, String> line = new LinkedHashMap<>();
                    line.put("Type d'identifiant PP", entry.nationalId().substring(0, 1));
                    line.put("Identifiant PP", entry.nationalId().substring(1));
                    line.put("Identification nationale PP", entry.nationalId());
                    line.put("Libellé civilité d'exercice", entry.title());
                    line.put("Nom d'exercice", entry.lastName());
                    line.put("Prénom d'exercice", entry.firstName());
                    line.put("Code profession", entry.professionCode());
                    line.put("Libellé profession", entry.professionLabel());
                    line.put("Code savoir-faire", entry.specialtyCode());
                    line.put("Libellé savoir-faire", entry.specialtyLabel());
                    line.put("Raison sociale site", entry.structureName());
                    line.put("Code postal (coord. structure)", entry.postcode());
                    line.put("Libellé commune (coord. structure)", entry.city());
                    professionalLines.add(line);
                }
                mailboxLines.add(mailbox);
            }
            ExtractWriter.write(professionals, ExtractWriter.PROFESSIONAL_COLUMNS, professionalLines);
            ExtractWriter.write(mailboxes, ExtractWriter.MAILBOX_COLUMNS, mailboxLines);
            return new Files(professionals, mailboxes);
        } catch (IOException e) {
            throw new DirectoryException("Cannot write the local directory extract in " + folder + ": " + e.getMessage());
        }
    }

    private static void check(ImportReport report) {
        if (report.outcome() != ImportReport.Outcome.SUCCEEDED) {
            throw new DirectoryException(report.summary());
        }
    }
}
