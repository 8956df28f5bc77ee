package fr.mssnode.mail.smtp;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.directory.AddressCheck;
import fr.mssnode.directory.Directory;

/**
 * RCPT TO: every recipient must be an open mailbox of this node or, where the port allows it
 * ({@code <remoteRecipients>allow</remoteRecipients>}), an address at a trusted operator. Never an open relay.
 */
public class RecipientGate implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(RecipientGate.class);
    private final Directory directory;
    private boolean remoteAllowed;

    @Inject
    public RecipientGate(Directory directory) {
        this.directory = directory;
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
        String address = rcpt.asString();
        AddressCheck check;
        try {
            check = directory.check(address);
        } catch (RuntimeException e) {
            LOGGER.error("Directory unavailable while checking recipient {}", address, e);
            return Refusals.temporary("4.3.0", "The health directory cannot be reached; try again shortly.");
        }
        String domain = rcpt.getDomain().asString();
        return switch (check.status()) {
            case LOCAL_ACTIVE -> HookResult.DECLINED;
            case LOCAL_INACTIVE -> Refusals.permanent("550", "5.2.1",
                "Mailbox <" + address + "> is disabled: its owner is no longer active in the health directory.");
            case LOCAL_NOT_LISTED, LOCAL_DELISTED -> Refusals.permanent("550", "5.7.1",
                "Mailbox <" + address + "> cannot receive mail: " + check.reason() + ".");
            case LOCAL_UNKNOWN -> Refusals.permanent("550", "5.1.1",
                "No mailbox <" + address + "> in the health directory of " + domain + ".");
            case TRUSTED_REMOTE -> remoteAllowed
                ? HookResult.DECLINED
                : Refusals.permanent("550", "5.7.1", "Relaying denied: this port delivers only to mailboxes of "
                    + String.join(", ", directory.localDomains().stream().sorted().toList()) + ", not to " + domain + ".");
            case UNTRUSTED_REMOTE -> Refusals.permanent("550", "5.7.1", "<" + address + "> is outside the espace de confiance: "
                + domain + " is not a trusted health operator, so this node will not relay to it.");
            case MALFORMED -> Refusals.permanent("553", "5.1.3", "<" + address + "> is not a valid mailbox address.");
        };
    }
}
