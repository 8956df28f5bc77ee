package fr.mssnode.mail.web;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

import fr.mssnode.directory.Account;
import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.signin.SignInThrottle;
import fr.mssnode.directory.signin.SignInVerdict;
import fr.mssnode.mail.oidc.TokenSignIn;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * HTTP Basic authentication of the node's accounts (the same address and password as SMTP and IMAP), or an
 * OpenID provider's access token (Bearer: the professional's mailbox on this node), over HTTPS only (the node
 * serves nothing in clear), for one family of APIs: the professional APIs admit professionals and
 * organisations, the patient API patients' own accounts; any other account gets 403 with the reason. A verified
 * login is remembered for a minute, because checking a PBKDF2 hash per request would cost more than the request.
 */
public class ApiAuthentication extends OncePerRequestFilter {
    public static final String ACCOUNT = ApiAuthentication.class.getName() + ".account";
    private static final long REMEMBER_MILLIS = 60_000;
    private static final int MAX_REMEMBERED = 10_000;

    private final Directory directory;
    private final SignInThrottle throttle;
    private final OperatorTrace trace;
    private final Clock clock;
    private final Set<AccountKind> admitted;
    private final String refusalTitle;
    private final String refusalDetail;
    private final Map<String, Remembered> verified = new ConcurrentHashMap<>();
    private final Map<String, RememberedToken> verifiedTokens = new ConcurrentHashMap<>();
    private final TokenSignIn tokens;

    private record Remembered(String address, long until) {
    }

    public ApiAuthentication(Directory directory, SignInThrottle throttle, TokenSignIn tokens, OperatorTrace trace,
                             Clock clock, Set<AccountKind> admitted, String refusalTitle, String refusalDetail) {
        this.directory = directory;
        this.tokens = tokens;
        this.trace = trace;
        this.throttle = throttle;
        this.clock = clock;
        this.admitted = Set.copyOf(admitted);
        this.refusalTitle = refusalTitle;
        this.refusalDetail = refusalDetail;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
        String authorization = request.getHeader("Authorization");
        Optional<String> bearer = bearerToken(authorization);
        Optional<String[]> credentials = basicCredentials(authorization);
        if (bearer.isEmpty() && credentials.isEmpty()) {
            refuse(response, HttpStatus.UNAUTHORIZED, "Authentication required", tokens.enabled()
                ? "Log in with your MSSanté address and password (HTTP Basic over HTTPS) or an access token (Bearer)."
                : "Log in with your MSSanté address and password (HTTP Basic over HTTPS).");
            return;
        }
        Optional<Account> account;
        try {
            account = bearer.isPresent() ? tokenHolder(bearer.get(), request.getRemoteAddr())
                : authenticate(credentials.get()[0], credentials.get()[1], request.getRemoteAddr());
        } catch (Throttled throttled) {
            response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds));
            refuse(response, throttled.status, throttled.title, throttled.getMessage());
            return;
        }
        if (account.isEmpty()) {
            refuse(response, HttpStatus.UNAUTHORIZED, "Authentication failed",
                "Unknown address, wrong password, or a disabled account.");
            return;
        }
        if (!admitted.contains(account.get().kind())) {
            refuse(response, HttpStatus.FORBIDDEN, refusalTitle, refusalDetail);
            return;
        }
        request.setAttribute(ACCOUNT, account.get());
        chain.doFilter(request, response);
    }

    /**
     * Sign-in refused without checking the credentials (too many recent failures from this client address), or a
     * token that could not be checked just now: the answer's status and when to try again.
     */
    private static final class Throttled extends Exception {
        private final long retryAfterSeconds;
        private final HttpStatus status;
        private final String title;

        Throttled(String sentence, long retryAfterSeconds) {
            this(HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins", sentence, retryAfterSeconds);
        }

        Throttled(HttpStatus status, String title, String sentence, long retryAfterSeconds) {
            super(sentence, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
            this.status = status;
            this.title = title;
        }
    }

    /** A token that opened an account, remembered until it expires (at most a minute). */
    private record RememberedToken(String address, long until) {
    }

    /**
     * The account an access token opens (the professional's only open mailbox on this node), or empty after
     * answering 401 itself with the reason; throttled like passwords.
     */
    private Optional<Account> tokenHolder(String token, String client) throws Throttled {
        String key = digest("bearer\0" + token);
        long now = clock.millis();
        RememberedToken remembered = verifiedTokens.get(key);
        if (remembered != null && remembered.until() > now) {
            return directory.findAccount(remembered.address()).filter(Account::active);
        }
        TokenSignIn.Verdict verdict = tokens.signIn(token, Optional.empty(), client);
        if (verdict instanceof TokenSignIn.SignedIn signedIn) {
            String address = signedIn.account().address();
            trace.record(address, client, "HTTP", TraceEvent.Action.SIGN_IN, List.of(address), "Bearer sign-in",
                "OK (token of " + signedIn.nationalId() + ")");
            if (verifiedTokens.size() >= MAX_REMEMBERED) {
                verifiedTokens.clear();
            }
            verifiedTokens.put(key, new RememberedToken(address,
                Math.min(now + REMEMBER_MILLIS, signedIn.expiresAt().toEpochMilli())));
            return Optional.of(signedIn.account());
        }
        TokenSignIn.Refused refused = (TokenSignIn.Refused) verdict;
        switch (refused.reason()) {
            case WAIT, LOCKED -> {
                trace.record(null, client, "HTTP", TraceEvent.Action.SIGN_IN_REFUSED, List.of(), "Bearer sign-in",
                    "429 " + refused.sentence());
                throw new Throttled(refused.sentence(), refused.retryAfterSeconds());
            }
            case UNAVAILABLE -> {
                trace.record(null, client, "HTTP", TraceEvent.Action.SIGN_IN_REFUSED, List.of(), "Bearer sign-in",
                    "503 " + refused.sentence());
                throw new Throttled(HttpStatus.SERVICE_UNAVAILABLE, "Token not checked", refused.sentence(),
                    refused.retryAfterSeconds());
            }
            default -> {
                trace.record(null, client, "HTTP", TraceEvent.Action.SIGN_IN_FAILED, List.of(), "Bearer sign-in",
                    "401 " + refused.sentence());
                throw new Throttled(HttpStatus.UNAUTHORIZED, "Authentication failed", refused.sentence(), 0);
            }
        }
    }

    private static Optional<String> bearerToken(String header) {
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = header.substring(7).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    private Optional<Account> authenticate(String login, String password, String client) throws Throttled {
        String key = digest(login.trim().toLowerCase(java.util.Locale.ROOT) + "\0" + password);
        long now = clock.millis();
        Remembered remembered = verified.get(key);
        if (remembered != null && remembered.until() > now) {
            // Still re-read the account (cached by the directory): a disabled account stops at once.
            return directory.findAccount(remembered.address()).filter(Account::active);
        }
        SignInVerdict verdict = throttle.before(login, client);
        if (!(verdict instanceof SignInVerdict.Proceed)) {
            Throttled refused = throttled(verdict, "your password was not checked");
            traced(login, client, TraceEvent.Action.SIGN_IN_REFUSED, "429 " + refused.getMessage());
            throw refused;
        }
        Optional<Account> account = directory.authenticate(login.trim(), password);
        if (account.isEmpty()) {
            SignInVerdict next = throttle.failed(login, client);
            if (next instanceof SignInVerdict.Locked) {
                Throttled locked = throttled(next, "wrong address or password");
                traced(login, client, TraceEvent.Action.SIGN_IN_FAILED, "429 " + locked.getMessage());
                throw locked;
            }
            traced(login, client, TraceEvent.Action.SIGN_IN_FAILED, "401 wrong address or password");
        } else {
            throttle.succeeded(login, client);
            traced(login, client, TraceEvent.Action.SIGN_IN, "OK");
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(key, new Remembered(account.get().address(), now + REMEMBER_MILLIS));
        }
        return account;
    }

    private void traced(String login, String client, TraceEvent.Action action, String answer) {
        trace.record(login.trim(), client, "HTTP", action, List.of(login.trim()), "Basic sign-in", answer);
    }

    private Throttled throttled(SignInVerdict verdict, String outcome) {
        if (verdict instanceof SignInVerdict.Locked locked) {
            long seconds = locked.secondsFrom(clock.instant());
            return new Throttled("Too many failed sign-ins for this account from your address (" + outcome + "): it is"
                + " locked from here until " + locked.until() + ". Your administrator can unlock it.", seconds);
        }
        long seconds = ((SignInVerdict.Wait) verdict).seconds();
        return new Throttled("Too many failed sign-ins from your address (" + outcome + "): try again in " + seconds
            + " s.", seconds);
    }

    private static Optional<String[]> basicCredentials(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon <= 0 ? Optional.empty()
                : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static void refuse(HttpServletResponse response, HttpStatus status, String title, String detail)
        throws IOException {
        response.setStatus(status.value());
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"mss-node\", charset=\"UTF-8\"");
            response.addHeader("WWW-Authenticate", "Bearer realm=\"mss-node\"");
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + json(title) + "\",\"status\":"
            + status.value() + ",\"detail\":\"" + json(detail) + "\"}");
    }

    /** The text as the inside of a JSON string. */
    private static String json(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 16);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
