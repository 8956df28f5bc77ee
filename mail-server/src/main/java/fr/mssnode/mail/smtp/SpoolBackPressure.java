package fr.mssnode.mail.smtp;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;

import fr.mssnode.mail.operations.AcceptedAt;

/**
 * MAIL FROM, both ports: when the spool is deeper than the node delivers within its visibility target, the
 * transaction is refused for now ({@code 451 4.3.2}), before any data is sent; every message that is accepted is
 * counted, which is how {@link SpoolPressure} knows the delivery rate.
 */
public class SpoolBackPressure implements MailHook, JamesMessageHook {
    private final SpoolPressure pressure;

    @Inject
    public SpoolBackPressure(SpoolPressure pressure) {
        this.pressure = pressure;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        return pressure.refusal().map(reason -> Refusals.temporary("4.3.2", reason)).orElse(HookResult.DECLINED);
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        pressure.accepted();
        AcceptedAt.stamp(mail, java.time.Instant.now());
        return HookResult.DECLINED;
    }
}
