package fr.mssnode.mail.patient;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.mssnode.directory.Account;
import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.Addresses;
import fr.mssnode.directory.Directory;
import fr.mssnode.mail.submission.SubmissionRefusal;

/**
 * The MSSanté rule for patients' conversations: only professionals start them. A patient may write only to a
 * professional who has written to them, never once that professional's last message said the conversation is over
 * ({@code X-MSS-MES: FIN}), never to another patient. Fed by the delivery of professionals' mail into patients'
 * inboxes; asked by the submission gate.
 */
public class PatientConversations {
    /** The header a professional sets to close the conversation. */
    public static final String END_HEADER = "X-MSS-MES";

    private final JdbcTemplate jdbc;
    private final Directory directory;

    public PatientConversations(DataSource dataSource, Directory directory) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.directory = directory;
    }

    /** Whether this address is a patient's secure inbox on this node. */
    public boolean isPatientInbox(String address) {
        return directory.findAccount(address).map(Account::kind).filter(k -> k == AccountKind.PATIENT).isPresent();
    }

    /** A professional's message reached a patient's inbox; {@code ends}: it carried X-MSS-MES: FIN. */
    public void wrote(String professional, String patient, boolean ends, Instant at) {
        String from = Addresses.normalize(professional);
        String to = Addresses.normalize(patient);
        if (jdbc.update("UPDATE patient_conversation SET last_message_at = ?, closed = ? WHERE patient_address = ?"
            + " AND professional_address = ?", Timestamp.from(at), ends, to, from) == 0) {
            try {
                jdbc.update("INSERT INTO patient_conversation (patient_address, professional_address, last_message_at, closed)"
                    + " VALUES (?, ?, ?, ?)", to, from, Timestamp.from(at), ends);
            } catch (DuplicateKeyException raced) {
                wrote(professional, patient, ends, at);
            }
        }
    }

    /**
     * Why this patient may not write to this recipient, in one sentence; empty when they may (the address must still
     * pass the gate's other rules: a trusted operator, an open mailbox).
     */
    public Optional<SubmissionRefusal> refusal(String patient, String recipient) {
        String to = Addresses.normalize(recipient);
        if (isPatientInbox(to) || Addresses.domainOf(to).startsWith("patient.")) {
            return refused(SubmissionRefusal.Rule.PATIENT_TO_PATIENT,
                "A patient cannot write to another patient's secure inbox (<" + to + ">).");
        }
        Optional<Boolean> closed = jdbc.queryForList("SELECT closed FROM patient_conversation WHERE patient_address = ?"
            + " AND professional_address = ?", Boolean.class, Addresses.normalize(patient), to).stream().findFirst();
        if (closed.isEmpty()) {
            return refused(SubmissionRefusal.Rule.PATIENT_NOT_WRITTEN_TO, "You can only answer a health professional who has written to you, and <" + to
                + "> has not written to this inbox.");
        }
        if (closed.get()) {
            return refused(SubmissionRefusal.Rule.CONVERSATION_ENDED, "<" + to + "> ended the conversation in their last message (" + END_HEADER
                + ": FIN): it cannot be answered.");
        }
        return Optional.empty();
    }

    private static Optional<SubmissionRefusal> refused(SubmissionRefusal.Rule rule, String sentence) {
        return Optional.of(SubmissionRefusal.permanent(rule, "550", "5.7.1", sentence));
    }

    /** "FIN" in X-MSS-MES, whatever the case and spaces. */
    public static boolean endsConversation(String[] headerValues) {
        if (headerValues == null) {
            return false;
        }
        for (String value : headerValues) {
            if (value != null && value.strip().toUpperCase(Locale.ROOT).equals("FIN")) {
                return true;
            }
        }
        return false;
    }
}
