package fr.mssnode.mail.smtp;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.Hook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookResultHook;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.smtpserver.SendMailHandler;

import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;

/**
 * Writes the SMTP side of the operator's trace from the results of the listener's hooks: each message accepted (once
 * James's spool has it: sender, recipients, size) and each refusal (which gate, the sender, the answer). Sign-ins are
 * traced by {@link ThrottledPasswordAuth}. Never content.
 */
public class TraceSmtp implements HookResultHook {
    private final OperatorTrace trace;

    @Inject
    public TraceSmtp(OperatorTrace trace) {
        this.trace = trace;
    }

    @Override
    public HookResult onHookResult(SMTPSession session, HookResult result, long executionTime, Hook hook) {
        HookReturnCode.Action action = result.getResult().getAction();
        if (hook instanceof SendMailHandler && action == HookReturnCode.Action.OK) {
            List<MailAddress> recipients = session.getAttachment(SMTPSession.RCPT_LIST, State.Transaction).orElse(List.of());
            record(session, TraceEvent.Action.MAIL_ACCEPTED, recipients, "MAIL FROM:<" + sender(session) + "> RCPT TO:"
                + recipients + " (" + session.currentMessageSize() + " bytes)", "250 " + result.getSmtpDescription());
        } else if ((action == HookReturnCode.Action.DENY || action == HookReturnCode.Action.DENYSOFT) && !(hook instanceof AuthHook)) {
            record(session, TraceEvent.Action.MAIL_REFUSED, session.getAttachment(SMTPSession.RCPT_LIST, State.Transaction)
                    .orElse(List.of()), hook.getClass().getSimpleName() + " on MAIL FROM:<" + sender(session) + ">",
                (result.getSmtpRetCode() == null ? "" : result.getSmtpRetCode() + " ") + result.getSmtpDescription());
        }
        return result;
    }

    private void record(SMTPSession session, TraceEvent.Action action, List<MailAddress> recipients, String request,
                        String answer) {
        List<String> concerns = new ArrayList<>();
        String sender = sender(session);
        if (!sender.isEmpty()) {
            concerns.add(sender);
        }
        recipients.forEach(recipient -> concerns.add(recipient.asString()));
        String actor = session.getUsername() != null ? session.getUsername().asString() : sender;
        trace.record(actor, session.getRemoteAddress().getAddress().getHostAddress(), "SMTP", action, concerns, request,
            answer);
    }

    private static String sender(SMTPSession session) {
        return session.getAttachment(SMTPSession.SENDER, State.Transaction).map(MaybeSender::asString).orElse("");
    }
}
