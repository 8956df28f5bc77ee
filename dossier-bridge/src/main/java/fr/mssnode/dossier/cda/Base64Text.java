package fr.mssnode.dossier.cda;

import java.io.ByteArrayOutputStream;

import org.xml.sax.SAXException;

import fr.mssnode.dossier.xml.SafeXml;

/**
 * The base64 text of a CDA unstructured body, decoded as it is read: checked (only the base64 alphabet, white
 * space and final padding), its decoded size counted, and its bytes kept only when asked for. A PDF of 15 MB is
 * never held as a 20 MB string.
 */
final class Base64Text implements SafeXml.TextSink {
    private final ByteArrayOutputStream kept;
    private int quantum;
    private int filled;
    private int padding;
    private long decoded;

    private Base64Text(ByteArrayOutputStream kept) {
        this.kept = kept;
    }

    /** Checks and counts, keeps nothing. */
    static Base64Text counting() {
        return new Base64Text(null);
    }

    /** Checks, counts and keeps the decoded bytes. */
    static Base64Text keeping() {
        return new Base64Text(new ByteArrayOutputStream());
    }

    @Override
    public void text(char[] characters, int start, int length) throws SAXException {
        for (int i = start; i < start + length; i++) {
            char c = characters[i];
            if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                continue;
            }
            if (c == '=') {
                padding++;
                if (filled + padding > 4 || filled < 2) {
                    throw new SAXException(new InvalidBase64("misplaced padding"));
                }
                continue;
            }
            int value = value(c);
            if (value < 0 || padding > 0) {
                throw new SAXException(new InvalidBase64(padding > 0 ? "data after the padding" : "character '" + c + "'"));
            }
            quantum = quantum << 6 | value;
            if (++filled == 4) {
                emit(3);
            }
        }
    }

    @Override
    public void end() throws SAXException {
        if (filled == 0) {
            return;
        }
        if (filled == 1) {
            throw new SAXException(new InvalidBase64("it ends in the middle of a byte"));
        }
        // 2 characters make one byte, 3 make two; padding, when present, must complete the quantum
        if (padding > 0 && filled + padding != 4) {
            throw new SAXException(new InvalidBase64("wrong padding"));
        }
        quantum <<= 6 * (4 - filled);
        emit(filled - 1);
    }

    private void emit(int bytes) {
        decoded += bytes;
        if (kept != null) {
            kept.write(quantum >> 16 & 0xFF);
            if (bytes > 1) {
                kept.write(quantum >> 8 & 0xFF);
            }
            if (bytes > 2) {
                kept.write(quantum & 0xFF);
            }
        }
        quantum = 0;
        filled = 0;
    }

    long decodedSize() {
        return decoded;
    }

    byte[] content() {
        return kept == null ? new byte[0] : kept.toByteArray();
    }

    private static int value(char c) {
        if (c >= 'A' && c <= 'Z') {
            return c - 'A';
        }
        if (c >= 'a' && c <= 'z') {
            return c - 'a' + 26;
        }
        if (c >= '0' && c <= '9') {
            return c - '0' + 52;
        }
        return c == '+' ? 62 : c == '/' ? 63 : -1;
    }

    /** Why the text is not base64; carried inside the parser's exception. */
    static final class InvalidBase64 extends Exception {
        InvalidBase64(String why) {
            super(why);
        }
    }
}
