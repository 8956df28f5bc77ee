package fr.mssnode.mail.mailet;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

import fr.mssnode.dossier.bridge.AttachmentOutcome;
import fr.mssnode.dossier.inbox.PatientCopies;

/**
 * What {@link FileIntoDossier} did with the documents of a message, passed to the next mailets as a typed mail
 * attribute ({@value #NAME}); {@value #UNFILED_NAME} is set as well when a document could not be filed, so that
 * mailetcontainer.xml routes the sender's notice with a matcher. The attribute is a map of plain values, so it
 * survives any spool or repository the mail goes through (James stores attributes as JSON).
 */
public record FilingReport(List<Document> documents, boolean dossierUnreachable) {
    public static final String NAME = "fr.mssnode.dossier.filing";
    public static final String UNFILED_NAME = "fr.mssnode.dossier.unfiled";
    public static final AttributeName ATTRIBUTE = AttributeName.of(NAME);
    public static final AttributeName UNFILED = AttributeName.of(UNFILED_NAME);

    /**
     * One document found in the message. Refused: {@code reasonCode} and {@code reasonLabel} (the ANS error code
     * and label). Filed: {@code typeCode}, {@code about} (title, patient's names and birth date), the document's id in
     * the dossier and the patient's INS.
     */
    public record Document(String attachment, boolean filed, String description, String reasonCode, String reasonLabel,
                           String typeCode, String about, long documentId, String ins) {
        private static final List<String> FIELDS = List.of("attachment", "description", "reasonCode", "reasonLabel", "typeCode",
            "about", "ins");

        static Document of(AttachmentOutcome outcome) {
            return new Document(outcome.attachment(), outcome.isFiled(), outcome.describe(),
                outcome.refused().map(r -> r.reason().code()).orElse(""),
                outcome.refused().map(r -> r.reason().label()).orElse(""),
                outcome.filed().map(r -> r.typeCode()).orElse(""), outcome.about().orElse(""),
                outcome.filed().map(r -> r.documentId()).orElse(0L), outcome.filed().map(r -> r.ins()).orElse(""));
        }

        AttributeValue<?> asAttributeValue() {
            Map<String, AttributeValue<?>> fields = new LinkedHashMap<>();
            List<String> values = List.of(attachment, description, reasonCode, reasonLabel, typeCode, about, ins);
            for (int i = 0; i < FIELDS.size(); i++) {
                fields.put(FIELDS.get(i), AttributeValue.of(values.get(i)));
            }
            fields.put("filed", AttributeValue.of(filed));
            fields.put("documentId", AttributeValue.of(documentId));
            return AttributeValue.of(fields);
        }

        static Optional<Document> from(AttributeValue<?> value) {
            return value.valueAs(Map.class).map(fields -> new Document(text(fields, "attachment"),
                Boolean.TRUE.equals(((AttributeValue<?>) fields.getOrDefault("filed", AttributeValue.of(false))).value()),
                text(fields, "description"), text(fields, "reasonCode"), text(fields, "reasonLabel"), text(fields, "typeCode"),
                text(fields, "about"), number(fields, "documentId"), text(fields, "ins")));
        }

        private static long number(Map<?, ?> fields, String name) {
            Object value = fields.get(name);
            return value instanceof AttributeValue<?> attribute && attribute.value() instanceof Number n ? n.longValue() : 0L;
        }

        private static String text(Map<?, ?> fields, String name) {
            Object value = fields.get(name);
            return value instanceof AttributeValue<?> attribute ? attribute.valueAs(String.class).orElse("") : "";
        }
    }

    static FilingReport of(List<AttachmentOutcome> outcomes) {
        return new FilingReport(outcomes.stream().map(Document::of).toList(), false);
    }

    static FilingReport unreachable() {
        return new FilingReport(List.of(), true);
    }

    /** The report a mail carries, if {@link FileIntoDossier} found documents in it. */
    public static Optional<FilingReport> of(Mail mail) {
        return mail.getAttribute(ATTRIBUTE).flatMap(attribute -> attribute.getValue().valueAs(Map.class)).map(fields -> {
            List<Document> documents = new ArrayList<>();
            Object listed = fields.get("documents");
            if (listed instanceof AttributeValue<?> value) {
                value.valueAs(Collection.class).ifPresent(items -> items.forEach(item ->
                    Document.from((AttributeValue<?>) item).ifPresent(documents::add)));
            }
            Object unreachable = fields.get("unreachable");
            return new FilingReport(List.copyOf(documents),
                unreachable instanceof AttributeValue<?> value && Boolean.TRUE.equals(value.value()));
        });
    }

    void attachTo(Mail mail) {
        Map<String, AttributeValue<?>> fields = new LinkedHashMap<>();
        fields.put("unreachable", AttributeValue.of(dossierUnreachable));
        fields.put("documents", AttributeValue.of(documents.stream().<AttributeValue<?>>map(Document::asAttributeValue).toList()));
        mail.setAttribute(new Attribute(ATTRIBUTE, AttributeValue.of(fields)));
        if (!refused().isEmpty()) {
            mail.setAttribute(new Attribute(UNFILED, AttributeValue.of(true)));
        }
    }

    public long filedCount() {
        return documents.stream().filter(Document::filed).count();
    }

    public List<Document> refused() {
        return documents.stream().filter(document -> !document.filed()).toList();
    }

    /** The documents filed (or found already filed) in the dossiers, with their patients. */
    public List<PatientCopies.Filed> filedDocuments() {
        return documents.stream().filter(Document::filed).filter(d -> d.documentId() > 0)
            .map(d -> new PatientCopies.Filed(d.documentId(), d.ins())).toList();
    }

    /** The CDA type codes of the documents filed. */
    public Set<String> filedTypeCodes() {
        Set<String> codes = new TreeSet<>();
        documents.stream().filter(Document::filed).map(Document::typeCode).filter(code -> !code.isBlank()).forEach(codes::add);
        return codes;
    }
}
