package fr.mssnode.mail.mailet;

import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.Multipart;
import javax.mail.Part;
import javax.mail.internet.ContentType;
import javax.mail.internet.MimeBodyPart;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.dossier.bridge.AttachmentOutcome;
import fr.mssnode.dossier.bridge.DossierBridge;
import fr.mssnode.dossier.store.Filing;
import fr.mssnode.mail.smime.SignedContent;

/**
 * Files the CDA documents and XDM packages a message carries into the patients' dossiers, byte for byte, and
 * records what it did as a {@link FilingReport} mail attribute for the mailets that follow (the outcome header,
 * the sender's notice, the acknowledgement). It never stops the message: delivery comes first, whatever the
 * dossier says. A message with no dossier document gets no report. Notifications (a null envelope sender:
 * acknowledgements, delivery reports, the node's own notices) and reports inside a message carry copies of other
 * messages, never new documents: they are not read.
 */
public class FileIntoDossier extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(FileIntoDossier.class);
    private static final int MAX_DEPTH = 10;

    private final DossierBridge bridge;

    @Inject
    public FileIntoDossier(DossierBridge bridge) {
        this.bridge = bridge;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (mail.getMaybeSender().isNullSender()) {
            return;
        }
        String messageId = mail.getMessage().getMessageID();
        List<String> recipients = mail.getRecipients().stream().map(MailAddress::asString).toList();
        Filing filing = new Filing(messageId, mail.getMaybeSender().asString(""), recipients, "");
        List<AttachmentOutcome> outcomes = new ArrayList<>();
        try {
            collect(mail.getMessage(), filing, outcomes, 0);
        } catch (IOException | SQLException e) {
            // The dossier is unavailable: the message goes on (delivery first), the failure is for the operator.
            LOGGER.error("Could not file the documents of {} ({}): {}", mail.getName(), messageId, e.getMessage(), e);
            FilingReport.unreachable().attachTo(mail);
            return;
        }
        if (!outcomes.isEmpty()) {
            FilingReport.of(outcomes).attachTo(mail);
        }
    }

    private void collect(Part part, Filing filing, List<AttachmentOutcome> outcomes, int depth)
        throws MessagingException, IOException, SQLException {
        if (depth > MAX_DEPTH) {
            return;
        }
        if (part.isMimeType("multipart/report")) {
            return; // a delivery or disposition report: the message it returns was filed (or not) when it was sent
        }
        if (part.isMimeType("multipart/*")) {
            Multipart multipart = (Multipart) part.getContent();
            for (int i = 0; i < multipart.getCount(); i++) {
                collect(multipart.getBodyPart(i), filing, outcomes, depth + 1);
            }
            return;
        }
        if (part.isMimeType("message/rfc822") && part.getContent() instanceof Part forwarded) {
            collect(forwarded, filing, outcomes, depth + 1); // a letter forwarded with its documents
            return;
        }
        Optional<MimeBodyPart> signedContent = SignedContent.of(part);
        if (signedContent.isPresent()) {
            collect(signedContent.get(), filing, outcomes, depth + 1); // opaque S/MIME: the documents are inside
            return;
        }
        String mediaType = new ContentType(part.getContentType()).getBaseType();
        String fileName = part.getFileName();
        if (!DossierBridge.isCandidate(mediaType, fileName)) {
            return;
        }
        Filing named = new Filing(filing.messageId(), filing.sender(), filing.recipients(), fileName == null ? "" : fileName);
        outcomes.addAll(bridge.fileAttachment(DecodedContent.of(part), mediaType, fileName, named));
    }
}
