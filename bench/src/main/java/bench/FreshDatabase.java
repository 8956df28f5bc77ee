package bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * An empty database for one benchmark, migrated with the node's own Flyway scripts (every module on the class
 * path): schema {@code bench_<name>} of the local PostgreSQL ({@code BENCH_POSTGRES_URL} to change it), dropped
 * and created again, or an embedded Derby in {@code <work>/derby-<name>}, deleted first.
 */
final class FreshDatabase {
    static final String POSTGRES_URL = System.getenv().getOrDefault("BENCH_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/test");

    private FreshDatabase() {
    }

    /** {@code vendor} is {@code derby} or {@code postgres}. */
    static HikariDataSource create(String vendor, Path work, String name, int poolSize) throws SQLException, IOException {
        HikariConfig config = new HikariConfig();
        config.setMaximumPoolSize(poolSize);
        String location;
        if (vendor.equals("postgres")) {
            String schema = "bench_" + name;
            try (Connection connection = DriverManager.getConnection(POSTGRES_URL, "postgres", "");
                 Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
                statement.execute("CREATE SCHEMA " + schema);
            }
            config.setJdbcUrl(POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema
                + "&reWriteBatchedInserts=true");
            config.setUsername("postgres");
            // Session settings to try (e.g. "-c plan_cache_mode=force_custom_plan"); the node sets none.
            Optional.ofNullable(System.getenv("BENCH_PG_OPTIONS")).ifPresent(o -> config.addDataSourceProperty("options", o));
            location = "postgresql";
        } else if (vendor.equals("derby")) {
            Path db = work.resolve("derby-" + name);
            deleteTree(db);
            config.setJdbcUrl("jdbc:derby:" + db.toAbsolutePath() + ";create=true");
            location = "derby";
        } else {
            throw new IllegalArgumentException("database must be derby or postgres, not " + vendor);
        }
        HikariDataSource dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource)
            .locations("classpath:db/migration/common", "classpath:db/migration/" + location)
            .load().migrate();
        return dataSource;
    }

    /** Drops the PostgreSQL schema of a benchmark database made by {@link #create}. */
    static void drop(String name) throws SQLException {
        try (Connection connection = DriverManager.getConnection(POSTGRES_URL, "postgres", "");
             Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS bench_" + name + " CASCADE");
        }
    }

    /** Deletes a folder and everything in it, if it exists. */
    static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
