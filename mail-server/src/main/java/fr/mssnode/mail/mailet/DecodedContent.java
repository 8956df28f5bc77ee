package fr.mssnode.mail.mailet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

import javax.mail.MessagingException;
import javax.mail.Part;

/**
 * A MIME part's content, transfer encoding undone, read whole and byte for byte.
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
        int encodedSize = part.getSize();
        // base64 is 4 bytes for 3, plus line ends; a size hint only, the buffer grows if it is wrong
        ByteArrayOutputStream decoded = new ByteArrayOutputStream(encodedSize > 0 ? encodedSize / 4 * 3 + 16 : 8192);
        try (InputStream in = part.getInputStream()) {
            in.transferTo(decoded);
        }
        return decoded.toByteArray();
    }
}
