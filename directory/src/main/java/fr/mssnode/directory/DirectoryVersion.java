package fr.mssnode.directory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A counter bumped by every change to the directory (import or admin command). Caches compare it to drop what
 * they hold: the database row is seen by every process (admin commands run in their own), the in-memory counter
 * tells this process at once.
 */
public final class DirectoryVersion {
    private static final AtomicLong LOCAL_CHANGES = new AtomicLong();

    private DirectoryVersion() {
    }

    /** Inside the caller's transaction. */
    public static void bump(Connection connection) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
            "UPDATE directory_version SET version = version + 1 WHERE id = 1")) {
            update.executeUpdate();
        }
        LOCAL_CHANGES.incrementAndGet();
    }

    public static void bump(JdbcTemplate jdbc) {
        jdbc.update("UPDATE directory_version SET version = version + 1 WHERE id = 1");
        LOCAL_CHANGES.incrementAndGet();
    }

    static long stored(JdbcTemplate jdbc) {
        Long version = jdbc.queryForObject("SELECT version FROM directory_version WHERE id = 1", Long.class);
        return version == null ? 0 : version;
    }

    static long localChanges() {
        return LOCAL_CHANGES.get();
    }
}
