package fr.mssnode.mail.smime;

import java.io.ByteArrayOutputStream;

/** MIME canonical form (RFC 5751 3.1.1): every line ends with CRLF; a bare CR or LF becomes CRLF. */
final class Canonical {
    private Canonical() {
    }

    static byte[] crlf(byte[] bytes) {
        if (isCanonical(bytes)) {
            return bytes;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + bytes.length / 32);
        for (int i = 0; i < bytes.length; i++) {
            byte b = bytes[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < bytes.length && bytes[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static boolean isCanonical(byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\r' ? i + 1 >= bytes.length || bytes[i + 1] != '\n' : bytes[i] == '\n' && (i == 0 || bytes[i - 1] != '\r')) {
                return false;
            }
        }
        return true;
    }
}
