package fr.mssnode.mail.smtp;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

import fr.mssnode.mail.submission.SubmissionRules;

/**
 * Submission, RCPT TO, for patients' accounts: a patient only answers a professional who wrote to them (and did
 * not end the conversation with X-MSS-MES: FIN), never another patient ({@link SubmissionRules#patientRecipient}).
 * Other accounts are not concerned.
 */
public class PatientReplyGate implements RcptHook {
    private final SubmissionRules rules;

    @Inject
    public PatientReplyGate(SubmissionRules rules) {
        this.rules = rules;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        if (session.getUsername() == null) {
            return HookResult.DECLINED;
        }
        return rules.patientRecipient(session.getUsername().asString(), rcpt.asString())
            .map(Refusals::of).orElse(HookResult.DECLINED);
    }
}
