package fr.mssnode.mail.mailet;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Properties;

import javax.activation.DataHandler;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;
import javax.mail.util.ByteArrayDataSource;

import org.apache.james.core.MailAddress;

import fr.mssnode.dossier.inbox.Letter;

/** A dossier letter as a MIME message from the postmaster: the text, then each attachment byte for byte (base64). */
public final class Letters {
    private static final Session SESSION = Session.getInstance(new Properties());

    private Letters() {
    }

    public static List<MailAddress> recipients(Letter letter) throws AddressException {
        List<MailAddress> recipients = new ArrayList<>();
        for (String to : letter.to()) {
            recipients.add(new MailAddress(to));
        }
        return recipients;
    }

    public static MimeMessage toMime(Letter letter, MailAddress postmaster) throws MessagingException {
        MimeMessage message = new MimeMessage(SESSION);
        message.setFrom(new InternetAddress(postmaster.asString()));
        for (String to : letter.to()) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
        }
        message.setSubject(letter.subject(), "UTF-8");
        message.setSentDate(new Date());
        message.setHeader("Auto-Submitted", "auto-generated");
        if (letter.attachments().isEmpty()) {
            message.setText(letter.text(), "UTF-8");
        } else {
            MimeMultipart mixed = new MimeMultipart("mixed");
            MimeBodyPart text = new MimeBodyPart();
            text.setText(letter.text(), "UTF-8");
            mixed.addBodyPart(text);
            for (Letter.Attachment attachment : letter.attachments()) {
                MimeBodyPart part = new MimeBodyPart();
                part.setDataHandler(new DataHandler(new ByteArrayDataSource(attachment.content(), attachment.mediaType())));
                part.setFileName(attachment.fileName());
                part.setDisposition(MimeBodyPart.ATTACHMENT);
                part.setHeader("Content-Transfer-Encoding", "base64");
                mixed.addBodyPart(part);
            }
            message.setContent(mixed);
        }
        message.saveChanges();
        return message;
    }
}
