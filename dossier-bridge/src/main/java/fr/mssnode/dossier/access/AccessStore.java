package fr.mssnode.dossier.access;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The patient's choices and the emergency accesses, in the database: professionals blocked or authorised,
 * opposition to emergency access, break-the-glass grants, and who has already opened each dossier.
 */
public class AccessStore {
    /** Beyond this many, the memory of who has already opened which dossier starts again (it only saves queries). */
    private static final int REMEMBERED_MAX = 200_000;

    /** A professional the patient blocked or authorised. */
    public enum Relation { BLOCKED, AUTHORISED }

    public record ProfessionalChoice(String nationalId, Relation relation, Instant since) {
    }

    /** An emergency access granted: who, why, from when until when. */
    public record EmergencyAccess(long id, String ins, String nationalId, String address, String reason, Instant openedAt,
                                  Instant expiresAt) {
    }

    private final JdbcTemplate jdbc;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    public AccessStore(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    public Optional<Relation> relation(String ins, String nationalId) {
        return jdbc.queryForList("SELECT relation FROM dossier_professional WHERE ins = ? AND national_id = ?", String.class,
            ins, nationalId).stream().findFirst().map(Relation::valueOf);
    }

    /** The dossiers where this professional has this relation. */
    public Set<String> dossiersWhere(String nationalId, Relation relation) {
        return new HashSet<>(jdbc.queryForList("SELECT ins FROM dossier_professional WHERE national_id = ? AND relation = ?",
            String.class, nationalId, relation.name()));
    }

    public List<ProfessionalChoice> choices(String ins) {
        return jdbc.query("SELECT national_id, relation, since FROM dossier_professional WHERE ins = ? ORDER BY since, national_id",
            (rs, row) -> new ProfessionalChoice(rs.getString(1), Relation.valueOf(rs.getString(2)),
                rs.getTimestamp(3).toInstant()), ins);
    }

    /** Sets the relation (blocking an authorised professional withdraws the authorisation); false if it was already so. */
    public boolean choose(String ins, String nationalId, Relation relation, Instant at) {
        Optional<Relation> current = relation(ins, nationalId);
        if (current.equals(Optional.of(relation))) {
            return false;
        }
        if (current.isPresent()) {
            jdbc.update("UPDATE dossier_professional SET relation = ?, since = ? WHERE ins = ? AND national_id = ?",
                relation.name(), Timestamp.from(at), ins, nationalId);
        } else {
            try {
                jdbc.update("INSERT INTO dossier_professional (ins, national_id, relation, since) VALUES (?, ?, ?, ?)",
                    ins, nationalId, relation.name(), Timestamp.from(at));
            } catch (DuplicateKeyException raced) {
                return choose(ins, nationalId, relation, at);
            }
        }
        return true;
    }

    /** Withdraws the relation; false if the professional did not have it. */
    public boolean withdraw(String ins, String nationalId, Relation relation) {
        return jdbc.update("DELETE FROM dossier_professional WHERE ins = ? AND national_id = ? AND relation = ?", ins, nationalId,
            relation.name()) == 1;
    }

    public boolean emergencyAccessOpposed(String ins) {
        return jdbc.queryForList("SELECT emergency_access_opposed FROM dossier_privacy WHERE ins = ?", Boolean.class, ins)
            .stream().findFirst().orElse(false);
    }

    /** Records the patient's choice on emergency access; false if it was already so. */
    public boolean setEmergencyAccessOpposed(String ins, boolean opposed, Instant at) {
        if (emergencyAccessOpposed(ins) == opposed) {
            return false;
        }
        if (jdbc.update("UPDATE dossier_privacy SET emergency_access_opposed = ?, updated_at = ? WHERE ins = ?", opposed,
            Timestamp.from(at), ins) == 0) {
            try {
                jdbc.update("INSERT INTO dossier_privacy (ins, emergency_access_opposed, updated_at) VALUES (?, ?, ?)", ins,
                    opposed, Timestamp.from(at));
            } catch (DuplicateKeyException raced) {
                return setEmergencyAccessOpposed(ins, opposed, at);
            }
        }
        return true;
    }

    /** The end of this professional's latest emergency access to this dossier. */
    public Optional<Instant> latestEmergencyAccessEnd(String ins, String nationalId) {
        return jdbc.queryForList("SELECT MAX(expires_at) FROM dossier_break_glass WHERE ins = ? AND national_id = ?",
            Timestamp.class, ins, nationalId).stream().filter(java.util.Objects::nonNull).findFirst().map(Timestamp::toInstant);
    }

    /** The dossiers this professional has an emergency access to now. */
    public Set<String> openEmergencyAccesses(String nationalId, Instant now) {
        return new HashSet<>(jdbc.queryForList("SELECT ins FROM dossier_break_glass WHERE national_id = ? AND expires_at > ?",
            String.class, nationalId, Timestamp.from(now)));
    }

    public EmergencyAccess openEmergencyAccess(String ins, String nationalId, String address, String reason, Instant openedAt,
                                               Instant expiresAt) {
        jdbc.update("INSERT INTO dossier_break_glass (ins, national_id, address, reason, opened_at, expires_at)"
                + " VALUES (?, ?, ?, ?, ?, ?)", ins, nationalId, address, reason.length() > 1000 ? reason.substring(0, 1000) : reason,
            Timestamp.from(openedAt), Timestamp.from(expiresAt));
        return jdbc.query("SELECT id, ins, national_id, address, reason, opened_at, expires_at FROM dossier_break_glass"
                + " WHERE ins = ? AND national_id = ? ORDER BY id DESC FETCH FIRST 1 ROWS ONLY",
            (rs, row) -> new EmergencyAccess(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getTimestamp(6).toInstant(), rs.getTimestamp(7).toInstant()), ins, nationalId).get(0);
    }

    /**
     * Records that this viewer opened this dossier; true the first time ever (the patient is told of a professional
     * not seen before).
     */
    public boolean firstTimeSeen(String ins, String viewer, Instant at) {
        String key = ins + " " + viewer;
        if (seen.contains(key)) {
            return false;
        }
        boolean first;
        try {
            // One statement: a row added is the first time; none added, seen before.
            first = jdbc.update("INSERT INTO dossier_seen (ins, viewer, first_at) SELECT ins, CAST(? AS VARCHAR(260)),"
                + " CAST(? AS TIMESTAMP) FROM dossier WHERE ins = ? AND NOT EXISTS (SELECT 1 FROM dossier_seen WHERE ins = ?"
                + " AND viewer = ?)", viewer, Timestamp.from(at), ins, ins, viewer) == 1;
        } catch (DuplicateKeyException raced) {
            first = false; // the same viewer at the same moment, from another request
        }
        if (seen.size() >= REMEMBERED_MAX) {
            seen.clear();
        }
        seen.add(key);
        return first;
    }
}
