package fr.mssnode.mail.web.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

import fr.mssnode.directory.Account;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.signin.CertificateSignIn;
import fr.mssnode.directory.signin.SignInThrottle;
import fr.mssnode.directory.signin.SignInVerdict;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;

/**
 * The node's accounts signing in to HTTP with their address and password (HTTP Basic for scripts; the web space's
 * form later), through the same {@link SignInThrottle} as SMTP and IMAP: not checked while the client's address must
 * wait or the account is locked for it (429), every outcome reported back, traced. A verified password is
 * remembered for a minute (a digest of address and password, never the password): a script sends it with every
 * request, and a PBKDF2 check (120,000 iterations) per request would cost more than the request. The account is
 * still read each time, so a disabled account stops at once.
 */
public class HttpPasswordSignIn implements AuthenticationProvider {
    private static final long REMEMBER_MILLIS = 60_000;
    private static final int MAX_REMEMBERED = 10_000;

    private final Directory directory;
    private final SignInThrottle throttle;
    private final OperatorTrace trace;
    private final Clock clock;
    private final Map<String, Remembered> verified = new ConcurrentHashMap<>();

    private record Remembered(String address, long until) {
    }

    public HttpPasswordSignIn(Directory directory, SignInThrottle throttle, OperatorTrace trace, Clock clock) {
        this.directory = directory;
        this.throttle = throttle;
        this.trace = trace;
        this.clock = clock;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String login = attempt.getName() == null ? "" : attempt.getName().trim();
        String password = attempt.getCredentials() == null ? "" : attempt.getCredentials().toString();
        String client = clientOf(attempt);
        String key = digest(login.toLowerCase(Locale.ROOT) + "\0" + password);
        long now = clock.millis();
        Remembered remembered = verified.get(key);
        if (remembered != null && remembered.until() > now) {
            Optional<Account> still = directory.findAccount(remembered.address()).filter(Account::active)
                .filter(Account::acceptsPassword);
            if (still.isPresent()) {
                return new AccountAuthentication(still.get(), "password");
            }
            verified.remove(key);
        }
        SignInVerdict verdict = throttle.before(login, client);
        if (!(verdict instanceof SignInVerdict.Proceed)) {
            SignInRefused refused = throttled(verdict, "your password was not checked");
            traced(login, client, TraceEvent.Action.SIGN_IN_REFUSED, "429 " + refused.getMessage());
            throw refused;
        }
        if (directory.findAccount(login).filter(account -> !account.acceptsPassword()).isPresent()) {
            traced(login, client, TraceEvent.Action.SIGN_IN_REFUSED, "401 " + CertificateSignIn.PASSWORD_REFUSED);
            throw SignInRefused.failed(CertificateSignIn.PASSWORD_REFUSED);
        }
        Optional<Account> account = directory.authenticate(login, password);
        if (account.isEmpty()) {
            SignInVerdict next = throttle.failed(login, client);
            if (next instanceof SignInVerdict.Locked) {
                SignInRefused locked = throttled(next, "wrong address or password");
                traced(login, client, TraceEvent.Action.SIGN_IN_FAILED, "429 " + locked.getMessage());
                throw locked;
            }
            traced(login, client, TraceEvent.Action.SIGN_IN_FAILED, "401 wrong address or password");
            throw SignInRefused.failed("Unknown address, wrong password, or a disabled account.");
        }
        throttle.succeeded(login, client);
        traced(login, client, TraceEvent.Action.SIGN_IN, "OK");
        if (verified.size() >= MAX_REMEMBERED) {
            verified.clear();
        }
        verified.put(key, new Remembered(account.get().address(), now + REMEMBER_MILLIS));
        return new AccountAuthentication(account.get(), "password");
    }

    /** The client's address, as the request's authentication details carry it. */
    static String clientOf(Authentication attempt) {
        return attempt.getDetails() instanceof WebAuthenticationDetails details && details.getRemoteAddress() != null
            ? details.getRemoteAddress() : "unknown";
    }

    private void traced(String login, String client, TraceEvent.Action action, String answer) {
        trace.record(login, client, "HTTP", action, List.of(login), "Basic sign-in", answer);
    }

    private SignInRefused throttled(SignInVerdict verdict, String outcome) {
        if (verdict instanceof SignInVerdict.Locked locked) {
            return SignInRefused.throttled("Too many failed sign-ins for this account from your address (" + outcome
                + "): it is locked from here until " + locked.until() + ". Your administrator can unlock it.",
                locked.secondsFrom(clock.instant()));
        }
        long seconds = ((SignInVerdict.Wait) verdict).seconds();
        return SignInRefused.throttled("Too many failed sign-ins from your address (" + outcome + "): try again in "
            + seconds + " s.", seconds);
    }

    static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
