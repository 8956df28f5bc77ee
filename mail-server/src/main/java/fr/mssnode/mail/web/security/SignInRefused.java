package fr.mssnode.mail.web.security;

import org.springframework.http.HttpStatus;
import org.springframework.security.core.AuthenticationException;

/**
 * A sign-in refused with a status other than a plain 401: too many failures from the client's address (429, with
 * when to try again), or an access token that could not be checked just now (503); or a 401 with its reason.
 */
public final class SignInRefused extends AuthenticationException {
    private final HttpStatus status;
    private final String title;
    private final long retryAfterSeconds;

    public SignInRefused(HttpStatus status, String title, String sentence, long retryAfterSeconds) {
        super(sentence);
        this.status = status;
        this.title = title;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static SignInRefused throttled(String sentence, long retryAfterSeconds) {
        return new SignInRefused(HttpStatus.TOO_MANY_REQUESTS, "Too many failed sign-ins", sentence, retryAfterSeconds);
    }

    public static SignInRefused failed(String sentence) {
        return new SignInRefused(HttpStatus.UNAUTHORIZED, "Authentication failed", sentence, 0);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
