package fr.mssnode.mail.smtp;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.directory.AddressCheck;
import fr.mssnode.directory.AddressStatus;
import fr.mssnode.directory.Directory;

/**
 * Submission port, MAIL FROM: the client must be logged in, and may only send as an address its account owns.
 */
public class SubmissionSenderGate implements MailHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SubmissionSenderGate.class);
    private final Directory directory;

    @Inject
    public SubmissionSenderGate(Directory directory) {
        this.directory = directory;
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
        String login = session.getUsername().asString();
        String address = sender.get().asString();
        try {
            if (!directory.ownsAddress(login, address)) {
                return Refusals.permanent("550", "5.7.1",
                    "Sender <" + address + "> is not an address of account " + login + ": send from your own address.");
            }
            AddressCheck check = directory.check(address);
            if (check.status() == AddressStatus.LOCAL_NOT_LISTED || check.status() == AddressStatus.LOCAL_DELISTED) {
                return Refusals.permanent("550", "5.7.1", "Sender <" + address + "> may not send: " + check.reason() + ".");
            }
        } catch (RuntimeException e) {
            LOGGER.error("Directory unavailable while checking sender {} for {}", address, login, e);
            return Refusals.temporary("4.3.0", "The health directory cannot be reached; try again shortly.");
        }
        return HookResult.DECLINED;
    }
}
