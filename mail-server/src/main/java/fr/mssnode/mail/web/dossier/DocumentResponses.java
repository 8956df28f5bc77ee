package fr.mssnode.mail.web.dossier;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import fr.mssnode.dossier.cda.CdaParser;
import fr.mssnode.dossier.cda.FilingRejected;
import fr.mssnode.dossier.render.DocumentHtml;
import fr.mssnode.dossier.store.DossierStore.StoredDocument;
import fr.mssnode.mail.web.ApiProblems.NotFound;

/** A document read through an API: its original bytes, its readable page, or the file it carries. */
public final class DocumentResponses {
    private DocumentResponses() {
    }

    /** The original bytes, as filed, with their media type. */
    public static ResponseEntity<byte[]> original(StoredDocument document, byte[] content) {
        return ResponseEntity.ok().contentType(mediaType(document.mediaType()))
            .header(HttpHeaders.CONTENT_DISPOSITION, "inline; filename=\"document-" + document.id() + extension(document) + "\"")
            .header("X-Content-Type-Options", "nosniff")
            .body(content);
    }

    /** The document as a readable page (escaped, no script, strict CSP); {@code self}: its link in this API. */
    public static ResponseEntity<String> html(StoredDocument document, byte[] content, String self) {
        return ResponseEntity.ok().contentType(new MediaType("text", "html", StandardCharsets.UTF_8))
            .header("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
            .body(DocumentHtml.render(document, content, self));
    }

    /** The file a CDA carries in its unstructured body (most often a PDF). */
    public static ResponseEntity<byte[]> embedded(StoredDocument document, byte[] content) {
        CdaParser.EmbeddedContent found = embeddedFile(content).orElseThrow(() -> new NotFound("Document " + document.id()
            + " carries no embedded file."));
        return ResponseEntity.ok().contentType(mediaType(found.mediaType())).header("X-Content-Type-Options", "nosniff")
            .body(found.content());
    }

    /** The file a CDA carries in its unstructured body, if it carries one. */
    public static Optional<CdaParser.EmbeddedContent> embeddedFile(byte[] content) {
        if (!CdaParser.claimsToBeCda(content)) {
            return Optional.empty();
        }
        try {
            return new CdaParser().embeddedContent(content);
        } catch (FilingRejected e) {
            return Optional.empty();
        }
    }

    private static MediaType mediaType(String declared) {
        try {
            return MediaType.parseMediaType(declared);
        } catch (RuntimeException e) {
            return MediaType.APPLICATION_OCTET_STREAM;
        }
    }

    private static String extension(StoredDocument document) {
        return switch (document.mediaType().toLowerCase(Locale.ROOT)) {
            case "text/xml", "application/xml", "application/hl7-cda+xml" -> ".xml";
            case "application/pdf" -> ".pdf";
            default -> "";
        };
    }
}
