package fr.mssnode.mail.smtp;

import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;

/**
 * Refuses AUTH on a connection that has not issued STARTTLS. James only stops announcing AUTH
 * before TLS (requireSSL); without this hook a client could still authenticate in clear text.
 */
public class AuthRequiresTls implements AuthHook {

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        if (!session.isTLSStarted()) {
            return Refusals.permanent("538", "5.7.11",
                "Encryption required: issue STARTTLS before AUTH; your password was not checked.");
        }
        return HookResult.DECLINED;
    }

    @Override
    public HookResult doSasl(SMTPSession session, org.apache.james.protocols.api.OidcSASLConfiguration configuration,
                             String initialResponse) {
        if (!session.isTLSStarted()) {
            return Refusals.permanent("538", "5.7.11", "Encryption required: issue STARTTLS before AUTH.");
        }
        return HookResult.DECLINED;
    }
}
