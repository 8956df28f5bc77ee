package fr.mssnode.mail.mailet;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the {@link FilingReport} in the {@value #OUTCOME_HEADER} header the recipient reads, with the MSSanté
 * headers the sender computed checked against it: X-MSS-CODECDA (the CDA type codes sent) and X-MSS-INS (O: a
 * qualified INS is present). A disagreement is noted in the header and logged; it does not stop the message.
 * (A header of that name arriving from outside was removed at the top of the pipeline.)
 */
public class WriteFilingOutcome extends GenericMailet {
    public static final String OUTCOME_HEADER = "X-MSS-Dossier";
    private static final Logger LOGGER = LoggerFactory.getLogger(WriteFilingOutcome.class);

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<FilingReport> report = FilingReport.of(mail);
        if (report.isEmpty()) {
            return;
        }
        MimeMessage message = mail.getMessage();
        if (report.get().dossierUnreachable()) {
            message.setHeader(OUTCOME_HEADER, "error; the dossier could not be reached, nothing was filed");
        } else {
            message.setHeader(OUTCOME_HEADER, "filed=" + report.get().filedCount() + "; refused=" + report.get().refused().size()
                + mssHeaderCheck(message, report.get()));
        }
    }

    static String mssHeaderCheck(MimeMessage message, FilingReport report) throws MessagingException {
        StringBuilder notes = new StringBuilder();
        String declaredCodes = message.getHeader("X-MSS-CODECDA", ",");
        if (declaredCodes != null && !declaredCodes.isBlank()) {
            Set<String> declared = new TreeSet<>();
            for (String code : declaredCodes.split(",")) {
                if (!code.isBlank()) {
                    declared.add(code.trim());
                }
            }
            Set<String> found = report.filedTypeCodes();
            notes.append(found.containsAll(declared) ? "; codecda=ok" : "; codecda=mismatch (declared "
                + String.join(",", declared) + ", filed " + String.join(",", found) + ")");
        }
        String declaredIns = message.getHeader("X-MSS-INS", null);
        if (declaredIns != null && !declaredIns.isBlank()) {
            boolean withIns = report.filedCount() > 0;
            boolean saysQualified = declaredIns.trim().equalsIgnoreCase("O");
            notes.append(saysQualified == withIns ? "; ins=ok" : "; ins=mismatch (X-MSS-INS: " + declaredIns.trim()
                + ", " + (withIns ? "a document with a valid INS was filed" : "no document with a valid INS") + ")");
        }
        if (notes.indexOf("mismatch") >= 0) {
            LOGGER.warn("MSSanté headers disagree with the documents of {}: {}", message.getMessageID(), notes);
        }
        return notes.toString();
    }
}
