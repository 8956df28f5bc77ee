package fr.mssnode.directory.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * A real database for a test: embedded Derby in a temporary folder, or a throw-away schema in the
 * PostgreSQL that answers on 127.0.0.1:5432 (database test, user postgres, trust auth).
 */
public final class TestDatabase implements AutoCloseable {
    public enum Vendor { DERBY, POSTGRESQL }

    public static final String POSTGRES_URL = System.getProperty("test.postgres.url",
        System.getenv().getOrDefault("TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test"));
    public static final String POSTGRES_USER = System.getProperty("test.postgres.user",
        System.getenv().getOrDefault("TEST_POSTGRES_USER", "postgres"));
    private static Boolean postgresAnswers;

    private final Vendor vendor;
    private final String url;
    private final String schema;
    private HikariDataSource dataSource;

    private TestDatabase(Vendor vendor, String url, String schema) {
        this.vendor = vendor;
        this.url = url;
        this.schema = schema;
    }

    public static TestDatabase derby(Path folder) {
        return new TestDatabase(Vendor.DERBY, "jdbc:derby:" + folder.resolve("db").toAbsolutePath() + ";create=true", "APP");
    }

    public static TestDatabase derby() {
        try {
            return derby(Files.createTempDirectory("derby-test"));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh schema in the local PostgreSQL; call only when {@link #postgresAvailable()}. */
    public static TestDatabase postgres() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create a test schema in " + POSTGRES_URL, e);
        }
        String separator = POSTGRES_URL.contains("?") ? "&" : "?";
        return new TestDatabase(Vendor.POSTGRESQL, POSTGRES_URL + separator + "currentSchema=" + schema, schema);
    }

    /** Whether PostgreSQL answers; says loudly (once) that the PostgreSQL tests are skipped when it does not. */
    public static synchronized boolean postgresAvailable() {
        if (postgresAnswers == null) {
            postgresAnswers = probePostgres();
            if (!postgresAnswers) {
                System.err.println("\n**********************************************************************\n"
                    + "* PostgreSQL does not answer at " + POSTGRES_URL + " (user " + POSTGRES_USER + ").\n"
                    + "* ALL POSTGRESQL TESTS ARE SKIPPED; only the Derby runs count.\n"
                    + "**********************************************************************\n");
            }
        }
        return postgresAnswers;
    }

    public static String skippedMessage() {
        return "PostgreSQL SKIPPED: nothing answers at " + POSTGRES_URL;
    }

    private static boolean probePostgres() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 2000);
        } catch (IOException e) {
            return false;
        }
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "")) {
            return connection.isValid(2);
        } catch (SQLException e) {
            return false;
        }
    }

    public Vendor vendor() {
        return vendor;
    }

    public String url() {
        return url;
    }

    public String user() {
        return vendor == Vendor.POSTGRESQL ? POSTGRES_USER : "";
    }

    public String schema() {
        return schema;
    }

    public String vendorName() {
        return vendor.name().toLowerCase(Locale.ROOT);
    }

    public synchronized DataSource dataSource() {
        if (dataSource == null) {
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(url);
            config.setUsername(user());
            config.setMaximumPoolSize(4);
            dataSource = new HikariDataSource(config);
        }
        return dataSource;
    }

    /** Creates our own tables, as the application does at start. */
    public TestDatabase migrated() {
        Flyway.configure()
            .dataSource(dataSource())
            .locations("classpath:db/migration/common", "classpath:db/migration/" + vendorName())
            .load()
            .migrate();
        return this;
    }

    @Override
    public void close() {
        if (dataSource != null) {
            dataSource.close();
        }
        if (vendor == Vendor.POSTGRESQL) {
            try (Connection connection = DriverManager.getConnection(POSTGRES_URL, POSTGRES_USER, "");
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            } catch (SQLException e) {
                System.err.println("Could not drop test schema " + schema + ": " + e.getMessage());
            }
        }
    }
}
