package fr.mssnode.mail.web.security;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;

import fr.mssnode.directory.Account;
import fr.mssnode.mail.oidc.TokenSignIn;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;

/**
 * Bearer access tokens of the configured OpenID provider (Spring Security's resource-server filter reads them), as
 * {@link TokenSignIn} decides: checked against the provider's published keys, the professional's only open mailbox
 * on this node, throttled like passwords. A token that opened an account is remembered until it expires (at most a
 * minute).
 */
public class HttpTokenSignIn implements AuthenticationProvider {
    private static final long REMEMBER_MILLIS = 60_000;
    private static final int MAX_REMEMBERED = 10_000;

    private final TokenSignIn tokens;
    private final fr.mssnode.directory.Directory directory;
    private final OperatorTrace trace;
    private final Clock clock;
    private final Map<String, Remembered> verified = new ConcurrentHashMap<>();

    private record Remembered(String address, long until) {
    }

    public HttpTokenSignIn(TokenSignIn tokens, fr.mssnode.directory.Directory directory, OperatorTrace trace, Clock clock) {
        this.tokens = tokens;
        this.directory = directory;
        this.trace = trace;
        this.clock = clock;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerTokenAuthenticationToken.class.isAssignableFrom(authentication);
    }

    @Override
    public Authentication authenticate(Authentication attempt) throws AuthenticationException {
        String token = ((BearerTokenAuthenticationToken) attempt).getToken();
        String client = HttpPasswordSignIn.clientOf(attempt);
        String key = HttpPasswordSignIn.digest("bearer\0" + token);
        long now = clock.millis();
        Remembered remembered = verified.get(key);
        if (remembered != null && remembered.until() > now) {
            Optional<Account> still = directory.findAccount(remembered.address()).filter(Account::active);
            if (still.isPresent()) {
                return new AccountAuthentication(still.get(), "token");
            }
            verified.remove(key);
        }
        TokenSignIn.Verdict verdict = tokens.signIn(token, Optional.empty(), client);
        if (verdict instanceof TokenSignIn.SignedIn signedIn) {
            String address = signedIn.account().address();
            trace.record(address, client, "HTTP", TraceEvent.Action.SIGN_IN, List.of(address), "Bearer sign-in",
                "OK (token of " + signedIn.nationalId() + ")");
            if (verified.size() >= MAX_REMEMBERED) {
                verified.clear();
            }
            verified.put(key, new Remembered(address, Math.min(now + REMEMBER_MILLIS, signedIn.expiresAt().toEpochMilli())));
            return new AccountAuthentication(signedIn.account(), "token");
        }
        TokenSignIn.Refused refused = (TokenSignIn.Refused) verdict;
        SignInRefused answer = switch (refused.reason()) {
            case WAIT, LOCKED -> SignInRefused.throttled(refused.sentence(), refused.retryAfterSeconds());
            case UNAVAILABLE -> new SignInRefused(HttpStatus.SERVICE_UNAVAILABLE, "Token not checked", refused.sentence(),
                refused.retryAfterSeconds());
            default -> SignInRefused.failed(refused.sentence());
        };
        trace.record(null, client, "HTTP", answer.status() == HttpStatus.UNAUTHORIZED ? TraceEvent.Action.SIGN_IN_FAILED
            : TraceEvent.Action.SIGN_IN_REFUSED, List.of(), "Bearer sign-in", answer.status().value() + " " + refused.sentence());
        throw answer;
    }
}
