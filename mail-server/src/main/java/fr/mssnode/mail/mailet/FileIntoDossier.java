package fr.mssnode.mail.mailet;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.InternetAddress;
import javax.mail.internet.MimeBodyPart;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeMultipart;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.dossier.bridge.AttachmentOutcome;
import fr.mssnode.dossier.bridge.DossierBridge;
import fr.mssnode.dossier.store.Filing;

/**
 * Files the CDA documents and XDM packages a message carries into the patients' dossiers. The message is always
 * delivered: what was filed is written in {@value #OUTCOME_HEADER} (with the MSSanté headers X-MSS-CODECDA and
 * X-MSS-INS checked against the documents when present), and when a document could not be filed the
 * sender gets a notice naming the attachment and the reason (the refusal is logged for the operator).
 */
public class FileIntoDossier extends GenericMailet {
    public static final String OUTCOME_HEADER = "X-MSS-Dossier";
    private static final Logger LOGGER = LoggerFactory.getLogger(FileIntoDossier.class);
    private static final int MAX_DEPTH = 10;

    private final DossierBridge bridge;

    @Inject
    public FileIntoDossier(DossierBridge bridge) {
        this.bridge = bridge;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        MimeMessage message = mail.getMessage();
        message.removeHeader(OUTCOME_HEADER);
        List<String> recipients = mail.getRecipients().stream().map(MailAddress::asString).toList();
        Filing filing = new Filing(message.getMessageID(), mail.getMaybeSender().asString(""), recipients, "");
        List<AttachmentOutcome> outcomes = new ArrayList<>();
        try {
            collect(message, filing, outcomes, 0);
        } catch (IOException | SQLException e) {
            // The dossier is unavailable: the message goes on (delivery first), the failure is for the operator.
            LOGGER.error("Could not file the documents of {} ({}): {}", mail.getName(), message.getMessageID(), e.getMessage(), e);
            message.setHeader(OUTCOME_HEADER, "error; the dossier could not be reached, nothing was filed");
            return;
        }
        if (outcomes.isEmpty()) {
            return;
        }
        long filed = outcomes.stream().filter(AttachmentOutcome::isFiled).count();
        message.setHeader(OUTCOME_HEADER, "filed=" + filed + "; refused=" + (outcomes.size() - filed)
            + mssHeaderCheck(message, outcomes));
        List<AttachmentOutcome> refused = outcomes.stream().filter(outcome -> !outcome.isFiled()).toList();
        if (!refused.isEmpty()) {
            notifySender(mail, message, refused);
        }
        acknowledgeIntegration(mail, message, outcomes);
        mail.setMessage(message);
    }

    /**
     * When the message asks for it (Disposition-Notification-To), the acknowledgement of integration the ANS guide
     * describes: an RFC 8098 MDN, "processed" when every document was filed, else "processed/Error: code^label"
     * for the first that was not.
     */
    private void acknowledgeIntegration(Mail mail, MimeMessage original, List<AttachmentOutcome> outcomes)
        throws MessagingException {
        String requested = original.getHeader("Disposition-Notification-To", null);
        if (requested == null || requested.isBlank()) {
            return;
        }
        InternetAddress[] to = InternetAddress.parseHeader(requested, false);
        if (to.length == 0) {
            return;
        }
        java.util.Optional<AttachmentOutcome> failed = outcomes.stream().filter(outcome -> !outcome.isFiled()).findFirst();
        String disposition = "automatic-action/MDN-sent-automatically; processed" + failed.map(outcome ->
            "/Error: " + outcome.refused().get().reason().code() + "^" + outcome.refused().get().reason().label()).orElse("");
        String recipient = mail.getRecipients().stream().findFirst().map(MailAddress::asString).orElse("");
        MimeMultipart report = new MimeMultipart("report; report-type=disposition-notification");
        MimeBodyPart human = new MimeBodyPart();
        human.setText(failed.isEmpty()
            ? "The documents of your message were integrated into the patient's dossier.\n"
            : "Your message was received but a document could not be integrated: " + failed.get().describe() + "\n", "UTF-8");
        report.addBodyPart(human);
        MimeBodyPart notification = new MimeBodyPart();
        String fields = "Reporting-UA: " + getMailetContext().getPostmaster().getDomain().asString() + "; mss-node\r\n"
            + (recipient.isEmpty() ? "" : "Original-Recipient: rfc822;" + recipient + "\r\n"
                + "Final-Recipient: rfc822;" + recipient + "\r\n")
            + (original.getMessageID() == null ? "" : "Original-Message-ID: " + original.getMessageID() + "\r\n")
            + "Disposition: " + disposition + "\r\n";
        notification.setDataHandler(new javax.activation.DataHandler(new javax.mail.util.ByteArrayDataSource(
            fields.getBytes(java.nio.charset.StandardCharsets.US_ASCII), "message/disposition-notification")));
        report.addBodyPart(notification);
        MimeBodyPart headers = new MimeBodyPart();
        StringBuilder originalHeaders = new StringBuilder();
        java.util.Enumeration<String> lines = original.getAllHeaderLines();
        while (lines.hasMoreElements()) {
            originalHeaders.append(lines.nextElement()).append("\r\n");
        }
        headers.setDataHandler(new javax.activation.DataHandler(new javax.mail.util.ByteArrayDataSource(
            originalHeaders.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/rfc822-headers")));
        report.addBodyPart(headers);
        MimeMessage mdn = new MimeMessage(original.getSession());
        mdn.setFrom(new InternetAddress(getMailetContext().getPostmaster().asString()));
        mdn.setRecipients(javax.mail.Message.RecipientType.TO, to);
        String subject = original.getSubject();
        mdn.setSubject((failed.isEmpty() ? "Accusé d'intégration : " : "Échec d'intégration : ") + (subject == null ? "" : subject), "UTF-8");
        mdn.setContent(report);
        mdn.saveChanges();
        getMailetContext().sendMail(MailAddress.nullSender(), java.util.Arrays.stream(to).map(address -> {
            try {
                return new MailAddress(address.getAddress());
            } catch (javax.mail.internet.AddressException e) {
                throw new IllegalArgumentException(e);
            }
        }).toList(), mdn);
    }

    /**
     * The MSSanté headers, when present, checked against what was found: X-MSS-CODECDA (the CDA type codes sent)
     * and X-MSS-INS (O: a qualified INS is present). A disagreement is noted in the outcome header and logged.
     */
    static String mssHeaderCheck(MimeMessage message, List<AttachmentOutcome> outcomes) throws MessagingException {
        StringBuilder notes = new StringBuilder();
        String declaredCodes = message.getHeader("X-MSS-CODECDA", ",");
        if (declaredCodes != null && !declaredCodes.isBlank()) {
            java.util.Set<String> declared = new java.util.TreeSet<>();
            for (String code : declaredCodes.split(",")) {
                if (!code.isBlank()) {
                    declared.add(code.trim());
                }
            }
            java.util.Set<String> found = new java.util.TreeSet<>();
            outcomes.forEach(outcome -> outcome.filed().ifPresent(result -> found.add(result.typeCode())));
            notes.append(found.containsAll(declared) ? "; codecda=ok" : "; codecda=mismatch (declared "
                + String.join(",", declared) + ", filed " + String.join(",", found) + ")");
        }
        String declaredIns = message.getHeader("X-MSS-INS", null);
        if (declaredIns != null && !declaredIns.isBlank()) {
            boolean withIns = outcomes.stream().anyMatch(AttachmentOutcome::isFiled);
            boolean saysQualified = declaredIns.trim().equalsIgnoreCase("O");
            notes.append(saysQualified == withIns ? "; ins=ok" : "; ins=mismatch (X-MSS-INS: " + declaredIns.trim()
                + ", " + (withIns ? "a document with a valid INS was filed" : "no document with a valid INS") + ")");
        }
        if (notes.indexOf("mismatch") >= 0) {
            LOGGER.warn("MSSanté headers disagree with the documents of {}: {}", message.getMessageID(), notes);
        }
        return notes.toString();
    }

    private void collect(Part part, Filing filing, List<AttachmentOutcome> outcomes, int depth)
        throws MessagingException, IOException, SQLException {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i), filing, outcomes, depth + 1);
            }
            return;
        }
        String mediaType = new ContentType(part.getContentType()).getBaseType();
        String fileName = part.getFileName();
        if (!DossierBridge.isCandidate(mediaType, fileName)) {
            return;
        }
        byte[] bytes = DecodedContent.of(part);
        Filing named = new Filing(filing.messageId(), filing.sender(), filing.recipients(), fileName == null ? "" : fileName);
        outcomes.addAll(bridge.fileAttachment(bytes, mediaType, fileName, named));
    }

    private void notifySender(Mail mail, MimeMessage original, List<AttachmentOutcome> refused) throws MessagingException {
        if (mail.getMaybeSender().isNullSender() || mail.getMaybeSender().asOptional().isEmpty()) {
            return;
        }
        MailAddress sender = mail.getMaybeSender().get();
        MimeMessage notice = new MimeMessage(original.getSession());
        notice.setFrom(new InternetAddress(getMailetContext().getPostmaster().asString()));
        notice.setRecipient(javax.mail.Message.RecipientType.TO, new InternetAddress(sender.asString()));
        String subject = original.getSubject();
        notice.setSubject("Document non classé dans le dossier patient : " + (subject == null ? "" : subject), "UTF-8");
        StringBuilder text = new StringBuilder("Your message ").append(original.getMessageID() == null ? "" : original.getMessageID())
            .append(" was delivered to its recipients, but these documents could not be filed in the patient's dossier:\n\n");
        refused.forEach(outcome -> text.append(" - ").append(outcome.describe()).append('\n'));
        text.append("\nPlease correct the document and send it again. The refusal is kept for the operator.\n");
        MimeBodyPart body = new MimeBodyPart();
        body.setText(text.toString(), "UTF-8");
        notice.setContent(new MimeMultipart(body));
        notice.saveChanges();
        getMailetContext().sendMail(getMailetContext().getPostmaster(), List.of(sender), notice);
    }
}
