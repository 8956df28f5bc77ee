package fr.mssnode.mail.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.Request;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.AuthCmdHandler;

import fr.mssnode.directory.signin.CertificateSignIn;
import fr.mssnode.mail.oidc.SaslBearer;
import fr.mssnode.mail.oidc.TokenSignIn;
import fr.mssnode.mail.tls.CertificateSignInTls;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;

/**
 * James's AUTH, with SASL EXTERNAL (RFC 4422 appendix A) answered by the node for clients that presented a client
 * certificate after STARTTLS ({@link CertificateSignIn} decides which mailbox it opens; the response is the mailbox
 * in base64 or {@code =}), and SASL OAUTHBEARER and XOAUTH2 (RFC 7628) when an OpenID provider is configured: offered and accepted after STARTTLS only ({@code 538 5.7.11} before), the token checked by
 * {@link TokenSignIn}; a refused token gets RFC 7628's error challenge ({@code 334 <base64 JSON>}) and, after the
 * client's dummy answer, {@code 535 5.7.8} with the reason ({@code 454 4.7.0} when it may work in a moment).
 * PLAIN and LOGIN stay James's, through the node's password hooks.
 */
public class SaslAuthCmdHandler extends AuthCmdHandler {
    private static final List<String> MECHANISMS = List.of("OAUTHBEARER", "XOAUTH2");

    private static final String EXTERNAL = "EXTERNAL";

    private final TokenSignIn tokens;
    private final CertificateSignIn certificates;
    private final OperatorTrace trace;

    @Inject
    public SaslAuthCmdHandler(TokenSignIn tokens, CertificateSignIn certificates, OperatorTrace trace) {
        this.tokens = tokens;
        this.certificates = certificates;
        this.trace = trace;
    }

    @Override
    public Response onCommand(SMTPSession session, Request request) {
        String argument = request.getArgument() == null ? "" : request.getArgument().trim();
        int space = argument.indexOf(' ');
        String mechanism = (space < 0 ? argument : argument.substring(0, space)).toUpperCase(Locale.ROOT);
        if (mechanism.equals(EXTERNAL) && session.getUsername() == null) {
            return external(session, space < 0 ? Optional.empty() : Optional.of(argument.substring(space + 1).trim()));
        }
        if (!MECHANISMS.contains(mechanism) || session.getUsername() != null || !tokens.enabled()) {
            return super.onCommand(session, request);
        }
        if (!session.isTLSStarted()) {
            return new SMTPResponse("538", "5.7.11 Encryption required: issue STARTTLS before AUTH.");
        }
        if (space > 0) {
            return signIn(session, argument.substring(space + 1).trim());
        }
        return emptyChallenge(session, this::signIn);
    }

    /** An empty {@code 334} challenge; the client's answer goes to {@code next} ({@code *} aborts). */
    private static Response emptyChallenge(SMTPSession session, java.util.function.BiFunction<SMTPSession, String, Response> next) {
        session.pushLineHandler(new LineHandler<SMTPSession>() {
            @Override
            public Response onLine(SMTPSession lineSession, byte[] line) {
                lineSession.popLineHandler();
                String answer = new String(line, StandardCharsets.US_ASCII).trim();
                if (answer.equals("*")) {
                    return new SMTPResponse("501", "5.7.0 Authentication aborted.");
                }
                return next.apply(lineSession, answer);
            }
        });
        return new SMTPResponse("334", "");
    }

    @Override
    public List<String> getImplementedEsmtpFeatures(SMTPSession session) {
        List<String> features = super.getImplementedEsmtpFeatures(session);
        if (!session.isTLSStarted() || features.isEmpty()) {
            return features;
        }
        List<String> added = new ArrayList<>();
        if (CertificateSignInTls.presentedBy(session.getSSLSession()).isPresent()) {
            added.add(EXTERNAL);
        }
        if (tokens.enabled()) {
            added.addAll(MECHANISMS);
        }
        if (added.isEmpty()) {
            return features;
        }
        List<String> withMechanisms = new ArrayList<>();
        for (String feature : features) {
            withMechanisms.add(feature + " " + String.join(" ", added));
        }
        return withMechanisms;
    }

    /** AUTH EXTERNAL, the response given at once or after a {@code 334} (an empty line or {@code =}: no mailbox named). */
    private Response external(SMTPSession session, Optional<String> initialResponse) {
        if (!session.isTLSStarted()) {
            return new SMTPResponse("538", "5.7.11 Encryption required: issue STARTTLS, presenting the application's"
                + " certificate, before AUTH EXTERNAL.");
        }
        if (initialResponse.isPresent()) {
            return certificateSignIn(session, initialResponse.get());
        }
        return emptyChallenge(session, this::certificateSignIn);
    }

    private Response certificateSignIn(SMTPSession session, String response) {
        String client = session.getRemoteAddress().getAddress().getHostAddress();
        Optional<String> mailbox;
        try {
            mailbox = CertificateSignIn.requestedMailbox(response);
        } catch (IllegalArgumentException notBase64) {
            traced(null, client, TraceEvent.Action.SIGN_IN_FAILED, "501 not base64", "AUTH (certificate)");
            return new SMTPResponse("501", "5.5.2 The EXTERNAL response must be the mailbox address in base64, or = for"
                + " the certificate's own mailbox.");
        }
        CertificateSignIn.Verdict verdict = certificates.signIn(CertificateSignInTls.presentedBy(session.getSSLSession()),
            mailbox, client);
        if (verdict instanceof CertificateSignIn.SignedIn signedIn) {
            String address = signedIn.account().address();
            session.setUsername(Username.of(address));
            session.setRelayingAllowed(true);
            traced(address, client, TraceEvent.Action.SIGN_IN, "235 certificate " + signedIn.sha256().substring(0, 16),
                "AUTH (certificate)");
            return new SMTPResponse("235", "2.7.0 Authentication successful");
        }
        CertificateSignIn.Refused refused = (CertificateSignIn.Refused) verdict;
        if (refused.temporary()) {
            traced(mailbox.orElse(null), client, TraceEvent.Action.SIGN_IN_REFUSED, "454 " + refused.sentence(), "AUTH (certificate)");
            return new SMTPResponse("454", "4.7.0 " + Refusals.ascii(refused.sentence()));
        }
        traced(mailbox.orElse(null), client, TraceEvent.Action.SIGN_IN_FAILED, "535 " + refused.sentence(), "AUTH (certificate)");
        return new SMTPResponse("535", "5.7.8 " + Refusals.ascii(refused.sentence()));
    }

    private Response signIn(SMTPSession session, String initialResponse) {
        String client = session.getRemoteAddress().getAddress().getHostAddress();
        Optional<SaslBearer> message = SaslBearer.parse(initialResponse);
        if (message.isEmpty()) {
            traced(null, client, TraceEvent.Action.SIGN_IN_FAILED, "501 not a bearer token message");
            return new SMTPResponse("501", "5.5.2 Not an OAUTHBEARER or XOAUTH2 message (auth=Bearer <token>).");
        }
        TokenSignIn.Verdict verdict = tokens.signIn(message.get().token(), message.get().mailbox(), client);
        if (verdict instanceof TokenSignIn.SignedIn signedIn) {
            String address = signedIn.account().address();
            session.setUsername(Username.of(address));
            session.setRelayingAllowed(true);
            traced(address, client, TraceEvent.Action.SIGN_IN, "235 token of " + signedIn.nationalId());
            return new SMTPResponse("235", "2.7.0 Authentication successful");
        }
        TokenSignIn.Refused refused = (TokenSignIn.Refused) verdict;
        String named = message.get().mailbox().orElse(null);
        if (refused.reason() == TokenSignIn.Reason.UNAVAILABLE || refused.reason() == TokenSignIn.Reason.WAIT) {
            traced(named, client, TraceEvent.Action.SIGN_IN_REFUSED, "454 " + refused.sentence());
            return new SMTPResponse("454", "4.7.0 " + Refusals.ascii(refused.sentence()));
        }
        traced(named, client, refused.reason() == TokenSignIn.Reason.LOCKED ? TraceEvent.Action.SIGN_IN_REFUSED
            : TraceEvent.Action.SIGN_IN_FAILED, "535 " + refused.sentence());
        // RFC 7628 3.2.2: the error as a challenge; the client answers it and then gets the failure.
        session.pushLineHandler(new LineHandler<SMTPSession>() {
            @Override
            public Response onLine(SMTPSession lineSession, byte[] line) {
                lineSession.popLineHandler();
                return new SMTPResponse("535", "5.7.8 " + Refusals.ascii(refused.sentence()));
            }
        });
        return new SMTPResponse("334", errorChallenge());
    }

    private String errorChallenge() {
        String json = "{\"status\":\"invalid_token\",\"scope\":\"" + tokens.provider().orElseThrow().scope()
            + "\",\"openid-configuration\":\"" + tokens.provider().orElseThrow().discoveryUri() + "\"}";
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private void traced(String login, String client, TraceEvent.Action action, String answer) {
        traced(login, client, action, answer, "AUTH (token)");
    }

    private void traced(String login, String client, TraceEvent.Action action, String answer, String request) {
        trace.record(login, client, "SMTP", action, login == null ? List.of() : List.of(login), request, answer);
    }
}
