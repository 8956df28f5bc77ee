package fr.mssnode.mail.smtp;

import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.LineHandler;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.core.esmtp.MailSizeEsmtpExtension;

/**
 * James's SIZE extension (RFC 1870: announced in EHLO, checked at MAIL FROM and while DATA arrives), whose refusal
 * after DATA says {@code 552 5.3.4} and the limit instead of James's bare "552 Quota exceeded".
 */
public class MessageSizeLimit extends MailSizeEsmtpExtension {

    @Override
    public Response onLine(SMTPSession session, byte[] line, LineHandler<SMTPSession> next) {
        Response response = super.onLine(session, line, next);
        if (response != null && "552".equals(response.getRetCode())) {
            return new SMTPResponse("552", "5.3.4 " + Refusals.ascii("The message is larger than this node accepts (at most "
                + session.getConfiguration().getMaxMessageSize() + " bytes); nothing was delivered."));
        }
        return response;
    }
}
