package fr.mssnode.mail.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.sql.DataSource;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

import fr.mssnode.mail.NodeProperties;

/**
 * {@code backup --to DIR}: the database as of one instant (while the node runs), the operator's keys
 * ({@code var/keys}: the mailboxes' S/MIME keys and their password; {@code var/pki}: the test CA; {@code var/tls}
 * and the configured TLS certificate and key) and the node's settings, then {@code manifest.json} with every file's
 * digest, written last. The indexes are not copied: a restore rebuilds them from the database. Mail still in the
 * spool (accepted, not yet delivered: seconds of traffic) is not in the database and not in the backup.
 */
public final class NodeBackup {
    /** Folders of var/ that hold the operator's keys and certificates. */
    static final List<String> VAR_FOLDERS = List.of("keys", "pki", "tls");
    static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).findAndAddModules().build();

    private final NodeProperties node;
    private final Map<String, String> settings;
    private final DataSource source;

    /**
     * @param settings the node's effective {@code node.*} settings
     * @param source   connections to the node's database
     */
    public NodeBackup(NodeProperties node, Map<String, String> settings, DataSource source) {
        this.node = node;
        this.settings = settings;
        this.source = source;
    }

    public record Result(Path folder, BackupManifest manifest, Duration took) {
        public String summary() {
            return "Backed up the node to " + folder + " in " + String.format("%.1f", took.toMillis() / 1000.0) + " s: "
                + manifest.database() + " database (schema version " + manifest.schemaVersion() + "; "
                + NodeCounts.describe(manifest.counts()) + "), " + manifest.files().size() + " files.";
        }
    }

    /** The database part for the node's configured database. */
    static DatabaseDump dumpFor(NodeProperties node, DataSource source) {
        if (node.embeddedDerby()) {
            return new DerbyDump(source, DerbyDump.folderOf(node.jdbcUrl()));
        }
        NodeProperties.Database database = node.getDatabase();
        return new PostgresDump(database.getUrl(), database.getUsername(), database.getPassword(), database.getSchema(),
            node.getBackup().getPostgresqlTools());
    }

    public Result backupTo(Path folder) throws BackupException {
        long started = System.nanoTime();
        Path target = folder.toAbsolutePath().normalize();
        boolean created = prepare(target);
        try {
            DatabaseDump dump = dumpFor(node, source);
            Map<String, Long> counts;
            int schemaVersion;
            try (Connection connection = source.getConnection()) {
                counts = NodeCounts.read(connection);
                schemaVersion = NodeCounts.schemaVersion(connection);
            }
            Instant takenAt = Instant.now();
            Path database = Files.createDirectories(target.resolve("database"));
            dump.dumpTo(database);

            List<BackupManifest.BackedUpFile> files = new ArrayList<>(listed(target, database, "database"));
            Path var = node.varPath();
            for (String name : VAR_FOLDERS) {
                Path source = var.resolve(name);
                if (Files.isDirectory(source)) {
                    files.addAll(copied(source, target.resolve("files/var/" + name), target, "var:" + name));
                }
            }
            int n = 0;
            for (Path file : configuredFiles()) {
                boolean copiedWithVar = VAR_FOLDERS.stream().anyMatch(name -> file.startsWith(var.resolve(name)));
                if (!copiedWithVar && Files.isRegularFile(file)) {
                    Path copy = target.resolve("files/configured/" + (++n) + "-" + file.getFileName());
                    files.addAll(copied(file, copy, target, file.toString()));
                }
            }
            BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, takenAt, dump.vendor(), schemaVersion,
                node.getDomain(), withoutSecrets(settings), counts, files);
            Path partial = target.resolve(BackupManifest.FILE_NAME + ".part");
            JSON.writeValue(partial.toFile(), manifest);
            Files.move(partial, target.resolve(BackupManifest.FILE_NAME), StandardCopyOption.ATOMIC_MOVE);
            return new Result(target, manifest, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException | SQLException | RuntimeException e) {
            cleanUp(target, created);
            throw new BackupException("The backup failed: " + e.getMessage(), e);
        } catch (BackupException e) {
            cleanUp(target, created);
            throw e;
        }
    }

    /**
     * Files the settings name outside the backed-up var folders: the TLS certificate and key, the trusted health
     * CAs and their revocation lists. They go back to the same paths.
     */
    private List<Path> configuredFiles() {
        List<Path> files = new ArrayList<>();
        for (String setting : List.of(node.getTls().getCertificate(), node.getTls().getPrivateKey(),
            node.getSmime().getTrustAnchors(), node.getSmime().getCrls())) {
            for (String path : setting.split(",")) {
                if (!path.isBlank()) {
                    files.add(Path.of(path.trim()).toAbsolutePath().normalize());
                }
            }
        }
        return files;
    }

    /** The folder must be new or empty; it is made readable by the node's user only (it holds private keys). */
    private static boolean prepare(Path target) throws BackupException {
        try {
            if (Files.exists(target)) {
                if (!Files.isDirectory(target)) {
                    throw new BackupException(target + " is a file: give a new or empty folder");
                }
                try (Stream<Path> entries = Files.list(target)) {
                    if (entries.findAny().isPresent()) {
                        throw new BackupException(target + " is not empty: give a new or empty folder "
                            + "(a backup is never written over another)");
                    }
                }
                return false;
            }
            Files.createDirectories(target);
            try {
                Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // the folder's default permissions stand
            }
            return true;
        } catch (IOException e) {
            throw new BackupException("Cannot create the backup folder " + target + ": " + e.getMessage(), e);
        }
    }

    private static void cleanUp(Path target, boolean created) {
        try {
            if (Files.exists(target)) {
                deleteTree(target, !created);
            }
        } catch (IOException e) {
            // the error that stopped the backup is what the operator needs
        }
    }

    /** Deletes a folder's content, and the folder itself unless {@code keepFolder}. */
    static void deleteTree(Path folder, boolean keepFolder) throws IOException {
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                if (!keepFolder || !directory.equals(folder)) {
                    Files.delete(directory);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Copies a file or a folder into the backup; the copies, listed. */
    private static List<BackupManifest.BackedUpFile> copied(Path source, Path copy, Path backup, String origin)
        throws IOException {
        if (Files.isRegularFile(source)) {
            Files.createDirectories(copy.getParent());
            Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
            return List.of(entry(backup, copy, origin));
        }
        List<BackupManifest.BackedUpFile> files = new ArrayList<>();
        try (Stream<Path> tree = Files.walk(source)) {
            for (Path file : tree.filter(Files::isRegularFile).sorted().toList()) {
                String relative = source.relativize(file).toString().replace('\\', '/');
                Path target = copy.resolve(relative);
                Files.createDirectories(target.getParent());
                Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
                files.add(entry(backup, target, origin + "/" + relative));
            }
        }
        return files;
    }

    /** The files a tool wrote under {@code folder}, listed with the given origin. */
    private static List<BackupManifest.BackedUpFile> listed(Path backup, Path folder, String origin) throws IOException {
        List<BackupManifest.BackedUpFile> files = new ArrayList<>();
        try (Stream<Path> tree = Files.walk(folder)) {
            for (Path file : tree.filter(Files::isRegularFile).sorted().toList()) {
                files.add(entry(backup, file, origin));
            }
        }
        return files;
    }

    private static BackupManifest.BackedUpFile entry(Path backup, Path file, String origin) throws IOException {
        return new BackupManifest.BackedUpFile(backup.relativize(file).toString().replace('\\', '/'), origin,
            sha256(file), Files.size(file));
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> withoutSecrets(Map<String, String> settings) {
        Map<String, String> kept = new TreeMap<>();
        settings.forEach((name, value) -> {
            String lower = name.toLowerCase(java.util.Locale.ROOT);
            if (!lower.contains("password") && !lower.contains("secret") && !lower.contains("token")) {
                kept.put(name, value);
            }
        });
        return kept;
    }
}
