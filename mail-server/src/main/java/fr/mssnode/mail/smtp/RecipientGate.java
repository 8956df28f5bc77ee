package fr.mssnode.mail.smtp;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;

import fr.mssnode.mail.submission.SubmissionRules;

/**
 * RCPT TO: every recipient must be an open mailbox of this node or, where the port allows it
 * ({@code <remoteRecipients>allow</remoteRecipients>}), an address at a trusted operator ({@link SubmissionRules#recipient}).
 */
public class RecipientGate implements RcptHook {
    private final SubmissionRules rules;
    private boolean remoteAllowed;

    @Inject
    public RecipientGate(SubmissionRules rules) {
        this.rules = rules;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        String value = config.getString("remoteRecipients", "refuse");
        if (!value.equals("allow") && !value.equals("refuse")) {
            throw new ConfigurationException("RecipientGate: remoteRecipients must be 'allow' or 'refuse', not '" + value + "'");
        }
        remoteAllowed = value.equals("allow");
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        return rules.recipient(rcpt.asString(), remoteAllowed).map(Refusals::of).orElse(HookResult.DECLINED);
    }
}
