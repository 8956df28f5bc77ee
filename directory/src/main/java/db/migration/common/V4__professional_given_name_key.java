package db.migration.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import fr.mssnode.directory.Names;

/**
 * Adds the accent- and case-free key of a professional's given names, so the directory API can search by given
 * name on an index (and drops indexes and a constraint that cost imports more than they served). A Java migration because the key (accent folding) cannot be computed in portable SQL:
 * professionals already imported get theirs here.
 */
public class V4__professional_given_name_key extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection connection = context.getConnection();
        try (Statement ddl = connection.createStatement()) {
            ddl.execute("ALTER TABLE professional ADD COLUMN search_given VARCHAR(100)");
            ddl.execute("CREATE INDEX ix_professional_search_given ON professional (search_given)");
            // No query reads seen_run through an index (deactivation tests seen_run <> run), and an indexed
            // seen_run made every "unchanged" row of a re-import a non-HOT update on PostgreSQL.
            ddl.execute("DROP INDEX ix_professional_seen_run");
            ddl.execute("DROP INDEX ix_mss_mailbox_seen_run");
            // The importer is the only writer of activities and never deletes a professional; checking the key of
            // each of two million activity rows against professional was a fifth of a national import.
            ddl.execute("ALTER TABLE activity DROP CONSTRAINT fk_activity_professional");
            // Half the directory shares a handful of profession codes: searches go through the name order instead.
            ddl.execute("DROP INDEX ix_professional_profession");
        }
        try (Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT national_id, first_name FROM professional WHERE first_name IS NOT NULL");
             PreparedStatement update = connection.prepareStatement(
                 "UPDATE professional SET search_given = ? WHERE national_id = ?")) {
            int pending = 0;
            while (rows.next()) {
                update.setString(1, Names.givenKey(rows.getString(2)));
                update.setString(2, rows.getString(1));
                update.addBatch();
                if (++pending == 1000) {
                    update.executeBatch();
                    pending = 0;
                }
            }
            update.executeBatch();
        }
    }
}
