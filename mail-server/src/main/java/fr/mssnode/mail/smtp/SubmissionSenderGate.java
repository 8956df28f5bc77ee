package fr.mssnode.mail.smtp;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;

import fr.mssnode.mail.submission.SubmissionRules;

/**
 * Submission port, MAIL FROM: the client must be logged in, and may only send as an address its account owns
 * ({@link SubmissionRules#sender}).
 */
public class SubmissionSenderGate implements MailHook {
    private final SubmissionRules rules;

    @Inject
    public SubmissionSenderGate(SubmissionRules rules) {
        this.rules = rules;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (session.getUsername() == null) {
            return Refusals.permanent("530", "5.7.0",
                "Authentication required: issue STARTTLS, then AUTH with your account, before sending.");
        }
        if (sender.isNullSender()) {
            return Refusals.permanent("550", "5.7.1", "A submitted message must name its sender; the null sender <> is refused.");
        }
        return rules.sender(session.getUsername().asString(), sender.get().asString())
            .map(Refusals::of).orElse(HookResult.DECLINED);
    }
}
