package fr.mssnode.mail.smtp;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.mail.patient.PatientConversations;

/**
 * Submission, RCPT TO, for patients' accounts: a patient only answers a professional who wrote to them (and did
 * not end the conversation with X-MSS-MES: FIN), never another patient. Other accounts are not concerned.
 */
public class PatientReplyGate implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(PatientReplyGate.class);
    private final PatientConversations conversations;

    @Inject
    public PatientReplyGate(PatientConversations conversations) {
        this.conversations = conversations;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        if (session.getUsername() == null) {
            return HookResult.DECLINED;
        }
        String login = session.getUsername().asString();
        try {
            if (!conversations.isPatientInbox(login)) {
                return HookResult.DECLINED;
            }
            return conversations.refusal(login, rcpt.asString())
                .map(reason -> Refusals.permanent("550", "5.7.1", reason))
                .orElse(HookResult.DECLINED);
        } catch (RuntimeException e) {
            LOGGER.error("Could not check whether patient {} may write to {}", login, rcpt.asString(), e);
            return Refusals.temporary("4.3.0", "The node cannot check this recipient right now; try again shortly.");
        }
    }
}
