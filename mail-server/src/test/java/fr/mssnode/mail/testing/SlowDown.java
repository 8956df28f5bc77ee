package fr.mssnode.mail.testing;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/** Test-only mailet: holds each mail for a while so that accepted mail is still in the spool when the node is killed. */
public class SlowDown extends GenericMailet {
    private long millis;

    @Override
    public void init() {
        millis = Long.parseLong(getInitParameter("millis", "300"));
    }

    @Override
    public void service(Mail mail) throws javax.mail.MessagingException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
