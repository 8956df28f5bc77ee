package fr.mssnode.mail.oidc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The client's first message of SASL {@code OAUTHBEARER} (RFC 7628: {@code n,a=<mailbox>,^Aauth=Bearer
 * <token>^A^A}) or {@code XOAUTH2} (Google's: {@code user=<mailbox>^Aauth=Bearer <token>^A^A}), base64-encoded:
 * the mailbox the client asks for (if it names one) and the token.
 */
public record SaslBearer(Optional<String> mailbox, String token) {
    private static final char SEPARATOR = '\u0001';
    private static final int MAX_LENGTH = 32 * 1024;

    /** The message, or empty when it is not one (not base64, no {@code auth=Bearer}, several of it). */
    public static Optional<SaslBearer> parse(String base64) {
        if (base64 == null || base64.length() > MAX_LENGTH) {
            return Optional.empty();
        }
        String message;
        try {
            message = new String(Base64.getDecoder().decode(base64.trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        Optional<String> mailbox = Optional.empty();
        String rest = message;
        if (message.startsWith("n,") || message.startsWith("y,")) {
            int end = message.indexOf(',', 2);
            if (end < 0) {
                return Optional.empty();
            }
            String authorization = message.substring(2, end);
            if (authorization.startsWith("a=") && authorization.length() > 2) {
                mailbox = Optional.of(authorization.substring(2).replace("=2C", ",").replace("=3D", "="));
            } else if (!authorization.isEmpty()) {
                return Optional.empty();
            }
            rest = message.substring(end + 1);
        }
        String token = null;
        for (String pair : rest.split(String.valueOf(SEPARATOR))) {
            if (pair.startsWith("auth=")) {
                if (token != null) {
                    return Optional.empty();
                }
                String value = pair.substring(5);
                if (!value.regionMatches(true, 0, "Bearer ", 0, 7)) {
                    return Optional.empty();
                }
                token = value.substring(7).trim();
            } else if (pair.startsWith("user=") && mailbox.isEmpty()) {
                mailbox = Optional.of(pair.substring(5));
            }
        }
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SaslBearer(mailbox.map(String::trim).filter(m -> !m.isEmpty()), token));
    }
}
