package fr.mssnode.mail.mime;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

import org.apache.james.mime4j.codec.Base64InputStream;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.codec.QuotedPrintableInputStream;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;

/** What the node's MIME readers (the filing mailet, the mailbox search index) need to know of a body part. */
public final class MimeParts {
    /** An opaque signature is read whole, up to this. */
    public static final int MAX_OPAQUE_BYTES = 64 * 1024 * 1024;

    private MimeParts() {
    }

    /** The part's file name (Content-Disposition filename, else Content-Type name), encoded words decoded; null if none. */
    public static String fileName(MaximalBodyDescriptor part) {
        String name = part.getContentDispositionFilename();
        if (name == null) {
            name = part.getContentTypeParameters().get("name");
        }
        return name == null || name.isBlank() ? null : DecoderUtil.decodeEncodedWords(name, DecodeMonitor.SILENT);
    }

    /** An S/MIME opaque signature (application/pkcs7-mime, signed-data): the signed content is inside. */
    public static boolean isOpaqueSignature(MaximalBodyDescriptor part) {
        String type = part.getMimeType().toLowerCase(Locale.ROOT);
        if (!type.equals("application/pkcs7-mime") && !type.equals("application/x-pkcs7-mime")) {
            return false;
        }
        String smimeType = part.getContentTypeParameters().get("smime-type");
        return smimeType == null || smimeType.equalsIgnoreCase("signed-data");
    }

    /** The content an opaque signature carries (a MIME entity), from its decoded bytes; empty when unreadable. */
    public static Optional<byte[]> signedContent(byte[] signature) {
        try {
            CMSSignedData signed = new CMSSignedData(signature);
            return signed.getSignedContent() == null ? Optional.empty()
                : Optional.of((byte[]) signed.getSignedContent().getContent());
        } catch (CMSException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A body's bytes with their transfer encoding undone. base64 (what practice software and hospitals send documents
     * in) goes through the JDK's MIME decoder, several times faster than a decoding stream; what it refuses (a padding
     * in the middle, say) through mime4j's lenient decoder, as does quoted-printable. Anything else is as it is.
     */
    public static byte[] decoded(InputStream raw, String transferEncoding, int limit) throws IOException {
        byte[] bytes = read(raw, limit);
        String encoding = transferEncoding == null ? "" : transferEncoding.trim().toLowerCase(Locale.ROOT);
        if (encoding.equals("base64")) {
            try {
                return Base64.getMimeDecoder().decode(bytes);
            } catch (IllegalArgumentException notForTheJdk) {
                return readAll(new Base64InputStream(new ByteArrayInputStream(bytes), DecodeMonitor.SILENT), bytes.length);
            }
        }
        if (encoding.equals("quoted-printable")) {
            return readAll(new QuotedPrintableInputStream(new ByteArrayInputStream(bytes), DecodeMonitor.SILENT), bytes.length);
        }
        return bytes;
    }

    /**
     * Up to {@code limit} bytes, always asking for a full buffer (a stream that answers a request for zero bytes
     * with -1, as JavaMail's decoder did, is not cut short).
     */
    private static byte[] read(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        byte[] buffer = new byte[16384];
        int total = 0;
        for (int n = in.read(buffer, 0, Math.min(buffer.length, limit)); n >= 0 && total < limit;
             n = in.read(buffer, 0, Math.min(buffer.length, limit - total))) {
            out.write(buffer, 0, n);
            total += n;
            if (total >= limit) {
                break;
            }
        }
        return out.toByteArray();
    }

    private static byte[] readAll(InputStream in, int sizeHint) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(8192, sizeHint));
        in.transferTo(out);
        return out.toByteArray();
    }
}
