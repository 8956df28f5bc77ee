package fr.mssnode.mail.backup;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * PostgreSQL: {@code pg_dump} of the node's schema in the custom format (one consistent snapshot, taken while the
 * node runs) and {@code pg_restore} in one transaction. The tools come with PostgreSQL's client package
 * ({@code postgresql-client}); their major version must be at least the server's. The connection is given to
 * them in libpq's environment variables, so the password is never on a command line.
 */
final class PostgresDump implements DatabaseDump {
    static final String FILE = "postgresql.dump";
    private static final Pattern SCHEMA_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final String jdbcUrl;
    private final String user;
    private final String password;
    private final String schema;
    private final String binaries;

    /**
     * @param binaries folder of pg_dump and pg_restore, or empty to find them on the PATH
     */
    PostgresDump(String jdbcUrl, String user, String password, String schema, String binaries) {
        this.jdbcUrl = jdbcUrl;
        this.password = password;
        this.binaries = binaries;
        Map<String, String> parameters = parameters(jdbcUrl);
        this.user = !user.isBlank() ? user : parameters.getOrDefault("user", System.getProperty("user.name"));
        String named = !schema.isBlank() ? schema : parameters.getOrDefault("currentSchema", "public");
        if (!SCHEMA_NAME.matcher(named).matches()) {
            throw new IllegalArgumentException("Unsupported schema name for a backup: " + named);
        }
        this.schema = named;
    }

    @Override
    public String vendor() {
        return "postgresql";
    }

    @Override
    public void dumpTo(Path folder) throws IOException, BackupException {
        run(List.of(tool("pg_dump"), "--format=custom", "--schema=" + schema, "--no-owner", "--no-privileges",
            "--file=" + folder.resolve(FILE)), "pg_dump");
    }

    @Override
    public String whyNotEmpty() throws SQLException {
        try (Connection connection = connect();
             PreparedStatement tables = connection.prepareStatement(
                 "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?")) {
            tables.setString(1, schema);
            try (ResultSet count = tables.executeQuery()) {
                count.next();
                long held = count.getLong(1);
                return held == 0 ? null : "schema " + schema + " of " + database() + " already holds " + held
                    + " tables: restore into an empty schema (or a new database)";
            }
        }
    }

    @Override
    public void restoreFrom(Path folder) throws IOException, SQLException, BackupException {
        Path dump = folder.resolve(FILE);
        if (!Files.isRegularFile(dump)) {
            throw new BackupException("The backup holds no PostgreSQL dump (" + dump + ")");
        }
        try (Connection connection = connect(); Statement create = connection.createStatement()) {
            create.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
        }
        // The schema exists now (public always does): restore everything in it but the schema itself.
        String contents = run(List.of(tool("pg_restore"), "--list", dump.toString()), "pg_restore");
        List<String> kept = new ArrayList<>();
        for (String line : contents.split("\n")) {
            boolean schemaItself = line.matches("^\\d+; \\d+ \\d+ SCHEMA - " + schema + " .*")
                || line.matches("^\\d+; \\d+ \\d+ COMMENT - SCHEMA " + schema + " .*");
            kept.add(schemaItself ? ";" + line : line);
        }
        Path list = Files.createTempFile("restore", ".list");
        try {
            Files.write(list, kept);
            run(List.of(tool("pg_restore"), "--no-owner", "--no-privileges", "--exit-on-error", "--single-transaction",
                "--use-list=" + list, "--dbname=" + database(), dump.toString()), "pg_restore");
        } finally {
            Files.deleteIfExists(list);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user, password);
    }

    private String tool(String name) {
        return binaries.isBlank() ? name : Path.of(binaries, name).toString();
    }

    private String database() {
        String path = URI.create(jdbcUrl.substring("jdbc:".length())).getPath();
        return path == null || path.length() <= 1 ? user : path.substring(1);
    }

    /** Runs a PostgreSQL client tool with the connection in its environment; its standard output. */
    private String run(List<String> command, String name) throws IOException, BackupException {
        URI server = URI.create(jdbcUrl.substring("jdbc:".length()));
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> environment = builder.environment();
        environment.put("PGHOST", server.getHost() == null ? "localhost" : server.getHost());
        environment.put("PGPORT", String.valueOf(server.getPort() < 0 ? 5432 : server.getPort()));
        environment.put("PGDATABASE", database());
        environment.put("PGUSER", user);
        String sslMode = parameters(jdbcUrl).get("sslmode");
        if (sslMode != null) {
            environment.put("PGSSLMODE", sslMode);
        }
        if (!password.isBlank()) {
            environment.put("PGPASSWORD", password);
        }
        Path errors = Files.createTempFile(name, ".err");
        Path output = Files.createTempFile(name, ".out");
        try {
            Process process;
            try {
                process = builder.redirectError(errors.toFile()).redirectOutput(output.toFile()).start();
            } catch (IOException notFound) {
                throw new BackupException(name + " was not found (" + notFound.getMessage() + "). A backup on PostgreSQL "
                    + "needs PostgreSQL's client tools, at least the server's version (Debian: apt-get install "
                    + "postgresql-client), on the PATH or in node.backup.postgresql-tools");
            }
            try {
                if (!process.waitFor(6, TimeUnit.HOURS)) {
                    process.destroyForcibly();
                    throw new BackupException(name + " did not finish within 6 hours");
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new BackupException(name + " was interrupted");
            }
            if (process.exitValue() != 0) {
                throw new BackupException(name + " failed (exit " + process.exitValue() + "): "
                    + Files.readString(errors, StandardCharsets.UTF_8).strip());
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(errors);
            Files.deleteIfExists(output);
        }
    }

    private static Map<String, String> parameters(String jdbcUrl) {
        Map<String, String> parameters = new HashMap<>();
        int query = jdbcUrl.indexOf('?');
        if (query < 0) {
            return parameters;
        }
        for (String pair : jdbcUrl.substring(query + 1).split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                parameters.put(pair.substring(0, equals), URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return parameters;
    }
}
