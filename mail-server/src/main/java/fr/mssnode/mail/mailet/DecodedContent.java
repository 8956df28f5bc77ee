package fr.mssnode.mail.mailet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.Locale;

import javax.mail.MessagingException;
import javax.mail.Part;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimePart;

/**
 * A MIME part's content, transfer encoding undone, read whole and byte for byte.
 *
 * <p>base64 (what practice software and hospitals send documents in) is decoded by the JDK's MIME decoder from the
 * part's raw bytes, several times faster than JavaMail's decoding stream; anything the JDK decoder refuses (a
 * padding in the middle, say) is decoded by JavaMail as before.
 *
 * <p>Never through {@code InputStream.readAllBytes()}: the JDK reads in 8 KB buffers and, once a buffer is full,
 * asks the stream for zero more bytes; JavaMail 1.6's base64 decoder (what James carries) answers a request for
 * zero bytes with -1, end of stream, so every base64 attachment was cut at exactly 8,192 bytes. This reads with
 * a full buffer every time ({@link InputStream#transferTo}), which no decoder misreads.
 */
public final class DecodedContent {
    private DecodedContent() {
    }

    public static byte[] of(Part part) throws MessagingException, IOException {
        if (part instanceof MimePart mime && isBase64(mime)) {
            try {
                InputStream raw = part instanceof MimeBodyPart body ? body.getRawInputStream()
                    : part instanceof MimeMessage message ? message.getRawInputStream() : null;
                if (raw != null) {
                    return Base64.getMimeDecoder().decode(readWhole(raw, part.getSize()));
                }
            } catch (IllegalArgumentException | MessagingException notRawBase64) {
                // base64 the JDK refuses, or a part built in memory (no raw bytes): decoded by JavaMail below
            }
        }
        int encodedSize = part.getSize();
        // base64 is 4 bytes for 3, plus line ends; a size hint only, the buffer grows if it is wrong
        try (InputStream in = part.getInputStream()) {
            return readWhole(in, encodedSize > 0 ? encodedSize / 4 * 3 + 16 : -1);
        }
    }

    private static boolean isBase64(MimePart part) throws MessagingException {
        String encoding = part.getEncoding();
        return encoding != null && encoding.trim().toLowerCase(Locale.ROOT).equals("base64");
    }

    private static byte[] readWhole(InputStream in, int sizeHint) throws IOException {
        try (in) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(sizeHint > 0 ? sizeHint + 16 : 8192);
            in.transferTo(bytes);
            return bytes.toByteArray();
        }
    }
}
