package fr.mssnode.dossier.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * How an event is chained to the one before it: SHA-256 of the previous event's hash and of every field of the
 * event as stored, each written with its length (so that no two different events give the same text).
 */
final class AuditChain {
    static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    static String hash(String previousHash, long seq, long occurredAtMillis, String... fields) {
        StringBuilder text = new StringBuilder(256).append(previousHash).append('|').append(seq).append('|')
            .append(occurredAtMillis);
        for (String field : fields) {
            text.append('|');
            if (field == null) {
                text.append('-');
            } else {
                text.append(field.length()).append(':').append(field);
            }
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
