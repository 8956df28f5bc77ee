package fr.mssnode.mail.imap;

import javax.inject.Inject;

import org.apache.james.imap.api.display.HumanReadableText;
import org.apache.james.imap.api.message.request.ImapRequest;
import org.apache.james.imap.api.message.response.StatusResponseFactory;
import org.apache.james.imap.api.process.ImapSession;
import org.apache.james.imap.processor.LoginProcessor;
import org.apache.james.mailbox.MailboxManager;
import org.apache.james.metrics.api.MetricFactory;

import fr.mssnode.directory.Directory;
import fr.mssnode.directory.signin.SignInThrottle;
import fr.mssnode.mail.trace.OperatorTrace;

/** James's LOGIN, the password checked through {@link ImapPasswordSignIn} (throttled, RFC 5530 refusals). */
public class ThrottledLoginProcessor extends LoginProcessor {
    private final ImapPasswordSignIn signIn;

    @Inject
    public ThrottledLoginProcessor(MailboxManager mailboxManager, StatusResponseFactory factory, MetricFactory metricFactory,
            SignInThrottle throttle, Directory directory, OperatorTrace trace) {
        super(mailboxManager, factory, metricFactory);
        this.signIn = new ImapPasswordSignIn(throttle, directory, trace);
    }

    @Override
    protected void doAuth(AuthenticationAttempt attempt, ImapSession session, ImapRequest request, Responder responder,
                          HumanReadableText failed) {
        signIn.signIn(attempt.getAuthenticationId(), session, request, responder,
            () -> getMailboxManager().authenticate(attempt.getAuthenticationId(), attempt.getPassword()).withoutDelegation(),
            signedIn -> provisionInbox(session, getMailboxManager(), signedIn));
    }
}
