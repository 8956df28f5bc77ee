package fr.mssnode.dossier.inbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.mssnode.dossier.access.PatientRelease;
import fr.mssnode.dossier.store.DossierStore;
import fr.mssnode.dossier.store.DossierStore.StoredDocument;

/**
 * The copies of filed documents for the patient's secure inbox: one per document version, whatever the number of
 * recipients or of times the letter is sent again. A document visible to the patient goes at once; one that is not
 * yet (INVISIBLE_PATIENT) is held, the patient is told at two weeks that a document is waiting, and the copy goes
 * when its author releases it or at one month.
 *
 * <p>A copy is claimed before it is sent (state SENDING) and marked SENT after: a copy whose sending was cut short
 * by a crash is sent again when the message carrying the document is delivered again by the spool.
 */
public class PatientCopies {
    private static final Logger LOG = LoggerFactory.getLogger(PatientCopies.class);

    /** A document just filed in the dossier of this patient. */
    public record Filed(long documentId, String ins) {
    }

    /** A letter to send, and the document it is the copy of (or the reminder for). */
    public record Outgoing(long documentId, Letter letter, boolean reminder) {
    }

    private final JdbcTemplate jdbc;
    private final DossierStore store;
    private final PatientNotices notices;
    private final PatientRelease release;

    public PatientCopies(DataSource dataSource, DossierStore store, PatientNotices notices, PatientRelease release) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.store = store;
        this.notices = notices;
        this.release = release;
    }

    /**
     * The copies to send for documents just filed (ids), for patients with a secure inbox here; documents not yet
     * visible to the patient are held. {@code delivery} names the message's delivery (the spool's mail name): the same
     * delivery coming again after a crash sends again a copy it had claimed. The caller sends each letter, then
     * calls {@link #sent}.
     */
    public List<Outgoing> forFiled(List<Filed> filed, String delivery, Instant now) {
        List<Outgoing> outgoing = new ArrayList<>();
        for (Filed one : filed) {
            if (notices.inboxOf(one.ins()).isEmpty()) {
                continue; // most patients have no secure inbox here: nothing more to ask the database
            }
            long id = one.documentId();
            Optional<StoredDocument> document = store.document(id);
            if (document.isEmpty()) {
                continue;
            }
            StoredDocument d = document.get();
            Optional<String[]> state = state(id); // state, claimed by
            if (state.isPresent() && !(state.get()[0].equals("SENDING") && delivery.equals(state.get()[1]))) {
                continue; // sent already, held, or being sent by another delivery
            }
            if (release.visibleToPatient(d, now)) {
                if (state.isEmpty() && !claim(d, "SENDING", delivery, now)) {
                    continue; // another delivery of the same document claimed it at the same moment
                }
                copyOf(d).ifPresent(outgoing::add);
            } else if (state.isEmpty()) {
                claim(d, "HELD", delivery, now);
            }
        }
        return outgoing;
    }

    public void sent(Outgoing outgoing, Instant at) {
        if (outgoing.reminder()) {
            jdbc.update("UPDATE patient_copy SET reminded_at = ?, updated_at = ? WHERE document_id = ?", Timestamp.from(at),
                Timestamp.from(at), outgoing.documentId());
        } else {
            jdbc.update("UPDATE patient_copy SET state = 'SENT', updated_at = ? WHERE document_id = ?", Timestamp.from(at),
                outgoing.documentId());
        }
    }

    /**
     * What is due now among held copies: reminders at two weeks, copies released by their author or at one month.
     * Each is claimed here (one node sends it even if two look at once); the caller sends, then calls {@link #sent}.
     */
    public List<Outgoing> due(Instant now) {
        List<Outgoing> outgoing = new ArrayList<>();
        Timestamp at = Timestamp.from(now);
        List<Long> released = jdbc.queryForList("SELECT c.document_id FROM patient_copy c JOIN dossier_document d"
            + " ON d.id = c.document_id WHERE c.state = 'HELD' AND (c.release_due_at <= ? OR d.released_at IS NOT NULL)",
            Long.class, at);
        for (long id : released) {
            if (jdbc.update("UPDATE patient_copy SET state = 'SENDING', claimed_by = 'release', updated_at = ?"
                + " WHERE document_id = ? AND state = 'HELD'", at, id) == 1) {
                copyOf(id).ifPresent(outgoing::add);
            }
        }
        // A sending cut short by a crash, long enough ago that no one is still at it.
        List<Long> stuck = jdbc.queryForList("SELECT document_id FROM patient_copy WHERE state = 'SENDING' AND updated_at < ?",
            Long.class, Timestamp.from(now.minusSeconds(600)));
        for (long id : stuck) {
            if (jdbc.update("UPDATE patient_copy SET updated_at = ? WHERE document_id = ? AND state = 'SENDING' AND updated_at < ?",
                at, id, Timestamp.from(now.minusSeconds(600))) == 1) {
                copyOf(id).ifPresent(outgoing::add);
            }
        }
        List<Long> reminders = jdbc.queryForList("SELECT document_id FROM patient_copy WHERE state = 'HELD'"
            + " AND reminded_at IS NULL AND reminder_due_at <= ?", Long.class, at);
        for (long id : reminders) {
            if (jdbc.update("UPDATE patient_copy SET reminded_at = ? WHERE document_id = ? AND reminded_at IS NULL", at, id) == 1) {
                store.document(id).flatMap(d -> notices.documentWaiting(d, release.releaseDue(d.filedAt())))
                    .ifPresent(letter -> outgoing.add(new Outgoing(id, letter, true)));
            }
        }
        return outgoing;
    }

    private Optional<Outgoing> copyOf(long documentId) {
        return store.document(documentId).flatMap(this::copyOf);
    }

    private Optional<Outgoing> copyOf(StoredDocument document) {
        return notices.copy(document, store.content(document.id())).map(letter -> new Outgoing(document.id(), letter, false));
    }

    private Optional<String[]> state(long documentId) {
        return jdbc.query("SELECT state, claimed_by FROM patient_copy WHERE document_id = ?",
            (rs, row) -> new String[] {rs.getString(1), rs.getString(2)}, documentId).stream().findFirst();
    }

    private boolean claim(StoredDocument document, String state, String delivery, Instant now) {
        try {
            jdbc.update("INSERT INTO patient_copy (document_id, ins, state, claimed_by, reminder_due_at, release_due_at,"
                    + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", document.id(), document.ins(), state,
                delivery.length() > 300 ? delivery.substring(0, 300) : delivery,
                state.equals("HELD") ? Timestamp.from(release.reminderDue(document.filedAt())) : null,
                state.equals("HELD") ? Timestamp.from(release.releaseDue(document.filedAt())) : null, Timestamp.from(now));
            if (state.equals("HELD")) {
                LOG.info("Copy of document {} held for the patient until {} (not yet visible to them)", document.id(),
                    release.releaseDue(document.filedAt()));
            }
            return true;
        } catch (DuplicateKeyException raced) {
            return false;
        }
    }
}
