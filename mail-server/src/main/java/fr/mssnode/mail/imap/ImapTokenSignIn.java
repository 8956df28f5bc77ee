package fr.mssnode.mail.imap;

import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.message.response.ImmutableStatusResponse;
import org.apache.james.mailbox.MailboxManager;

import fr.mssnode.mail.oidc.SaslBearer;
import fr.mssnode.mail.oidc.TokenSignIn;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;

/**
 * AUTHENTICATE OAUTHBEARER and XOAUTH2 (RFC 7628), over TLS only: {@link TokenSignIn} decides; a refused token gets
 * {@code NO [AUTHENTICATIONFAILED]} with the reason at once. RFC 7628's error challenge ({@code + <base64 JSON>},
 * then the client's dummy answer) is not used on IMAP: James answers a pushed line handler from the event loop with
 * the same response buffer the command's own thread flushes, and the two can interleave; a direct NO is what every
 * client handles (it is what they do after the challenge anyway).
 */
final class ImapTokenSignIn {

    private final TokenSignIn tokens;
    private final OperatorTrace trace;

    ImapTokenSignIn(TokenSignIn tokens, OperatorTrace trace) {
        this.tokens = tokens;
        this.trace = trace;
    }

    boolean offeredTo(ImapSession session) {
        return tokens.enabled() && session.isTLSActive();
    }

    void signIn(String initialResponse, ImapSession session, ImapRequest request, Responder responder,
                MailboxManager mailboxes, ImapPasswordSignIn.Provision provision) {
        String client = ImapPasswordSignIn.clientAddress(session);
        if (!tokens.enabled()) {
            no(request, responder, "[CANNOT] Token sign-in (OAUTHBEARER, XOAUTH2) is not offered by this node.");
            return;
        }
        if (!session.isTLSActive()) {
            no(request, responder, "[PRIVACYREQUIRED] Encryption required: issue STARTTLS before signing in with a token.");
            return;
        }
        Optional<SaslBearer> message = SaslBearer.parse(initialResponse);
        if (message.isEmpty()) {
            traced(null, client, request, TraceEvent.Action.SIGN_IN_FAILED, "not a bearer token message");
            ImapPasswordSignIn.refuse(request, responder,
                "Authentication failed: not an OAUTHBEARER or XOAUTH2 message (auth=Bearer <token>).");
            return;
        }
        TokenSignIn.Verdict verdict = tokens.signIn(message.get().token(), message.get().mailbox(), client);
        String named = message.get().mailbox().orElse(null);
        if (verdict instanceof TokenSignIn.SignedIn signedIn) {
            String address = signedIn.account().address();
            if (ImapPasswordSignIn.completeAs(address, mailboxes, session, request, responder, provision)) {
                traced(address, client, request, TraceEvent.Action.SIGN_IN, "OK (token of " + signedIn.nationalId() + ")");
            }
            return;
        }
        TokenSignIn.Refused refused = (TokenSignIn.Refused) verdict;
        traced(named, client, request, refused.reason() == TokenSignIn.Reason.WRONG
            ? TraceEvent.Action.SIGN_IN_FAILED : TraceEvent.Action.SIGN_IN_REFUSED, refused.sentence());
        if (refused.reason() == TokenSignIn.Reason.UNAVAILABLE) {
            no(request, responder, "[UNAVAILABLE] " + refused.sentence());
            return;
        }
        ImapPasswordSignIn.refuse(request, responder, refused.sentence());
    }

    private static void no(ImapRequest request, Responder responder, String sentence) {
        responder.respond(new ImmutableStatusResponse(StatusResponse.Type.NO, request.getTag(), null,
            new HumanReadableText("fr.mssnode.signin.token", sentence), null));
        responder.flush();
    }

    private void traced(String login, String client, ImapRequest request, TraceEvent.Action action, String answer) {
        trace.record(login, client, "IMAP", action, login == null ? List.of() : List.of(login),
            request.getCommand().getName() + " (token)",
            (action == TraceEvent.Action.SIGN_IN ? "OK " : "NO [AUTHENTICATIONFAILED] ") + answer);
    }
}
