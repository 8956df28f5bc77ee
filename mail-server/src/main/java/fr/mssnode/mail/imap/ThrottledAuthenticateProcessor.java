package fr.mssnode.mail.imap;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.imap.api.message.Capability;
import org.apache.james.imap.message.request.AuthenticateRequest;
import org.apache.james.imap.message.request.IRAuthenticateRequest;
import org.apache.james.imap.message.response.AuthenticateResponse;
import org.apache.james.imap.message.response.ImmutableStatusResponse;
import org.apache.james.imap.api.message.response.StatusResponse;

import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.processor.AuthenticateProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.metrics.api.MetricFactory;

import fr.mssnode.directory.Directory;
import fr.mssnode.directory.signin.CertificateSignIn;
import fr.mssnode.directory.signin.SignInThrottle;
import fr.mssnode.mail.oidc.TokenSignIn;
import fr.mssnode.mail.trace.OperatorTrace;

/**
 * James's AUTHENTICATE, the password of PLAIN checked through {@link ImapPasswordSignIn} (throttled, RFC 5530
 * refusals), access tokens of OAUTHBEARER and XOAUTH2 through {@link ImapTokenSignIn}; signing in as another
 * account is refused.
 */
public class ThrottledAuthenticateProcessor extends AuthenticateProcessor {
    private final ImapPasswordSignIn signIn;
    private final ImapTokenSignIn tokenSignIn;
    private final ImapCertificateSignIn certificateSignIn;

    @Inject
    public ThrottledAuthenticateProcessor(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory,
            SignInThrottle throttle, TokenSignIn tokens, CertificateSignIn certificates, Directory directory,
            OperatorTrace trace) {
        super(mailboxManager, factory, metricFactory);
        this.signIn = new ImapPasswordSignIn(throttle, directory, trace);
        this.tokenSignIn = new ImapTokenSignIn(tokens, trace);
        this.certificateSignIn = new ImapCertificateSignIn(certificates, trace);
    }

    /**
     * James's mechanisms, OAUTHBEARER and XOAUTH2 over TLS when an OpenID provider is configured, EXTERNAL when the
     * client presented a certificate.
     */
    @Override
    public List<Capability> getImplementedCapabilities(ImapSession session) {
        List<Capability> capabilities = new ArrayList<>(super.getImplementedCapabilities(session));
        if (certificateSignIn.offeredTo(session)) {
            capabilities.add(Capability.of("AUTH=EXTERNAL"));
        }
        if (tokenSignIn.offeredTo(session)) {
            for (Capability token : List.of(Capability.of("AUTH=OAUTHBEARER"), Capability.of("AUTH=XOAUTH2"))) {
                if (!capabilities.contains(token)) {
                    capabilities.add(token);
                }
            }
        }
        return List.copyOf(capabilities);
    }

    /**
     * AUTHENTICATE without an initial response. James answers it with {@code +} from the event loop (executeSafely),
     * through the command's response buffer, which the command's own thread flushes at the same moment as it
     * completes: the {@code +} could go out twice (the buffer is not thread-safe), and client and server then
     * disagree for the rest of the connection about which answer belongs to which command. Here the handler for the
     * client's answer is in place first, and the {@code +} is written and flushed by the command's own thread.
     */
    @Override
    protected void processRequest(AuthenticateRequest request, ImapSession session, Responder responder) {
        String mechanism = request.getAuthType();
        boolean plain = mechanism.equalsIgnoreCase("PLAIN") && !session.isPlainAuthDisallowed();
        boolean token = mechanism.equalsIgnoreCase("OAUTHBEARER") || mechanism.equalsIgnoreCase("XOAUTH2");
        boolean certificate = mechanism.equalsIgnoreCase("EXTERNAL");
        if (certificate && request instanceof IRAuthenticateRequest withResponse) {
            doCertificate(withResponse.getInitialClientResponse(), session, request, responder);
            return;
        }
        if (request instanceof IRAuthenticateRequest || !(plain || token || certificate)) {
            super.processRequest(request, session, responder);
            return;
        }
        session.pushLineHandler((lineSession, line) -> {
            lineSession.popLineHandler();
            String answer = new String(line, 0, Math.max(0, line.length - 2), StandardCharsets.US_ASCII);
            if (answer.equals("*")) {
                // RFC 3501 6.2.2: a cancelled exchange gets a tagged BAD.
                responder.respond(new ImmutableStatusResponse(StatusResponse.Type.BAD, request.getTag(), null,
                    new HumanReadableText("fr.mssnode.signin.cancelled", "Authentication cancelled."), null));
            } else if (certificate) {
                doCertificate(answer, lineSession, request, responder);
            } else if (plain) {
                doPlainAuth(answer, lineSession, request, responder);
            } else {
                doOAuth(answer, lineSession, request, responder);
            }
            responder.flush();
        });
        responder.respond(new AuthenticateResponse());
        responder.flush();
    }

    private void doCertificate(String response, ImapSession session, ImapRequest request, Responder responder) {
        certificateSignIn.signIn(response, session, request, responder, getMailboxManager(),
            signedIn -> provisionInbox(session, getMailboxManager(), signedIn));
        session.stopDetectingCommandInjection();
    }

    @Override
    protected void doOAuth(String initialResponse, ImapSession session, ImapRequest request, Responder responder) {
        tokenSignIn.signIn(initialResponse, session, request, responder, getMailboxManager(),
            signedIn -> provisionInbox(session, getMailboxManager(), signedIn));
        session.stopDetectingCommandInjection();
    }

    @Override
    protected void doAuth(AuthenticationAttempt attempt, ImapSession session, ImapRequest request, Responder responder,
                          HumanReadableText failed) {
        signIn.signIn(attempt.getAuthenticationId(), session, request, responder,
            () -> getMailboxManager().authenticate(attempt.getAuthenticationId(), attempt.getPassword()).withoutDelegation(),
            signedIn -> provisionInbox(session, getMailboxManager(), signedIn));
    }

    @Override
    protected void doAuthWithDelegation(AuthenticationAttempt attempt, ImapSession session, ImapRequest request,
                                        Responder responder) {
        ImapPasswordSignIn.refuseDelegation(request, responder);
    }
}
