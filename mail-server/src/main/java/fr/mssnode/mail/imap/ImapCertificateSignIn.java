package fr.mssnode.mail.imap;

import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.mailbox.MailboxManager;

import fr.mssnode.directory.signin.CertificateSignIn;
import fr.mssnode.mail.tls.CertificateSignInTls;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;

/**
 * AUTHENTICATE EXTERNAL (RFC 4422 appendix A): the client certificate of the TLS connection opens the mailbox it is
 * registered for, as {@link CertificateSignIn} decides. The client's response is the mailbox to open (its
 * authorization identity, base64) or empty ({@code =}): the certificate's own mailbox.
 */
final class ImapCertificateSignIn {

    private final CertificateSignIn certificates;
    private final OperatorTrace trace;

    ImapCertificateSignIn(CertificateSignIn certificates, OperatorTrace trace) {
        this.certificates = certificates;
        this.trace = trace;
    }

    /** Offered once the client presented a certificate in the TLS handshake. */
    boolean offeredTo(ImapSession session) {
        return session.isTLSActive() && CertificateSignInTls.presentedBy(session.getSSLSession()).isPresent();
    }

    void signIn(String response, ImapSession session, ImapRequest request, Responder responder, MailboxManager mailboxes,
                ImapPasswordSignIn.Provision provision) {
        String client = ImapPasswordSignIn.clientAddress(session);
        if (!session.isTLSActive()) {
            ImapPasswordSignIn.refuse(request, responder, "Certificate sign-in needs TLS: connect to IMAPS or issue STARTTLS,"
                + " presenting the application's certificate.");
            return;
        }
        Optional<String> mailbox;
        try {
            mailbox = CertificateSignIn.requestedMailbox(response);
        } catch (IllegalArgumentException e) {
            traced(null, client, request, TraceEvent.Action.SIGN_IN_FAILED, "not base64");
            ImapPasswordSignIn.refuse(request, responder, "Authentication failed: the EXTERNAL response must be the mailbox"
                + " address in base64, or = for the certificate's own mailbox.");
            return;
        }
        CertificateSignIn.Verdict verdict = certificates.signIn(CertificateSignInTls.presentedBy(session.getSSLSession()),
            mailbox, client);
        if (verdict instanceof CertificateSignIn.SignedIn signedIn) {
            String address = signedIn.account().address();
            if (ImapPasswordSignIn.completeAs(address, mailboxes, session, request, responder, provision)) {
                traced(address, client, request, TraceEvent.Action.SIGN_IN, "OK (certificate " + signedIn.sha256().substring(0, 16) + ")");
            }
            return;
        }
        CertificateSignIn.Refused refused = (CertificateSignIn.Refused) verdict;
        traced(mailbox.orElse(null), client, request, refused.temporary() ? TraceEvent.Action.SIGN_IN_REFUSED
            : TraceEvent.Action.SIGN_IN_FAILED, refused.sentence());
        ImapPasswordSignIn.refuse(request, responder, refused.sentence());
    }

    private void traced(String login, String client, ImapRequest request, TraceEvent.Action action, String answer) {
        trace.record(login, client, "IMAP", action, login == null ? List.of() : List.of(login),
            request.getCommand().getName() + " (certificate)",
            (action == TraceEvent.Action.SIGN_IN ? "OK " : "NO [AUTHENTICATIONFAILED] ") + answer);
    }
}
