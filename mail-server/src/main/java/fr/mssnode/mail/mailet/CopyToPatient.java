package fr.mssnode.mail.mailet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import fr.mssnode.dossier.inbox.PatientCopies;

/**
 * For each document the message filed in a dossier ({@link FilingReport}), a copy for the patient's secure inbox
 * on this node: from the postmaster, naming the author, the title and the date, with the readable rendering and the
 * original. Once per document version, however many times or to however many recipients the letter is sent; a
 * document not yet visible to the patient is held and sent when released (see {@link PatientCopies}).
 */
public class CopyToPatient extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(CopyToPatient.class);

    private final PatientCopies copies;

    @Inject
    public CopyToPatient(PatientCopies copies) {
        this.copies = copies;
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<FilingReport> report = FilingReport.of(mail);
        if (report.isEmpty()) {
            return;
        }
        List<PatientCopies.Filed> filed = report.get().filedDocuments();
        if (filed.isEmpty()) {
            return;
        }
        Instant now = Instant.now();
        for (PatientCopies.Outgoing copy : copies.forFiled(filed, mail.getName(), now)) {
            getMailetContext().sendMail(MailAddress.nullSender(), Letters.recipients(copy.letter()),
                Letters.toMime(copy.letter(), getMailetContext().getPostmaster()));
            copies.sent(copy, now);
            LOGGER.debug("Copy of document {} sent to {}", copy.documentId(), copy.letter().to());
        }
    }

    @Override
    public String getMailetInfo() {
        return "Copies filed documents to the patients' secure inboxes";
    }
}
