package fr.mssnode.directory.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.AddressStatus;
import fr.mssnode.directory.CachingDirectory;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.DirectoryAdmin;
import fr.mssnode.directory.JdbcDirectory;
import fr.mssnode.directory.Professional;
import fr.mssnode.directory.testing.TestDatabase;

/** Imports of extract files written by the test, on a real database; run once per vendor by the subclasses. */
abstract class DirectoryImportContract {
    static final String DOMAIN = "hopital-nord.test";
    static final String[] FIRST = {"Hélène", "Jérôme", "Françoise", "Loïc", "Zoé", "Éric", "Anaïs", "Noël"};
    static final String[] LAST = {"LEFÈVRE", "BENALI", "NGUYEN", "LE GALL", "DA SILVA", "MARTIN", "DUPONT-AIGNAN", "FAURÉ"};

    @TempDir
    Path folder;
    private TestDatabase database;
    private Directory directory;
    private DirectoryImporter importer;
    private DirectoryAdmin admin;

    abstract TestDatabase newDatabase();

    @BeforeEach
    void setUp() {
        database = newDatabase().migrated();
        directory = new CachingDirectory(new JdbcDirectory(database.dataSource(), Set.of(DOMAIN)), database.dataSource());
        importer = new DirectoryImporter(database.dataSource());
        admin = new DirectoryAdmin(database.dataSource(), directory);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    /** Professional i: national id 8 + 11 digits, one activity, two for every third one (on consecutive lines). */
    static List<Map<String, String>> professionals(int from, int to, String cityOfChanged, Set<Integer> changed) {
        List<Map<String, String>> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            int sites = i % 3 == 0 ? 2 : 1;
            for (int site = 0; site < sites; site++) {
                Map<String, String> line = new LinkedHashMap<>();
                line.put("Type d'identifiant PP", "8");
                line.put("Identifiant PP", String.format("1%010d", i));
                line.put("Identification nationale PP", String.format("81%010d", i));
                line.put("Libellé civilité d'exercice", "Docteur");
                line.put("Nom d'exercice", LAST[i % LAST.length]);
                line.put("Prénom d'exercice", FIRST[i % FIRST.length]);
                line.put("Code profession", "10");
                line.put("Libellé profession", "Médecin");
                line.put("Code savoir-faire", i % 2 == 0 ? "SM26" : "SM04");
                line.put("Libellé savoir-faire", i % 2 == 0 ? "Qualifié en Médecine Générale" : "Cardiologie et maladies vasculaires");
                line.put("Raison sociale site", site == 0 ? "Cabinet médical " + i : "Centre hospitalier de Lyon");
                line.put("Code postal (coord. structure)", site == 0 ? "75011" : "69003");
                line.put("Libellé commune (coord. structure)", changed.contains(i) ? cityOfChanged : site == 0 ? "PARIS" : "LYON");
                lines.add(line);
            }
        }
        return lines;
    }

    static List<Map<String, String>> mailboxes(int from, int to) {
        List<Map<String, String>> lines = new ArrayList<>();
        for (int i = from; i < to; i++) {
            Map<String, String> line = new LinkedHashMap<>();
            line.put("Type de BAL", "PER");
            line.put("Adresse BAL", "dr" + i + "@" + DOMAIN);
            line.put("Identification nationale PP", String.format("81%010d", i));
            lines.add(line);
        }
        return lines;
    }

    Path write(String name, List<String> columns, List<Map<String, String>> lines) throws IOException {
        Path file = folder.resolve(name);
        ExtractWriter.write(file, columns, lines);
        return file;
    }

    ImportReport importProfessionals(Path file) {
        return importer.importProfessionals(file, ImportOptions.DEFAULTS, ImportProgress.NONE);
    }

    @Test
    void firstImportThenReimportWithChangesAndRemovals() throws IOException {
        ImportReport first = importProfessionals(write("PS_1.txt", ExtractWriter.PROFESSIONAL_COLUMNS,
            professionals(0, 300, "", Set.of())));
        assertThat(first.outcome()).isEqualTo(ImportReport.Outcome.SUCCEEDED);
        assertThat(first.linesRead()).isEqualTo(400);
        assertThat(first.added()).isEqualTo(300);
        Professional helene = directory.professional("810000000000").orElseThrow();
        assertThat(helene.firstName()).isEqualTo("Hélène");
        assertThat(helene.lastName()).isEqualTo("LEFÈVRE");
        assertThat(helene.specialtyLabel()).isEqualTo("Qualifié en Médecine Générale");
        assertThat(helene.activities()).extracting(a -> a.city()).containsExactly("PARIS", "LYON");

        // Next extract: professionals 0-4 gone, 10 and 11 moved to Lille, 300-309 new (more than 10% would abort).
        ImportReport second = importProfessionals(write("PS_2.txt", ExtractWriter.PROFESSIONAL_COLUMNS,
            professionals(5, 310, "LILLE", Set.of(10, 11))));
        assertThat(second.outcome()).as(second.summary()).isEqualTo(ImportReport.Outcome.SUCCEEDED);
        assertThat(second.added()).isEqualTo(10);
        assertThat(second.updated()).isEqualTo(2);
        assertThat(second.unchanged()).isEqualTo(293);
        assertThat(second.deactivated()).isEqualTo(5);
        assertThat(directory.professional("810000000000").orElseThrow().active()).isFalse();
        assertThat(directory.professional("810000000010").orElseThrow().activities()).extracting(a -> a.city())
            .contains("LILLE");
        assertThat(directory.professional("810000000305").orElseThrow().active()).isTrue();

        // The same extract again changes nothing; a professional coming back is reactivated.
        ImportReport again = importProfessionals(write("PS_3.txt", ExtractWriter.PROFESSIONAL_COLUMNS,
            professionals(0, 310, "LILLE", Set.of(10, 11))));
        assertThat(again.updated()).isEqualTo(5);
        assertThat(again.unchanged()).isEqualTo(305);
        assertThat(directory.professional("810000000000").orElseThrow().active()).isTrue();
        assertThat(importer.runs().history(10)).extracting(ImportReport::fileName).startsWith("PS_3.txt", "PS_2.txt", "PS_1.txt");
    }

    @Test
    void theGateFollowsTheImportWithoutRestart() throws IOException {
        admin.createAccount("dr7@" + DOMAIN, AccountKind.PROFESSIONAL, "Dr 7", "Tulipe-Verte-2031");
        assertThat(directory.check("dr7@" + DOMAIN).status()).isEqualTo(AddressStatus.LOCAL_NOT_LISTED);

        importProfessionals(write("PS_1.txt", ExtractWriter.PROFESSIONAL_COLUMNS, professionals(0, 100, "", Set.of())));
        ImportReport listed = importer.importMailboxes(write("MSS_1.txt", ExtractWriter.MAILBOX_COLUMNS, mailboxes(0, 100)),
            ImportOptions.DEFAULTS, ImportProgress.NONE);
        assertThat(listed.added()).isEqualTo(100);
        assertThat(directory.check("dr7@" + DOMAIN).status()).isEqualTo(AddressStatus.LOCAL_ACTIVE);

        // Professional 7 leaves the Annuaire Santé: the mailbox stays listed but its owner is deactivated.
        List<Map<String, String>> without7 = professionals(0, 100, "", Set.of());
        without7.removeIf(line -> line.get("Identification nationale PP").equals("810000000007"));
        importProfessionals(write("PS_2.txt", ExtractWriter.PROFESSIONAL_COLUMNS, without7));
        assertThat(directory.check("dr7@" + DOMAIN).status()).isEqualTo(AddressStatus.LOCAL_DELISTED);
        assertThat(directory.check("dr7@" + DOMAIN).reason()).contains("Noël").contains("no longer listed");
    }

    @Test
    void malformedLinesAreSkippedCountedAndReportedWithTheirLineNumber() throws IOException {
        List<Map<String, String>> lines = professionals(0, 200, "", Set.of());
        lines.get(10).put("Identification nationale PP", "8ABC");
        lines.get(20).put("Type d'identifiant PP", "X");
        lines.get(20).put("Identification nationale PP", "X10000000020");
        Path file = write("PS_bad.txt", ExtractWriter.PROFESSIONAL_COLUMNS, lines);
        List<String> raw = new ArrayList<>(Files.readAllLines(file));
        raw.set(31, raw.get(31).substring(0, 40)); // a line cut short (line 32 of the file)
        Files.write(file, raw);

        ImportReport report = importer.importProfessionals(file, new ImportOptions(0.02, 0.1), ImportProgress.NONE);
        assertThat(report.outcome()).isEqualTo(ImportReport.Outcome.SUCCEEDED);
        assertThat(report.malformed()).isEqualTo(3);
        assertThat(report.firstIssues()).extracting(ImportReport.LineIssue::line).containsExactly(12L, 22L, 32L);
        assertThat(report.firstIssues().get(0).reason()).contains("not 8 followed by 11 digits");
        assertThat(report.firstIssues().get(1).reason()).contains("neither 8 (RPPS) nor 0 (ADELI)");
        assertThat(report.firstIssues().get(2).reason()).contains("fields where the header has 56");
        assertThat(importer.runs().find(report.runId()).orElseThrow().firstIssues()).hasSize(3);

        // Above the allowed ratio, nothing changes.
        ImportReport strict = importer.importProfessionals(file, new ImportOptions(0.001, 0.1), ImportProgress.NONE);
        assertThat(strict.outcome()).isEqualTo(ImportReport.Outcome.ABORTED);
        assertThat(strict.detail()).contains("lines are malformed");
    }

    @Test
    void aBrokenFileChangesNothing() throws IOException {
        importProfessionals(write("PS_1.txt", ExtractWriter.PROFESSIONAL_COLUMNS, professionals(0, 50, "", Set.of())));

        Path latin1 = folder.resolve("PS_latin1.txt");
        Files.write(latin1, Files.readString(folder.resolve("PS_1.txt")).getBytes(StandardCharsets.ISO_8859_1));
        Path empty = Files.writeString(folder.resolve("PS_empty.txt"), "");
        Path truncated = folder.resolve("PS_truncated.txt");
        byte[] whole = Files.readAllBytes(folder.resolve("PS_1.txt"));
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 2));
        Path headerOnly = write("PS_header.txt", ExtractWriter.PROFESSIONAL_COLUMNS, List.of());
        Path mostGone = write("PS_10.txt", ExtractWriter.PROFESSIONAL_COLUMNS, professionals(0, 10, "", Set.of()));
        Path notAnExtract = Files.writeString(folder.resolve("notes.txt"), "Liste des courses|pain|lait|\n");

        assertThat(importProfessionals(latin1).detail()).contains("is not UTF-8");
        assertThat(importProfessionals(empty).detail()).contains("is empty");
        assertThat(importProfessionals(truncated).detail()).contains("looks truncated");
        assertThat(importProfessionals(headerOnly).detail()).contains("no data lines");
        assertThat(importProfessionals(mostGone).detail()).contains("it would deactivate 40 of 50 active professionals");
        assertThat(importProfessionals(notAnExtract).detail()).contains("has no column 'Identification nationale PP'");

        assertThat(directory.professional("810000000049").orElseThrow().active()).isTrue();
        assertThat(importer.runs().history(10)).extracting(ImportReport::outcome)
            .containsExactly(ImportReport.Outcome.ABORTED, ImportReport.Outcome.ABORTED, ImportReport.Outcome.ABORTED,
                ImportReport.Outcome.ABORTED, ImportReport.Outcome.ABORTED, ImportReport.Outcome.ABORTED,
                ImportReport.Outcome.SUCCEEDED);
    }

    @Test
    void linesOfOneProfessionalSpreadOverTheFileAreGathered() throws IOException {
        List<Map<String, String>> lines = professionals(0, 30, "", Set.of());
        Map<String, String> moved = lines.remove(1); // second activity of professional 0, moved to the end
        lines.add(moved);
        Path file = write("PS_unsorted.txt", ExtractWriter.PROFESSIONAL_COLUMNS, lines);

        assertThat(importProfessionals(file).added()).isEqualTo(30);
        assertThat(directory.professional("810000000000").orElseThrow().activities()).hasSize(2);
        ImportReport again = importProfessionals(file);
        assertThat(again.deactivated()).isZero();
        assertThat(directory.professional("810000000000").orElseThrow().activities()).hasSize(2);
    }

    @Test
    void whitelistAddsAndRetiresTrustedOperatorsAndRefusesDoctypes() throws IOException {
        admin.addTrustedOperator("manuel.test", null);
        Path whitelist = folder.resolve("ListeBlanche_1.xml");
        ExtractWriter.writeWhitelist(whitelist, List.of("chu-sud.test", "clinique-est.test", "ghu-ouest.test",
            "ars-demo.test", "chu-nord.test", "ch-centre.test", "ch-ouest.test", "ch-sud.test", "ch-est.test", "ch-nord.test",
            "ch-alpes.test"));
        ImportReport first = importer.importWhitelist(whitelist, ImportOptions.DEFAULTS);
        assertThat(first.added()).isEqualTo(11);
        assertThat(directory.isTrustedOperator("clinique-est.test")).isTrue();

        ExtractWriter.writeWhitelist(whitelist, List.of("chu-sud.test", "ghu-ouest.test", "ars-demo.test", "chu-nord.test",
            "ch-centre.test", "ch-ouest.test", "ch-sud.test", "ch-est.test", "ch-nord.test", "ch-alpes.test"));
        ImportReport second = importer.importWhitelist(whitelist, ImportOptions.DEFAULTS);
        assertThat(second.deactivated()).isEqualTo(1);
        assertThat(directory.isTrustedOperator("clinique-est.test")).isFalse();
        assertThat(directory.isTrustedOperator("manuel.test")).as("added by hand, not by the whitelist").isTrue();

        Path hostile = Files.writeString(folder.resolve("ListeBlanche_xxe.xml"), "<?xml version=\"1.0\"?>\n"
            + "<!DOCTYPE ListeBlanche [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
            + "<ListeBlanche xmlns=\"https://listeblanche.mssante.fr/schema\"><Domaine><Nom>&x;</Nom></Domaine></ListeBlanche>");
        ImportReport refused = importer.importWhitelist(hostile, ImportOptions.DEFAULTS);
        assertThat(refused.outcome()).isEqualTo(ImportReport.Outcome.ABORTED);
        assertThat(refused.detail()).contains("DOCTYPE");
        assertThat(directory.isTrustedOperator("chu-sud.test")).isTrue();
    }
}
