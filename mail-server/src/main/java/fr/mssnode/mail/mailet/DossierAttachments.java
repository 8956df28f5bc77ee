package fr.mssnode.mail.mailet;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.MimeConfig;

import fr.mssnode.dossier.bridge.DossierBridge;
import fr.mssnode.mail.mime.MimeParts;

/**
 * The parts of a message that may be dossier documents (XML, ZIP, by type or name), decoded, in the order they come:
 * read in one pass over the message's bytes (mime4j), into multiparts, forwarded messages (message/rfc822) and opaque
 * S/MIME signatures (up to {@value #MAX_NESTING} deep). A report (multipart/report: a delivery or disposition report)
 * carries copies of other messages, which were filed, or not, when they were sent: nothing in it is a candidate.
 * Other parts are skipped without being decoded.
 */
final class DossierAttachments {
    private static final int MAX_NESTING = 10;

    record Attachment(String mediaType, String fileName, byte[] content) {
    }

    private DossierAttachments() {
    }

    static List<Attachment> of(InputStream message) throws IOException {
        List<Attachment> found = new ArrayList<>();
        collect(message, 0, found);
        return found;
    }

    private static void collect(InputStream message, int nesting, List<Attachment> found) throws IOException {
        MimeStreamParser parser = new MimeStreamParser(MimeConfig.PERMISSIVE, DecodeMonitor.SILENT, new DefaultBodyDescriptorBuilder());
        parser.setContentDecoding(false);
        parser.setRecurse();
        parser.setContentHandler(new AbstractContentHandler() {
            /** For each multipart being read: whether it is a report. */
            private final Deque<Boolean> multiparts = new ArrayDeque<>();
            private int reports;

            @Override
            public void startMultipart(BodyDescriptor multipart) {
                boolean report = multipart.getMimeType().equalsIgnoreCase("multipart/report");
                multiparts.push(report);
                if (report) {
                    reports++;
                }
            }

            @Override
            public void endMultipart() {
                if (!multiparts.isEmpty() && multiparts.pop()) {
                    reports--;
                }
            }

            @Override
            public void body(BodyDescriptor descriptor, InputStream content) throws IOException {
                if (reports > 0) {
                    return;
                }
                MaximalBodyDescriptor part = (MaximalBodyDescriptor) descriptor;
                if (MimeParts.isOpaqueSignature(part)) {
                    if (nesting < MAX_NESTING) {
                        byte[] signature = MimeParts.decoded(content, part.getTransferEncoding(), MimeParts.MAX_OPAQUE_BYTES);
                        MimeParts.signedContent(signature).ifPresent(inner -> {
                            try {
                                collect(new ByteArrayInputStream(inner), nesting + 1, found);
                            } catch (IOException e) {
                                // a signed content that cannot be read has no document to file
                            }
                        });
                    }
                    return;
                }
                String mediaType = part.getMimeType().toLowerCase(Locale.ROOT);
                String fileName = MimeParts.fileName(part);
                if (DossierBridge.isCandidate(mediaType, fileName)) {
                    found.add(new Attachment(mediaType, fileName, MimeParts.decoded(content, part.getTransferEncoding(), Integer.MAX_VALUE)));
                }
            }
        });
        try {
            parser.parse(message);
        } catch (MimeException e) {
            throw new IOException("Cannot read the message's structure: " + e.getMessage(), e);
        }
    }
}
