package fr.mssnode.dossier.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import fr.mssnode.dossier.store.Readers;

/**
 * Who is asking, as the access rules see them: a patient (with their INS), a professional (with their national
 * id, and whether the directory lists them as active), or an organisation mailbox (a secretariat: no national id).
 */
public record Viewer(Kind kind, String address, Optional<String> nationalId, String name, boolean activeProfessional,
                     Optional<String> patientIns) {

    public enum Kind {
        PATIENT, PROFESSIONAL, ORGANISATION;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean isPatient() {
        return kind == Kind.PATIENT;
    }

    /** How the care relationship names this viewer (see {@link Readers}): their mailbox, and their national id. */
    public List<String> readers() {
        List<String> readers = new ArrayList<>();
        readers.add(Readers.mailbox(address));
        nationalId.ifPresent(id -> readers.add(Readers.professional(id)));
        return List.copyOf(readers);
    }

    /** Who they are for the patient's "seen before" record: the professional, else the mailbox. */
    String identity() {
        return nationalId.map(Readers::professional).orElse(Readers.mailbox(address));
    }

    public boolean wrote(Optional<String> authorId) {
        return nationalId.isPresent() && authorId.equals(nationalId);
    }
}
