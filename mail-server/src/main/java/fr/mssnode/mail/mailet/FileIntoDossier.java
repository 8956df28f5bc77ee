package fr.mssnode.mail.mailet;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.james.server.core.MimeMessageWrapper;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.dossier.bridge.AttachmentOutcome;
import fr.mssnode.dossier.bridge.DossierBridge;
import fr.mssnode.dossier.store.Filing;
import fr.mssnode.mail.operations.NodeMeters;

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
        List<AttachmentOutcome> outcomes = new ArrayList<>();
        try (InputStream message = wholeMessage(mail.getMessage())) {
            for (DossierAttachments.Attachment attachment : DossierAttachments.of(message)) {
                Filing filing = new Filing(messageId, mail.getMaybeSender().asString(""), recipients,
                    attachment.fileName() == null ? "" : attachment.fileName());
                outcomes.addAll(bridge.fileAttachment(attachment.content(), attachment.mediaType(), attachment.fileName(), filing));
            }
        } catch (IOException | SQLException e) {
            // The dossier is unavailable: the message goes on (delivery first), the failure is for the operator.
            LOGGER.error("Could not file the documents of {} ({}): {}", mail.getName(), messageId, e.getMessage(), e);
            NodeMeters.filing("unreachable");
            FilingReport.unreachable().attachTo(mail);
            return;
        }
        outcomes.forEach(outcome -> NodeMeters.filing(outcome.filed().map(f -> f.outcome().name().toLowerCase(java.util.Locale.ROOT))
            .orElse("refused")));
        if (!outcomes.isEmpty()) {
            FilingReport.of(outcomes).attachTo(mail);
        }
    }

    /** The message's bytes as they stand (James's message reads them from its source, without copying them first). */
    private static InputStream wholeMessage(MimeMessage message) throws MessagingException, IOException {
        if (message instanceof MimeMessageWrapper wrapper) {
            return wrapper.getMessageInputStream();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(8192, message.getSize()));
        message.writeTo(bytes);
        return new ByteArrayInputStream(bytes.toByteArray());
    }
}
