package fr.mssnode.mail.mailet;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Shortens the mail's error message to what James's JPA mail repository can store (200 characters), placed after
 * the notice to the sender (which carries the whole reason) and before ToRepository: a longer one made the store
 * fail, and the message went round the spool instead of being kept.
 */
public class FitErrorMessage extends GenericMailet {
    static final int REPOSITORY_LIMIT = 200;

    @Override
    public void service(Mail mail) {
        String error = mail.getErrorMessage();
        if (error != null && error.length() > REPOSITORY_LIMIT) {
            mail.setErrorMessage(error.substring(0, REPOSITORY_LIMIT - 3) + "...");
        }
    }
}
