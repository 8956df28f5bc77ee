package fr.mssnode.mail.smtp;

import java.util.Locale;

import javax.inject.Inject;

import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.directory.Directory;

/**
 * Port 25, MAIL FROM: only over TLS, and only from a domain of the espace de confiance.
 * A null sender (a delivery report) is accepted only from a client whose EHLO name is within a trusted
 * operator domain; mutual TLS with the operator's certificate is the stronger check, to come with S/MIME trust.
 */
public class OperatorSenderGate implements MailHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(OperatorSenderGate.class);
    private final Directory directory;

    @Inject
    public OperatorSenderGate(Directory directory) {
        this.directory = directory;
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        if (!session.isTLSStarted()) {
            return Refusals.permanent("530", "5.7.0",
                "Must issue a STARTTLS command first: operators exchange health mail over TLS only.");
        }
        try {
            if (sender.isNullSender()) {
                String helo = session.getAttachment(SMTPSession.CURRENT_HELO_NAME, ProtocolSession.State.Connection)
                    .orElse("");
                if (!withinTrustedOperator(helo)) {
                    return Refusals.permanent("550", "5.7.1", "Delivery reports (null sender) are accepted only from trusted"
                        + " operators' servers; '" + helo + "' is not in a trusted operator domain.");
                }
                return HookResult.DECLINED;
            }
            String domain = sender.get().getDomain().asString();
            if (directory.isLocalDomain(domain)) {
                return Refusals.permanent("550", "5.7.1", "Mail from " + domain
                    + " must be submitted on the submission port with authentication, not relayed in from outside.");
            }
            if (!directory.isTrustedOperator(domain)) {
                return Refusals.permanent("550", "5.7.1", "Domain " + domain
                    + " is not a trusted health operator (espace de confiance); this node accepts mail only from trusted operators.");
            }
        } catch (RuntimeException e) {
            LOGGER.error("Directory unavailable while checking sender {}", sender, e);
            return Refusals.temporary("4.3.0", "The health directory cannot be reached; try again shortly.");
        }
        return HookResult.DECLINED;
    }

    private boolean withinTrustedOperator(String heloName) {
        String name = heloName.toLowerCase(Locale.ROOT);
        while (name.contains(".")) {
            if (directory.isTrustedOperator(name)) {
                return true;
            }
            name = name.substring(name.indexOf('.') + 1);
        }
        return false;
    }
}
