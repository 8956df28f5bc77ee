package fr.mssnode.mail.smtp;

import java.util.List;

import org.apache.james.protocols.lib.handler.HandlersPackage;
import org.apache.james.protocols.smtp.core.esmtp.AuthCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.MailSizeEsmtpExtension;
import org.apache.james.smtpserver.CoreCmdHandlerLoader;

/**
 * James's core SMTP handlers, with {@link MessageSizeLimit} in place of James's SIZE extension and
 * {@link SaslAuthCmdHandler} in place of its AUTH (which adds the token mechanisms).
 */
public class NodeCoreCmdHandlerLoader implements HandlersPackage {
    private static final List<String> HANDLERS = new CoreCmdHandlerLoader().getHandlers().stream()
        .map(handler -> handler.equals(MailSizeEsmtpExtension.class.getName()) ? MessageSizeLimit.class.getName() : handler)
        .map(handler -> handler.equals(AuthCmdHandler.class.getName()) ? SaslAuthCmdHandler.class.getName() : handler)
        .toList();

    @Override
    public List<String> getHandlers() {
        return HANDLERS;
    }
}
