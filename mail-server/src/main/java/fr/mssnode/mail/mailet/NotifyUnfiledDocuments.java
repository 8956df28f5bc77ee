package fr.mssnode.mail.mailet;

import java.util.List;
import java.util.Optional;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;

/**
 * Tells the sender which documents of their message could not be filed in the patient's dossier, and why. The
 * message itself was delivered; the refused documents are kept for the operator. The notice comes from the
 * operator's postmaster, with a null envelope sender (nothing answers it automatically).
 */
public class NotifyUnfiledDocuments extends GenericMailet {

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<FilingReport> report = FilingReport.of(mail);
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        if (report.isEmpty() || report.get().refused().isEmpty() || sender.isEmpty()) {
            return;
        }
        MimeMessage original = mail.getMessage();
        MimeMessage notice = new MimeMessage(original.getSession());
        notice.setFrom(new InternetAddress(getMailetContext().getPostmaster().asString()));
        notice.setRecipient(Message.RecipientType.TO, new InternetAddress(sender.get().asString()));
        String subject = original.getSubject();
        notice.setSubject("Document non classé dans le dossier patient : " + (subject == null ? "" : subject), "UTF-8");
        notice.setHeader("Auto-Submitted", "auto-replied");
        String messageId = original.getMessageID();
        if (messageId != null) {
            notice.setHeader("In-Reply-To", messageId);
            notice.setHeader("References", messageId);
        }
        StringBuilder text = new StringBuilder("Your message ").append(messageId == null ? "" : messageId + " ")
            .append("was delivered to its recipients, but these documents could not be filed in the patient's dossier:\n\n");
        report.get().refused().forEach(document -> text.append(" - ").append(document.description()).append('\n'));
        text.append("\nPlease correct the document and send it again. The refusal is kept for the operator.\n");
        notice.setText(text.toString(), "UTF-8");
        notice.saveChanges();
        getMailetContext().sendMail(MailAddress.nullSender(), List.of(sender.get()), notice);
    }
}
