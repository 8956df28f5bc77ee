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
    private static final int INVALID = -1;
    private static final int SPACE = -2;
    private static final int PAD = -3;
    private static final byte[] ALPHABET = alphabet();
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
        // one table look-up a character: this runs over every character of a multi-megabyte PDF
        for (int i = start, stop = start + length; i < stop; i++) {
            char c = characters[i];
            int value = c < 128 ? ALPHABET[c] : INVALID;
            if (value >= 0) {
                if (padding > 0) {
                    throw new SAXException(new InvalidBase64("data after the padding"));
                }
                quantum = quantum << 6 | value;
                if (++filled == 4) {
                    emit(3);
                }
            } else if (value == PAD) {
                padding++;
                if (filled + padding > 4 || filled < 2) {
                    throw new SAXException(new InvalidBase64("misplaced padding"));
                }
            } else if (value != SPACE) {
                throw new SAXException(new InvalidBase64("character '" + c + "'"));
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
        if (kept != null) { // counting only: no byte is written
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

    private static byte[] alphabet() {
        byte[] table = new byte[128];
        java.util.Arrays.fill(table, (byte) INVALID);
        String letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < letters.length(); i++) {
            table[letters.charAt(i)] = (byte) i;
        }
        table[' '] = SPACE;
        table['\n'] = SPACE;
        table['\r'] = SPACE;
        table['\t'] = SPACE;
        table['='] = PAD;
        return table;
    }

    /** Why the text is not base64; carried inside the parser's exception. */
    static final class InvalidBase64 extends Exception {
        InvalidBase64(String why) {
            super(why);
        }
    }
}
