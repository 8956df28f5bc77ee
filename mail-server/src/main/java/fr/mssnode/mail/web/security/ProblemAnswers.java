package fr.mssnode.mail.web.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

import tools.jackson.databind.json.JsonMapper;

/**
 * How an API answers a request that did not sign in (401, with both challenges), was throttled (429 and
 * {@code Retry-After}), could not have its token checked (503), or signed in with an account the API is not for
 * (403): application/problem+json with the reason, the same body shape as every other refusal of the APIs.
 */
public final class ProblemAnswers implements AuthenticationEntryPoint, AccessDeniedHandler {
    /** An RFC 9457 problem. */
    record Problem(String type, String title, int status, String detail) {
    }

    private final JsonMapper json;
    private final boolean tokensOffered;
    private final String forbiddenTitle;
    private final String forbiddenDetail;

    public ProblemAnswers(JsonMapper json, boolean tokensOffered, String forbiddenTitle, String forbiddenDetail) {
        this.json = json;
        this.tokensOffered = tokensOffered;
        this.forbiddenTitle = forbiddenTitle;
        this.forbiddenDetail = forbiddenDetail;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException refused)
            throws IOException {
        if (refused instanceof SignInRefused signIn) {
            if (signIn.retryAfterSeconds() > 0) {
                response.setHeader("Retry-After", Long.toString(signIn.retryAfterSeconds()));
            }
            write(response, signIn.status(), signIn.title(), signIn.getMessage());
        } else if (refused instanceof InsufficientAuthenticationException) {
            write(response, HttpStatus.UNAUTHORIZED, "Authentication required", tokensOffered
                ? "Log in with your MSSanté address and password (HTTP Basic over HTTPS) or an access token (Bearer)."
                : "Log in with your MSSanté address and password (HTTP Basic over HTTPS).");
        } else {
            write(response, HttpStatus.UNAUTHORIZED, "Authentication failed", refused.getMessage());
        }
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException denied)
            throws IOException {
        write(response, HttpStatus.FORBIDDEN, forbiddenTitle, forbiddenDetail);
    }

    private void write(HttpServletResponse response, HttpStatus status, String title, String detail) throws IOException {
        response.setStatus(status.value());
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Basic realm=\"mss-node\", charset=\"UTF-8\"");
            response.addHeader("WWW-Authenticate", "Bearer realm=\"mss-node\"");
        }
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getWriter(), new Problem("about:blank", title, status.value(), detail));
    }
}
