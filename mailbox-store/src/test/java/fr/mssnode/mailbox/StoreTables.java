package fr.mssnode.mailbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

import javax.sql.DataSource;

import fr.mssnode.directory.testing.TestDatabase;

/** A database with the store's tables (Flyway, as the node migrates at start), emptied between tests. */
final class StoreTables {
    private final TestDatabase database;

    private StoreTables(TestDatabase database) {
        this.database = database.migrated();
    }

    static StoreTables derby() {
        return new StoreTables(TestDatabase.derby());
    }

    static StoreTables postgres() {
        return new StoreTables(TestDatabase.postgres());
    }

    DataSource dataSource() {
        return database.dataSource();
    }

    JdbcMapperFactory mappers(Clock clock) {
        return new JdbcMapperFactory(dataSource(), clock, (mailbox, message) -> {
        });
    }

    void clear() {
        try (Connection connection = dataSource().getConnection(); Statement statement = connection.createStatement()) {
            for (String table : new String[] {"mailbox_message", "mailbox_annotation", "mailbox_subscription", "mailbox"}) {
                statement.executeUpdate("DELETE FROM " + table);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void close() {
        database.close();
    }
}
