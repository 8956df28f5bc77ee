package fr.mssnode.dossier.render;

import java.util.List;
import java.util.Optional;

import fr.mssnode.dossier.cda.CdaDocument;
import fr.mssnode.dossier.cda.CdaParser;
import fr.mssnode.dossier.cda.FilingRejected;
import fr.mssnode.dossier.store.DossierStore.StoredDocument;

/**
 * A filed document as a readable HTML page: the header a clinician checks first (patient, type, date, author,
 * version), the text, and the structured entries. Every value is escaped and the page carries no script, so a
 * hostile document cannot run anything in the reader's browser.
 */
public final class DocumentHtml {
    private DocumentHtml() {
    }

    public static String render(StoredDocument document, byte[] content, String originalLink) {
        StringBuilder html = new StringBuilder(4096);
        html.append("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\"><title>").append(escape(document.title()))
            .append("</title><style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.4}"
                + "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em;text-align:left}"
                + ".meta td:first-child{font-weight:bold}</style></head><body>\n");
        html.append("<h1>").append(escape(document.title())).append("</h1>\n<table class=\"meta\">");
        row(html, "Type", document.typeDisplay() + " (LOINC " + document.typeCode() + ")");
        row(html, "Date", document.effectiveTime().map(DocumentHtml::readableTime).orElse("-"));
        row(html, "Auteur", document.authorName() + document.authorId().map(id -> " (" + id + ")").orElse(""));
        row(html, "Version", document.version() + (document.current() ? "" : " (remplacée)"));
        row(html, "INS du patient", document.ins());
        html.append("</table>\n");
        Optional<CdaDocument> cda = parse(document, content);
        if (cda.isPresent()) {
            html.append("<p>Patient : ").append(escape(cda.get().patient().givenNames() + " " + cda.get().patient().birthName()))
                .append(cda.get().patient().birthDate().map(d -> ", né(e) le " + readableTime(d.toString().replace("-", "")))
                    .map(DocumentHtml::escape).orElse(""))
                .append("</p>\n");
            for (String paragraph : cda.get().text().split("\n")) {
                if (!paragraph.isBlank() && !paragraph.strip().equals(cda.get().title().strip())) {
                    html.append("<p>").append(escape(paragraph.strip())).append("</p>\n");
                }
            }
            cda.get().nonXmlBody().ifPresent(file -> html.append("<p>Ce document contient un fichier ")
                .append(escape(file.mediaType())).append(" (").append(file.size() / 1024 + 1).append(" Ko) : <a href=\"")
                .append(escape(originalLink)).append("/embedded\">l'ouvrir</a>.</p>\n"));
            facts(html, cda.get().facts());
        } else {
            html.append("<p>Document ").append(escape(document.mediaType())).append(" : <a href=\"").append(escape(originalLink))
                .append("\">l'ouvrir</a>.</p>\n");
        }
        html.append("<p><a href=\"").append(escape(originalLink)).append("\">Document original</a> (SHA-256 ")
            .append(escape(document.sha256())).append(")</p>\n</body></html>\n");
        return html.toString();
    }

    private static Optional<CdaDocument> parse(StoredDocument document, byte[] content) {
        if (!CdaParser.claimsToBeCda(content)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new CdaParser().parse(content));
        } catch (FilingRejected e) {
            return Optional.empty(); // it was filed, so it parsed then; show the metadata and the original
        }
    }

    private static void facts(StringBuilder html, List<CdaDocument.Fact> facts) {
        if (facts.isEmpty()) {
            return;
        }
        html.append("<h2>Données structurées</h2>\n<table><tr><th>Nature</th><th>Libellé</th><th>Code</th><th>Valeur</th>"
            + "<th>Date</th></tr>\n");
        for (CdaDocument.Fact fact : facts) {
            html.append("<tr><td>").append(label(fact.kind())).append("</td><td>").append(escape(fact.display()))
                .append("</td><td>").append(escape(fact.code())).append("</td><td>")
                .append(escape(fact.value().orElse("") + fact.unit().map(u -> " " + u).orElse(""))).append("</td><td>")
                .append(escape(fact.effectiveTime().map(DocumentHtml::readableTime).orElse(""))).append("</td></tr>\n");
        }
        html.append("</table>\n");
    }

    private static String label(CdaDocument.FactKind kind) {
        return switch (kind) {
            case ALLERGY -> "Allergie";
            case MEDICATION -> "Traitement";
            case PROBLEM -> "Problème";
            case RESULT -> "Résultat";
        };
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><td>").append(escape(name)).append("</td><td>").append(escape(value)).append("</td></tr>");
    }

    /** yyyyMMdd[HHmm...] as dd/MM/yyyy [HH:mm]. */
    static String readableTime(String hl7) {
        if (hl7.length() < 8 || !hl7.substring(0, 8).chars().allMatch(Character::isDigit)) {
            return hl7;
        }
        String day = hl7.substring(6, 8) + "/" + hl7.substring(4, 6) + "/" + hl7.substring(0, 4);
        return hl7.length() >= 12 && hl7.substring(8, 12).chars().allMatch(Character::isDigit)
            ? day + " " + hl7.substring(8, 10) + ":" + hl7.substring(10, 12) : day;
    }

    public static String escape(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
