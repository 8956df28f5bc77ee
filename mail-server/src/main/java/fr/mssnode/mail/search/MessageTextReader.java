package fr.mssnode.mail.search;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.CharsetUtil;
import org.apache.james.mime4j.util.MimeUtil;

import fr.mssnode.mail.mime.MimeParts;
import fr.mssnode.mail.search.IndexedMessage.Header;
import fr.mssnode.mail.search.IndexedMessage.MessageText;

/**
 * Reads what IMAP SEARCH looks at from a message as it streams by, in one pass and without keeping the message:
 * the decoded top-level headers, the text of the readable parts (plain text, HTML without its tags, the headers and
 * text of forwarded messages, the content of an opaque S/MIME signature), the names of the attachments and the
 * Date header. The content of an attachment (a CDA, a PDF) is not text for this index: the dossier indexes
 * documents; the mailbox index finds them by name.
 */
public final class MessageTextReader {
    private static final int MAX_NESTING = 4;
    private static final Pattern DATE = Pattern.compile(
        "(\\d{1,2})\\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\\s+(\\d{2,4})"
            + "(?:\\s+(\\d{1,2}):(\\d{2})(?::(\\d{2}))?)?(?:\\s*([+-]\\d{4}|[a-z]{1,5}))?", Pattern.CASE_INSENSITIVE);
    private static final List<String> MONTHS = List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
        "oct", "nov", "dec");
    private static final Map<String, String> NAMED_ZONES = Map.ofEntries(Map.entry("ut", "+0000"),
        Map.entry("gmt", "+0000"), Map.entry("z", "+0000"), Map.entry("edt", "-0400"), Map.entry("est", "-0500"),
        Map.entry("cdt", "-0500"), Map.entry("cst", "-0600"), Map.entry("mdt", "-0600"), Map.entry("mst", "-0700"),
        Map.entry("pdt", "-0700"), Map.entry("pst", "-0800"));

    private MessageTextReader() {
    }

    public static MessageText read(InputStream message) throws IOException {
        Collector collector = new Collector();
        collector.parse(message, 0, true);
        return collector.text();
    }

    private static final class Collector {
        private final List<Header> headers = new ArrayList<>();
        private final List<String> rawHeaders = new ArrayList<>();
        private final StringBuilder body = new StringBuilder();
        private final List<String> attachmentNames = new ArrayList<>();
        private boolean hasAttachment;

        void parse(InputStream input, int nesting, boolean topLevel) throws IOException {
            MimeStreamParser parser = new MimeStreamParser(MimeConfig.PERMISSIVE, DecodeMonitor.SILENT,
                new DefaultBodyDescriptorBuilder());
            parser.setContentDecoding(true);
            parser.setRecurse();
            parser.setContentHandler(new Handler(nesting, topLevel));
            try {
                parser.parse(input);
            } catch (MimeException e) {
                throw new IOException("Cannot read the message's structure: " + e.getMessage(), e);
            }
        }

        MessageText text() {
            long[] sent = sentDate(rawHeader("date"));
            return new MessageText(headers, body.toString(), attachmentNames, hasAttachment, sent[0], sent[1]);
        }

        private String rawHeader(String name) {
            for (int i = 0; i < headers.size(); i++) {
                if (headers.get(i).name().equals(name)) {
                    return rawHeaders.get(i);
                }
            }
            return null;
        }

        private void appendBody(CharSequence text) {
            int room = MessageText.MAX_BODY_CHARS - body.length();
            if (room > 0) {
                body.append(text, 0, Math.min(room, text.length())).append('\n');
            }
        }

        private final class Handler extends AbstractContentHandler {
            private final int nesting;
            private final boolean topLevel;
            private int messageDepth;

            Handler(int nesting, boolean topLevel) {
                this.nesting = nesting;
                this.topLevel = topLevel;
            }

            private boolean messageStarted;
            private boolean messageHeader;

            @Override
            public void startMessage() {
                messageDepth++;
                messageStarted = true;
            }

            @Override
            public void endMessage() {
                messageDepth--;
            }

            @Override
            public void startBodyPart() {
                messageStarted = false;
            }

            /** A header block is a message's (the top one, or a forwarded one) or a body part's (Content-Type...). */
            @Override
            public void startHeader() {
                messageHeader = messageStarted;
                messageStarted = false;
            }

            @Override
            public void field(Field field) {
                if (!messageHeader) {
                    return;
                }
                String value = DecoderUtil.decodeEncodedWords(MimeUtil.unfold(headerBody(field)), DecodeMonitor.SILENT);
                if (messageDepth == 1) {
                    if (topLevel) {
                        headers.add(new Header(field.getName().toLowerCase(Locale.ROOT), value));
                        rawHeaders.add(field.getBody());
                    }
                } else {
                    appendBody(field.getName() + ": " + value);
                }
            }

            @Override
            public void body(BodyDescriptor descriptor, InputStream content) throws IOException {
                MaximalBodyDescriptor part = (MaximalBodyDescriptor) descriptor;
                String name = MimeParts.fileName(part);
                boolean attachment = name != null || "attachment".equalsIgnoreCase(part.getContentDispositionType());
                if (attachment) {
                    hasAttachment = true;
                    if (name != null) {
                        attachmentNames.add(name);
                    }
                }
                String type = part.getMimeType().toLowerCase(Locale.ROOT);
                if (!attachment && (type.equals("text/plain") || type.equals("text/html"))) {
                    String text = readText(content, charset(part.getCharset()));
                    appendBody(type.equals("text/html") ? HtmlText.of(text) : text);
                } else if (MimeParts.isOpaqueSignature(part) && nesting < MAX_NESTING) {
                    MimeParts.signedContent(content.readNBytes(MimeParts.MAX_OPAQUE_BYTES)).ifPresent(inner -> {
                        try {
                            parse(new ByteArrayInputStream(inner), nesting + 1, false);
                        } catch (IOException e) {
                            // what cannot be read of a signed content is left out of the text
                        }
                    });
                }
            }
        }

        private String readText(InputStream content, Charset charset) throws IOException {
            int room = MessageText.MAX_BODY_CHARS - body.length();
            StringBuilder text = new StringBuilder();
            Reader reader = new InputStreamReader(content, charset);
            char[] buffer = new char[8192];
            for (int read = reader.read(buffer); read >= 0 && text.length() < room; read = reader.read(buffer)) {
                text.append(buffer, 0, read);
            }
            return text.toString();
        }
    }

    /**
     * A header's body as sent: 8-bit bytes read as UTF-8 (RFC 6532, and what most software sends raw), as
     * ISO-8859-1 when they are not UTF-8; mime4j's own reading turns them into '?'.
     */
    static String headerBody(Field field) {
        org.apache.james.mime4j.util.ByteSequence raw = field.getRaw();
        if (raw == null) {
            return field.getBody();
        }
        byte[] bytes = raw.toByteArray();
        boolean eightBit = false;
        for (byte b : bytes) {
            if (b < 0) {
                eightBit = true;
                break;
            }
        }
        if (!eightBit) {
            return field.getBody();
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException notUtf8) {
            text = new String(bytes, StandardCharsets.ISO_8859_1);
        }
        int colon = text.indexOf(':');
        String value = colon < 0 ? text : text.substring(colon + 1);
        return value.stripLeading();
    }

    private static Charset charset(String name) {
        Charset charset = name == null ? null : CharsetUtil.lookup(name);
        return charset == null ? StandardCharsets.ISO_8859_1 : charset;
    }

    /** The Date header's day as written (RFC 3501: time and zone disregarded) and its instant, or MIN_VALUE twice. */
    static long[] sentDate(String header) {
        long[] none = {Long.MIN_VALUE, Long.MIN_VALUE};
        if (header == null) {
            return none;
        }
        Matcher date = DATE.matcher(header);
        if (!date.find()) {
            return none;
        }
        try {
            int year = Integer.parseInt(date.group(3));
            year = year < 50 ? 2000 + year : year < 1000 ? 1900 + year : year;
            LocalDate day = LocalDate.of(year, MONTHS.indexOf(date.group(2).toLowerCase(Locale.ROOT).substring(0, 3)) + 1,
                Integer.parseInt(date.group(1)));
            LocalDateTime time = date.group(4) == null ? day.atStartOfDay()
                : day.atTime(Integer.parseInt(date.group(4)), Integer.parseInt(date.group(5)),
                    date.group(6) == null ? 0 : Integer.parseInt(date.group(6)));
            String zone = date.group(7) == null ? "+0000" : date.group(7).toLowerCase(Locale.ROOT);
            zone = NAMED_ZONES.getOrDefault(zone, zone.matches("[+-]\\d{4}") ? zone : "+0000");
            ZoneOffset offset = ZoneOffset.ofHoursMinutes(Integer.parseInt(zone.substring(0, 3)),
                (zone.charAt(0) == '-' ? -1 : 1) * Integer.parseInt(zone.substring(3)));
            return new long[] {day.toEpochDay(), time.toInstant(offset).toEpochMilli()};
        } catch (RuntimeException e) {
            return none;
        }
    }
}
