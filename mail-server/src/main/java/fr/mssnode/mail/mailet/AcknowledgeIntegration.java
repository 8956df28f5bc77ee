package fr.mssnode.mail.mailet;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;

import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.internet.AddressException;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.mdn.MDN;
import org.apache.james.mdn.MDNReport;
import org.apache.james.mdn.action.mode.DispositionActionMode;
import org.apache.james.mdn.fields.Disposition;
import org.apache.james.mdn.fields.FinalRecipient;
import org.apache.james.mdn.fields.OriginalRecipient;
import org.apache.james.mdn.fields.ReportingUserAgent;
import org.apache.james.mdn.fields.Text;
import org.apache.james.mdn.modifier.DispositionModifier;
import org.apache.james.mdn.sending.mode.DispositionSendingMode;
import org.apache.james.mdn.type.DispositionType;
import org.apache.james.mime4j.message.DefaultMessageBuilder;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The acknowledgement of integration of the ANS guide (struct-msg-mdn), sent when the message asks for it with
 * Disposition-Notification-To: an RFC 8098 MDN built with James's MDN module, in three parts (a sentence, the
 * machine-readable report, the original message). {@code processed} when every document was filed; else
 * {@code processed/Error: code^label} for the first that was not, and the subject starts with
 * {@code [KO Intégration système !][code]}. Original-Message-ID and Original-Recipient are always given.
 *
 * <p>As RFC 8098 asks, no MDN goes automatically to an address other than the message's envelope sender (the
 * node is not a way to send mail to third parties). The MDN comes from the operator's postmaster, with a null
 * envelope sender.
 */
public class AcknowledgeIntegration extends GenericMailet {
    static final String FAILURE_PREFIX = "[KO Intégration système !]";
    static final String SUBJECT_PREFIX = "XDM/1.0/DDM+";
    private static final Logger LOGGER = LoggerFactory.getLogger(AcknowledgeIntegration.class);

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<FilingReport> report = FilingReport.of(mail);
        MimeMessage original = mail.getMessage();
        Optional<MailAddress> requester = requester(mail, original);
        if (report.isEmpty() || report.get().dossierUnreachable() || requester.isEmpty()) {
            return;
        }
        String recipient = mail.getRecipients().stream().findFirst().map(MailAddress::asString).orElse("");
        Optional<FilingReport.Document> failed = report.get().refused().stream().findFirst();
        Disposition.Builder disposition = Disposition.builder().actionMode(DispositionActionMode.Automatic)
            .sendingMode(DispositionSendingMode.Automatic).type(DispositionType.Processed);
        failed.ifPresent(document -> disposition.addModifier(
            new DispositionModifier("Error: " + document.reasonCode() + "^" + oneLine(document.reasonLabel()))));
        MDNReport mdnReport = MDNReport.builder()
            .reportingUserAgentField(ReportingUserAgent.builder()
                .userAgentName(getMailetContext().getPostmaster().getDomain().asString()).userAgentProduct("mss-node").build())
            .originalRecipientField(OriginalRecipient.builder().originalRecipient(Text.fromRawText(originalRecipient(original, recipient)))
                .build())
            .finalRecipientField(FinalRecipient.builder().finalRecipient(Text.fromRawText(recipient)).build())
            .originalMessageIdField(original.getMessageID() == null ? "<" + mail.getName() + ">" : original.getMessageID())
            .dispositionField(disposition.build())
            .build();
        MimeMessage acknowledgement = MDN.builder()
            .humanReadableText(humanText(report.get(), failed))
            .report(mdnReport)
            .message(Optional.of(asMime4j(original)))
            .build()
            .asMimeMessage();
        acknowledgement.setFrom(new InternetAddress(getMailetContext().getPostmaster().asString()));
        acknowledgement.setRecipient(Message.RecipientType.TO, new InternetAddress(requester.get().asString()));
        acknowledgement.setSubject(subject(report.get(), failed, original.getSubject()), "UTF-8");
        acknowledgement.setHeader("Auto-Submitted", "auto-replied");
        if (original.getMessageID() != null) {
            acknowledgement.setHeader("In-Reply-To", original.getMessageID());
            acknowledgement.setHeader("References", original.getMessageID());
        }
        acknowledgement.saveChanges();
        getMailetContext().sendMail(MailAddress.nullSender(), List.of(requester.get()), acknowledgement);
    }

    /** Who asked for the acknowledgement, when that is the envelope sender (RFC 8098 section 2.1). */
    private static Optional<MailAddress> requester(Mail mail, MimeMessage message) throws MessagingException {
        String requested = message.getHeader("Disposition-Notification-To", ",");
        Optional<MailAddress> sender = mail.getMaybeSender().asOptional();
        if (requested == null || requested.isBlank() || sender.isEmpty()) {
            return Optional.empty();
        }
        try {
            InternetAddress[] asked = InternetAddress.parseHeader(requested, false);
            if (asked.length == 1 && asked[0].getAddress().equalsIgnoreCase(sender.get().asString())) {
                return sender;
            }
        } catch (AddressException e) {
            // not an address: nobody to answer
        }
        LOGGER.info("No acknowledgement for {}: Disposition-Notification-To ({}) is not its sender {}", message.getMessageID(),
            requested, sender.get().asString());
        return Optional.empty();
    }

    /** The Original-Recipient header the sender's client wrote (rfc822;address), else the envelope recipient. */
    private static String originalRecipient(MimeMessage original, String recipient) throws MessagingException {
        String header = original.getHeader("Original-Recipient", null);
        if (header != null && header.contains(";")) {
            String address = oneLine(header.substring(header.indexOf(';') + 1)).trim();
            if (!address.isEmpty()) {
                return address;
            }
        }
        return recipient;
    }

    private static String subject(FilingReport report, Optional<FilingReport.Document> failed, String originalSubject) {
        Optional<String> about = report.documents().stream().filter(FilingReport.Document::filed).map(FilingReport.Document::about)
            .filter(text -> !text.isBlank()).findFirst();
        String described = about.map(text -> SUBJECT_PREFIX + text).orElse(originalSubject == null ? "" : originalSubject);
        return failed.map(document -> FAILURE_PREFIX + "[" + document.reasonCode() + "] " + described).orElse(described);
    }

    private static String humanText(FilingReport report, Optional<FilingReport.Document> failed) {
        if (failed.isEmpty()) {
            return "Les documents de votre message ont été intégrés au dossier du patient (" + report.filedCount()
                + " document" + (report.filedCount() > 1 ? "s" : "") + ").\n"
                + "The documents of your message were integrated into the patient's dossier.\n";
        }
        StringBuilder text = new StringBuilder("Le message ci-dessous n'a pas pu être intégré automatiquement dans le dossier"
            + " du patient pour la raison suivante : ").append(failed.get().reasonLabel()).append(".\n")
            .append("Le système a retourné l'erreur ").append(failed.get().reasonCode()).append('^')
            .append(oneLine(failed.get().reasonLabel())).append("\n\n");
        report.refused().forEach(document -> text.append(" - ").append(document.description()).append('\n'));
        return text.toString();
    }

    private static String oneLine(String text) {
        return text.replace('\r', ' ').replace('\n', ' ');
    }

    /** The original message as James's MDN module takes it (mime4j), read permissively: it was accepted already. */
    private static org.apache.james.mime4j.dom.Message asMime4j(MimeMessage original) throws MessagingException {
        DefaultMessageBuilder builder = new DefaultMessageBuilder();
        builder.setMimeEntityConfig(MimeConfig.PERMISSIVE);
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try {
            original.writeTo(bytes);
            try (InputStream in = new java.io.ByteArrayInputStream(bytes.toByteArray())) {
                return builder.parseMessage(in);
            }
        } catch (IOException e) {
            throw new MessagingException("Cannot copy the original message into the acknowledgement: " + e.getMessage(), e);
        }
    }
}
