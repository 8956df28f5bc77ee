package fr.mssnode.mail.imap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.dom.field.ContentTypeField;
import org.apache.james.mime4j.field.ContentTypeFieldLenientImpl;
import org.apache.james.mime4j.stream.RawField;
import org.apache.james.mime4j.stream.RawFieldParser;
import org.apache.james.mime4j.util.ByteSequence;
import org.apache.james.mime4j.util.ContentUtil;

/**
 * The body parts of a message as RFC 3501 (section 6.4.5) numbers them, found in the message's own bytes.
 *
 * <p>Part numbers name the parts of a message's body: of a multipart body its body parts, of any other body the one
 * part that is the body itself (so part 1 of a non-multipart message is its body). A part whose type is
 * {@code message/rfc822} (or a part of a {@code multipart/digest} without a type) encapsulates a message: the next
 * number names a part of that message, and its {@code HEADER} and {@code TEXT} are that message's header and body.
 * Part 1 of a message whose own type is {@code message/rfc822} is thus the whole encapsulated message.
 *
 * <p>James 3.8.1's part builder stops at the innermost body of an encapsulated message instead; this is what the
 * node's FETCH answers from for every section with a part number.
 */
final class MessageSections {
    private static final int MAX_DEPTH = 64;

    private final byte[] message;

    MessageSections(byte[] message) {
        this.message = message;
    }

    /** The part the numbers name, or empty when the message has no such part. */
    Optional<Part> part(int[] path) {
        Entity container = entity(0, message.length, false);
        List<Entity> candidates = partsOf(container);
        Entity found = null;
        for (int level = 0; level < path.length && level < MAX_DEPTH; level++) {
            int number = path[level];
            if (number < 1 || number > candidates.size()) {
                return Optional.empty();
            }
            found = candidates.get(number - 1);
            if (level + 1 < path.length) {
                if (found.isMessage()) {
                    candidates = partsOf(found.encapsulated());
                } else if (found.isMultipart()) {
                    candidates = found.bodyParts();
                } else {
                    return Optional.empty();
                }
            }
        }
        return Optional.ofNullable(found).map(Part::new);
    }

    /** A body part as FETCH sees it: its MIME header, its content, and for a message part the message inside. */
    final class Part {
        private final Entity entity;

        private Part(Entity entity) {
            this.entity = entity;
        }

        /** {@code BODY[n]}: the part's content, without its MIME header. */
        byte[] content() {
            return entity.body();
        }

        /** {@code BODY[n.MIME]}: the part's MIME header fields. */
        List<Field> mimeHeader() {
            return entity.fields();
        }

        /** {@code BODY[n.HEADER]}: the encapsulated message's header fields; none for a part that is not a message. */
        List<Field> messageHeader() {
            return entity.isMessage() ? entity.encapsulated().fields() : List.of();
        }

        /** {@code BODY[n.TEXT]}: the encapsulated message's body; nothing for a part that is not a message. */
        byte[] messageText() {
            return entity.isMessage() ? entity.encapsulated().body() : new byte[0];
        }
    }

    /** One header field, its value as written (folding kept, ends trimmed), as James's {@code Header} wants it. */
    record Field(String name, String value) {
    }

    private List<Entity> partsOf(Entity message) {
        return message.isMultipart() ? message.bodyParts() : List.of(message);
    }

    private Entity entity(int start, int end, boolean inDigest) {
        return new Entity(start, end, inDigest);
    }

    /** An entity: a header, an empty line, a body, within [start, end) of the message's bytes. */
    private final class Entity {
        private final int start;
        private final int end;
        private final int bodyStart;
        private final ContentTypeField contentType;
        private final boolean inDigest;

        private Entity(int start, int end, boolean inDigest) {
            this.start = start;
            this.end = end;
            this.inDigest = inDigest;
            this.bodyStart = bodyStart(start, end);
            this.contentType = contentType();
        }

        boolean isMultipart() {
            return contentType != null && contentType.isMultipart() && contentType.getBoundary() != null;
        }

        boolean isMessage() {
            if (contentType == null || contentType.getMimeType() == null) {
                return inDigest;
            }
            return contentType.getMimeType().toLowerCase(Locale.ROOT).equals("message/rfc822");
        }

        Entity encapsulated() {
            return entity(bodyStart, end, false);
        }

        byte[] body() {
            return slice(bodyStart, end);
        }

        List<Field> fields() {
            List<Field> fields = new ArrayList<>();
            for (String raw : rawFields()) {
                int colon = raw.indexOf(':');
                if (colon > 0) {
                    fields.add(new Field(raw.substring(0, colon).trim(), raw.substring(colon + 1).trim()));
                }
            }
            return fields;
        }

        /** The body parts between the boundary lines; the line break before a boundary line belongs to it. */
        List<Entity> bodyParts() {
            byte[] delimiter = ("--" + contentType.getBoundary()).getBytes(StandardCharsets.US_ASCII);
            boolean digest = "digest".equalsIgnoreCase(contentType.getSubType());
            List<Entity> parts = new ArrayList<>();
            int partStart = -1;
            int line = bodyStart;
            while (line < end) {
                int next = nextLine(line, end);
                if (startsWith(line, next, delimiter)) {
                    int breakStart = line;
                    if (breakStart > bodyStart && message[breakStart - 1] == '\n') {
                        breakStart--;
                        if (breakStart > bodyStart && message[breakStart - 1] == '\r') {
                            breakStart--;
                        }
                    }
                    if (partStart >= 0) {
                        parts.add(entity(partStart, Math.max(partStart, breakStart), digest));
                    }
                    boolean closing = line + delimiter.length + 1 < next && message[line + delimiter.length] == '-'
                        && message[line + delimiter.length + 1] == '-';
                    if (closing) {
                        return parts;
                    }
                    partStart = next;
                }
                line = next;
            }
            if (partStart >= 0 && partStart < end) {
                parts.add(entity(partStart, end, digest));
            }
            return parts;
        }

        private ContentTypeField contentType() {
            for (String raw : rawFields()) {
                int colon = raw.indexOf(':');
                if (colon > 0 && raw.substring(0, colon).trim().equalsIgnoreCase("Content-Type")) {
                    try {
                        ByteSequence bytes = ContentUtil.encode(raw);
                        RawField field = RawFieldParser.DEFAULT.parseField(bytes);
                        return ContentTypeFieldLenientImpl.PARSER.parse(field, DecodeMonitor.SILENT);
                    } catch (RuntimeException | org.apache.james.mime4j.MimeException unreadable) {
                        return null;
                    }
                }
            }
            return null;
        }

        /** The header's fields, each with its continuation lines, line breaks between lines kept. */
        private List<String> rawFields() {
            List<String> fields = new ArrayList<>();
            StringBuilder current = null;
            int line = start;
            while (line < bodyStart) {
                int next = nextLine(line, bodyStart);
                String text = new String(message, line, lineContentEnd(line, next) - line, StandardCharsets.ISO_8859_1);
                if (text.isEmpty()) {
                    break;
                }
                if ((text.charAt(0) == ' ' || text.charAt(0) == '\t') && current != null) {
                    current.append("\r\n").append(text);
                } else {
                    if (current != null) {
                        fields.add(current.toString());
                    }
                    current = new StringBuilder(text);
                }
                line = next;
            }
            if (current != null) {
                fields.add(current.toString());
            }
            return fields;
        }
    }

    /** Where the body starts: after the first empty line, or at the end when the entity is only a header. */
    private int bodyStart(int start, int end) {
        int line = start;
        while (line < end) {
            int next = nextLine(line, end);
            if (lineContentEnd(line, next) == line) {
                return next;
            }
            line = next;
        }
        return end;
    }

    private int nextLine(int from, int end) {
        for (int i = from; i < end; i++) {
            if (message[i] == '\n') {
                return i + 1;
            }
        }
        return end;
    }

    private int lineContentEnd(int line, int next) {
        int contentEnd = next;
        if (contentEnd > line && message[contentEnd - 1] == '\n') {
            contentEnd--;
        }
        if (contentEnd > line && message[contentEnd - 1] == '\r') {
            contentEnd--;
        }
        return contentEnd;
    }

    private boolean startsWith(int line, int next, byte[] prefix) {
        if (next - line < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (message[line + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private byte[] slice(int from, int to) {
        byte[] bytes = new byte[Math.max(0, to - from)];
        System.arraycopy(message, from, bytes, 0, bytes.length);
        return bytes;
    }
}
