package fr.mssnode.mail.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import javax.sql.DataSource;

/**
 * Embedded Derby: {@code SYSCS_UTIL.SYSCS_BACKUP_DATABASE}, Derby's online backup (transactions go on while it
 * copies; the copy is the database as of one instant), put back with the {@code createFrom} connection attribute.
 */
final class DerbyDump implements DatabaseDump {
    private final DataSource source;
    private final Path database;

    /**
     * @param source   connections to the running database (for a backup); may be null for a restore
     * @param database the database's folder ({@code var/db} by default)
     */
    DerbyDump(DataSource source, Path database) {
        this.source = source;
        this.database = database;
    }

    /** The folder of an embedded Derby URL ({@code jdbc:derby:/path/db;create=true}). */
    static Path folderOf(String jdbcUrl) {
        String rest = jdbcUrl.substring("jdbc:derby:".length());
        int attributes = rest.indexOf(';');
        String path = attributes < 0 ? rest : rest.substring(0, attributes);
        if (path.startsWith("directory:")) {
            path = path.substring("directory:".length());
        }
        return Path.of(path).toAbsolutePath().normalize();
    }

    @Override
    public String vendor() {
        return "derby";
    }

    @Override
    public void dumpTo(Path folder) throws SQLException {
        try (Connection connection = source.getConnection();
             CallableStatement backup = connection.prepareCall("CALL SYSCS_UTIL.SYSCS_BACKUP_DATABASE(?)")) {
            backup.setString(1, folder.toAbsolutePath().toString());
            backup.execute();
        }
    }

    @Override
    public String whyNotEmpty() {
        if (Files.exists(database)) {
            return "a database is already there (" + database + "): restore onto a node folder without one";
        }
        return null;
    }

    @Override
    public void restoreFrom(Path folder) throws IOException, SQLException, BackupException {
        Path copy = folder.resolve(database.getFileName().toString());
        if (!Files.isDirectory(copy)) {
            try (var entries = Files.list(folder)) {
                copy = entries.filter(Files::isDirectory).findFirst()
                    .orElseThrow(() -> new BackupException("The backup holds no Derby database under " + folder));
            }
        }
        Files.createDirectories(database.getParent());
        try (Connection restored = DriverManager.getConnection("jdbc:derby:" + database + ";createFrom=" + copy)) {
            restored.setAutoCommit(true);
        }
        try {
            DriverManager.getConnection("jdbc:derby:" + database + ";shutdown=true").close();
        } catch (SQLException shutDown) {
            // Derby answers a database shut down with SQLState 08006.
            if (!"08006".equals(shutDown.getSQLState())) {
                throw shutDown;
            }
        }
    }
}
