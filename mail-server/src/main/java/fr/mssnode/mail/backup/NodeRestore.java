package fr.mssnode.mail.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import fr.mssnode.mail.NodeProperties;

/**
 * {@code restore --from DIR} on a fresh machine: checks the backup whole (every file against its digest) and the
 * target empty (no database, no keys) before it writes anything; loads the database, puts the keys and
 * certificates back, and removes any index so that the node rebuilds its mailbox search and dossier indexes from
 * the database at its first start.
 */
public final class NodeRestore {
    /** Index folders and markers a restored node must not trust. */
    private static final List<String> INDEXES = List.of("dossier-index", "mailbox-search", "mailbox-search.clean",
        "mailbox-index", "mailbox-index.clean");

    private final NodeProperties node;
    private final Map<String, String> settings;

    public NodeRestore(NodeProperties node, Map<String, String> settings) {
        this.node = node;
        this.settings = settings;
    }

    public BackupManifest restoreFrom(Path folder, PrintStream out) throws BackupException {
        Path backup = folder.toAbsolutePath().normalize();
        BackupManifest manifest = checked(backup);
        Path var = node.varPath();
        DatabaseDump dump = NodeBackup.dumpFor(node, null);
        if (!dump.vendor().equals(manifest.database())) {
            throw new BackupException("This backup is of a " + manifest.database() + " database and the node is "
                + "configured for " + dump.vendor() + ": restore onto the same kind of database");
        }
        if (!manifest.domain().equals(node.getDomain())) {
            throw new BackupException("This backup is of the node of " + manifest.domain() + " and this configuration "
                + "says node.domain=" + node.getDomain() + ": set --node.domain=" + manifest.domain());
        }
        try {
            String occupied = dump.whyNotEmpty();
            if (occupied != null) {
                throw new BackupException("Nothing was restored: " + occupied + ".");
            }
            for (String name : NodeBackup.VAR_FOLDERS) {
                if (Files.isDirectory(var.resolve(name)) && !isEmpty(var.resolve(name))) {
                    throw new BackupException("Nothing was restored: " + var.resolve(name) + " already holds files; "
                        + "restore onto a node folder (node.var-dir) without keys.");
                }
            }
            for (BackupManifest.BackedUpFile file : manifest.files()) {
                Path origin = originOf(file, var);
                if (origin != null && !file.origin().startsWith("var:") && Files.exists(origin)
                    && !NodeBackup.sha256(origin).equals(file.sha256())) {
                    throw new BackupException("Nothing was restored: " + origin + " exists and differs from the "
                        + "backed-up one; move it away or configure another path.");
                }
            }

            dump.restoreFrom(backup.resolve("database"));
            for (BackupManifest.BackedUpFile file : manifest.files()) {
                Path origin = originOf(file, var);
                if (origin != null && !Files.exists(origin)) {
                    Files.createDirectories(origin.getParent());
                    Files.copy(backup.resolve(file.path()), origin, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
            for (String index : INDEXES) {
                Path stale = var.resolve(index);
                if (Files.isDirectory(stale)) {
                    NodeBackup.deleteTree(stale, false);
                } else {
                    Files.deleteIfExists(stale);
                }
            }
            Map<String, Long> restored = countRestored(dump);
            out.println("Restored the backup of " + manifest.createdAt() + " (" + manifest.database() + ", schema version "
                + manifest.schemaVersion() + "): " + NodeCounts.describe(restored) + ".");
            if (!restored.equals(manifest.counts())) {
                out.println("  When the backup began the node held " + NodeCounts.describe(manifest.counts())
                    + " (it was in use while the snapshot was taken).");
            }
            out.println("  Keys and certificates are back in " + var + "; the mailbox search and dossier indexes are "
                + "rebuilt from the database when the node starts.");
            for (String difference : settingsDifferences(manifest)) {
                out.println("  " + difference);
            }
            return manifest;
        } catch (IOException | SQLException e) {
            throw new BackupException("The restore failed: " + e.getMessage(), e);
        }
    }

    /** The manifest, once every file it lists is in the folder with its digest and nothing points outside it. */
    private static BackupManifest checked(Path backup) throws BackupException {
        Path manifestFile = backup.resolve(BackupManifest.FILE_NAME);
        if (!Files.isRegularFile(manifestFile)) {
            throw new BackupException(backup + " is not a backup: it has no " + BackupManifest.FILE_NAME
                + " (a backup that did not finish has none)");
        }
        BackupManifest manifest;
        try {
            manifest = NodeBackup.JSON.readValue(manifestFile.toFile(), BackupManifest.class);
        } catch (RuntimeException e) {
            throw new BackupException(manifestFile + " cannot be read: " + e.getMessage(), e);
        }
        if (manifest.format() != BackupManifest.FORMAT) {
            throw new BackupException("This backup's format (" + manifest.format() + ") is not one this node reads ("
                + BackupManifest.FORMAT + ")");
        }
        for (BackupManifest.BackedUpFile file : manifest.files()) {
            Path copy = backup.resolve(file.path()).normalize();
            if (!copy.startsWith(backup)) {
                throw new BackupException("The manifest names a file outside the backup: " + file.path());
            }
            try {
                if (!Files.isRegularFile(copy)) {
                    throw new BackupException("The backup is incomplete: " + file.path() + " is missing");
                }
                if (Files.size(copy) != file.bytes() || !NodeBackup.sha256(copy).equals(file.sha256())) {
                    throw new BackupException("The backup is damaged: " + file.path() + " is not the file that was backed "
                        + "up (its SHA-256 differs)");
                }
            } catch (IOException e) {
                throw new BackupException("Cannot read " + copy + ": " + e.getMessage(), e);
            }
        }
        return manifest;
    }

    /** Where a backed-up file goes back; null for the database's own files. */
    private static Path originOf(BackupManifest.BackedUpFile file, Path var) throws BackupException {
        if (file.origin().equals("database")) {
            return null;
        }
        if (file.origin().startsWith("var:")) {
            Path target = var.resolve(file.origin().substring("var:".length())).normalize();
            if (!target.startsWith(var)) {
                throw new BackupException("The manifest names a file outside the node's folder: " + file.origin());
            }
            return target;
        }
        Path target = Path.of(file.origin());
        if (!target.isAbsolute()) {
            throw new BackupException("The manifest names a file by a relative path: " + file.origin());
        }
        return target;
    }

    private Map<String, Long> countRestored(DatabaseDump dump) throws SQLException {
        if (dump instanceof DerbyDump) {
            Path database = DerbyDump.folderOf(node.jdbcUrl());
            try (Connection connection = DriverManager.getConnection("jdbc:derby:" + database)) {
                return NodeCounts.read(connection);
            } finally {
                try {
                    DriverManager.getConnection("jdbc:derby:" + database + ";shutdown=true").close();
                } catch (SQLException shutDown) {
                    // 08006: shut down
                }
            }
        }
        NodeProperties.Database database = node.getDatabase();
        try (Connection connection = DriverManager.getConnection(database.getUrl(), database.getUsername(),
            database.getPassword())) {
            if (!database.getSchema().isBlank()) {
                connection.setSchema(database.getSchema());
            }
            return NodeCounts.read(connection);
        }
    }

    private List<String> settingsDifferences(BackupManifest manifest) {
        List<String> differences = new ArrayList<>();
        manifest.settings().forEach((name, backedUp) -> {
            String here = settings.get(name);
            if (!Objects.equals(here, backedUp) && !name.startsWith("node.database.") && !name.equals("node.var-dir")) {
                differences.add("Setting " + name + ": the backed-up node had \"" + backedUp + "\", this one "
                    + (here == null ? "does not set it" : "has \"" + here + "\""));
            }
        });
        return differences;
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (var entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }
}
