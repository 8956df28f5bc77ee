package fr.mssnode.directory.extract;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes extract files in the published format (UTF-8, '|' after every field, one header line), for the demo's
 * own directory and for tests. Only the columns the import reads are filled; the others stay empty.
 */
public final class ExtractWriter {
    /** The professionals extract's header, as published (56 columns). */
    public static final List<String> PROFESSIONAL_COLUMNS = List.of("Type d'identifiant PP", "Identifiant PP",
        "Identification nationale PP", "Code civilité d'exercice", "Libellé civilité d'exercice", "Code civilité",
        "Libellé civilité", "Nom d'exercice", "Prénom d'exercice", "Code profession", "Libellé profession",
        "Code catégorie professionnelle", "Libellé catégorie professionnelle", "Code type savoir-faire",
        "Libellé type savoir-faire", "Code savoir-faire", "Libellé savoir-faire", "Code mode exercice",
        "Libellé mode exercice", "Numéro SIRET site", "Numéro SIREN site", "Numéro FINESS site",
        "Numéro FINESS établissement juridique", "Identifiant technique de la structure", "Raison sociale site",
        "Enseigne commerciale site", "Complément destinataire (coord. structure)",
        "Complément point géographique (coord. structure)", "Numéro Voie (coord. structure)",
        "Indice répétition voie (coord. structure)", "Code type de voie (coord. structure)",
        "Libellé type de voie (coord. structure)", "Libellé Voie (coord. structure)",
        "Mention distribution (coord. structure)", "Bureau cedex (coord. structure)", "Code postal (coord. structure)",
        "Code commune (coord. structure)", "Libellé commune (coord. structure)", "Code pays (coord. structure)",
        "Libellé pays (coord. structure)", "Téléphone (coord. structure)", "Téléphone 2 (coord. structure)",
        "Télécopie (coord. structure)", "Adresse e-mail (coord. structure)", "Code Département (structure)",
        "Libellé Département (structure)", "Ancien identifiant de la structure", "Autorité d'enregistrement",
        "Code secteur d'activité", "Libellé secteur d'activité", "Code section tableau pharmaciens",
        "Libellé section tableau pharmaciens", "Code rôle", "Libellé rôle", "Code genre activité", "Libellé genre activité");

    /** The MSSanté mailboxes extract's header. */
    public static final List<String> MAILBOX_COLUMNS = List.of("Type de BAL", "Adresse BAL", "Type d'identifiant PP",
        "Identifiant PP", "Identification nationale PP", "Type d'identifiant structure", "Identification Structure",
        "Service de rattachement", "Civilité d'exercice", "Nom d'exercice", "Prénom d'exercice",
        "Raison sociale structure BAL", "Liste rouge");

    private ExtractWriter() {
    }

    /** One professional's activity line: values by column name, the rest empty. */
    public record Line(Map<String, String> values) {
    }

    public static void write(Path file, List<String> columns, List<Map<String, String>> lines) throws IOException {
        try (Writer out = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8))) {
            writeLine(out, columns);
            for (Map<String, String> line : lines) {
                writeLine(out, columns.stream().map(column -> line.getOrDefault(column, "")).toList());
            }
        }
    }

    public static void writeLine(Writer out, List<String> fields) throws IOException {
        for (String field : fields) {
            out.write(field.replace('|', ' ').replace('\n', ' ').replace('\r', ' '));
            out.write('|');
        }
        out.write('\n');
    }

    /** A whitelist file listing these domains. */
    public static void writeWhitelist(Path file, List<String> domains) throws IOException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListeBlanche xmlns=\""
            + Whitelist.NAMESPACE + "\">\n");
        for (String domain : domains) {
            xml.append("  <Domaine><Nom>").append(domain).append("</Nom></Domaine>\n");
        }
        Files.writeString(file, xml.append("</ListeBlanche>\n"), StandardCharsets.UTF_8);
    }
}
