package fr.mssnode.directory;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/** The patients this node knows: INS with its traits, secure inbox, declared treating doctor. */
public class Patients {
    private final JdbcTemplate jdbc;
    private final Directory directory;

    public Patients(DataSource dataSource, Directory directory) {
        this.jdbc = new JdbcTemplate(dataSource);
        this.directory = directory;
    }

    public Patient register(Patient patient) {
        requireText(patient.birthName(), "birth name", 100);
        requireText(patient.firstNames(), "first names", 200);
        if (patient.birthDate().isAfter(LocalDate.now())) {
            throw new DirectoryException("Birth date " + patient.birthDate() + " is in the future.");
        }
        if (!patient.sex().matches("[MFU]")) {
            throw new DirectoryException("Sex must be M, F or U (unknown), not '" + patient.sex() + "'.");
        }
        patient.treatingDoctor().ifPresent(this::requireActiveProfessional);
        patient.inboxAddress().ifPresent(address -> {
            if (!Addresses.isValid(address)) {
                throw new DirectoryException("'" + address + "' is not an e-mail address.");
            }
        });
        if (find(patient.ins().matricule()).isPresent()) {
            throw new DirectoryException("Patient " + patient.ins().matricule() + " is already registered.");
        }
        try {
            jdbc.update("INSERT INTO patient (ins, ins_oid, birth_name, first_names, used_name, birth_date, sex,"
                    + " inbox_address, treating_doctor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                patient.ins().matricule(), patient.oid().oid(), patient.birthName().trim(), patient.firstNames().trim(),
                patient.usedName().map(String::trim).orElse(null), Date.valueOf(patient.birthDate()), patient.sex(),
                patient.inboxAddress().map(Addresses::normalize).orElse(null), patient.treatingDoctor().orElse(null),
                Timestamp.from(Instant.now()));
        } catch (DuplicateKeyException raced) {
            throw new DirectoryException("Patient " + patient.ins().matricule() + " is already registered.");
        }
        DirectoryVersion.bump(jdbc);
        return find(patient.ins().matricule()).orElseThrow();
    }

    /** Declares (or, with an empty value, clears) the patient's treating doctor (médecin traitant). */
    public void setTreatingDoctor(String ins, Optional<String> nationalId) {
        nationalId.ifPresent(this::requireActiveProfessional);
        if (jdbc.update("UPDATE patient SET treating_doctor = ? WHERE ins = ?", nationalId.orElse(null),
            new Ins(ins).matricule()) == 0) {
            throw new DirectoryException("No patient " + ins + ".");
        }
        DirectoryVersion.bump(jdbc);
    }

    public Optional<Patient> find(String ins) {
        return jdbc.query("SELECT ins, ins_oid, birth_name, first_names, used_name, birth_date, sex, inbox_address,"
            + " treating_doctor FROM patient WHERE ins = ?", Patients::patient, new Ins(ins).matricule()).stream().findFirst();
    }

    /** The INS of the patients who declared this professional as their treating doctor. */
    public java.util.List<String> treatedBy(String nationalId) {
        return jdbc.queryForList("SELECT ins FROM patient WHERE treating_doctor = ?", String.class, nationalId.trim());
    }

    private void requireActiveProfessional(String nationalId) {
        Professional professional = directory.professional(nationalId).orElseThrow(() -> new DirectoryException(
            "No professional " + nationalId + " in the directory (national id: 8 + RPPS, or 0 + ADELI)."));
        if (!professional.active()) {
            throw new DirectoryException(professional.displayName() + " (" + nationalId + ") is no longer an active professional.");
        }
    }

    private static void requireText(String value, String what, int max) {
        if (value == null || value.isBlank()) {
            throw new DirectoryException("The patient's " + what + " are required.".replace("name are", "name is"));
        }
        if (value.trim().length() > max) {
            throw new DirectoryException("The patient's " + what + " is too long (" + max + " characters at most).");
        }
    }

    private static Patient patient(ResultSet rs, int row) throws SQLException {
        return new Patient(new Ins(rs.getString(1)), InsOid.parse(rs.getString(2)), rs.getString(3), rs.getString(4),
            Optional.ofNullable(rs.getString(5)), rs.getDate(6).toLocalDate(), rs.getString(7),
            Optional.ofNullable(rs.getString(8)), Optional.ofNullable(rs.getString(9)));
    }
}
