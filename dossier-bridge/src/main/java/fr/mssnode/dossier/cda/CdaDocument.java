package fr.mssnode.dossier.cda;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;

/**
 * What the dossier keeps of an HL7 CDA R2 document: the header (identity, version chain, type, patient, authors)
 * and, from the body, its text for search, an embedded file for an unstructured body, and the level-3 entries
 * (allergies, medications, problems, results) as structured facts.
 */
public record CdaDocument(Identifier id, Optional<Identifier> setId, int versionNumber, Optional<Identifier> replaces,
                          Code type, String title, Optional<String> effectiveTime, String confidentiality,
                          Optional<String> language, Patient patient, List<Author> authors, Optional<String> custodian,
                          Optional<String> legalAuthenticator, Optional<EmbeddedFile> nonXmlBody, String text,
                          List<Fact> facts) {

    /** An II: root OID and optional extension. */
    public record Identifier(String root, Optional<String> extension) {
        public String asString() {
            return extension.map(e -> root + "^" + e).orElse(root);
        }
    }

    public record Code(String code, String codeSystem, String display) {
    }

    /** The patient as the document identifies them: INS with its OID and the identity traits. */
    public record Patient(Ins ins, InsOid oid, String birthName, String givenNames, Optional<LocalDate> birthDate,
                          Optional<String> sex) {
    }

    /** An author: national id (8 + RPPS, or 0 + ADELI) when given, and the name. */
    public record Author(Optional<String> nationalId, String name) {
    }

    /** An unstructured body: a PDF or an image; its media type and decoded size (the content stays in the original). */
    public record EmbeddedFile(String mediaType, long size) {
    }

    public enum FactKind { ALLERGY, MEDICATION, PROBLEM, RESULT }

    /** One level-3 entry. */
    public record Fact(FactKind kind, String code, String codeSystem, String display, Optional<String> value,
                       Optional<String> unit, Optional<String> effectiveTime) {
    }
}
