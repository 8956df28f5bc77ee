package fr.mssnode.mail.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssnode.mail.NodeProperties;

/** A backup folder is read as hostile input: nothing it names may land outside the backup or the node's folder. */
class NodeRestoreTest {
    @TempDir
    Path work;

    @Test
    void aManifestNamingAFileOutsideTheBackupIsRefused() throws Exception {
        Path secret = Files.writeString(work.resolve("secret.txt"), "not part of the backup");
        Path backup = backupWith(new BackupManifest.BackedUpFile("../secret.txt", "var:keys/x",
            NodeBackup.sha256(secret), Files.size(secret)));
        assertThatThrownBy(() -> restore(backup)).isInstanceOf(BackupException.class)
            .hasMessageContaining("outside the backup");
    }

    @Test
    void aManifestSendingAFileOutsideTheNodeFolderIsRefused() throws Exception {
        Path backup = Files.createDirectories(work.resolve("backup"));
        Path key = Files.writeString(Files.createDirectories(backup.resolve("files/var/keys")).resolve("k"), "key");
        writeManifest(backup, "derby", new BackupManifest.BackedUpFile("files/var/keys/k", "var:../../etc/cron.d/k",
            NodeBackup.sha256(key), Files.size(key)));
        assertThatThrownBy(() -> restore(backup)).isInstanceOf(BackupException.class)
            .hasMessageContaining("outside the node's folder");
        assertThat(work.resolve("etc")).doesNotExist();
    }

    @Test
    void aBackupOfAnotherKindOfDatabaseIsRefusedBeforeAnythingIsWritten() throws Exception {
        Path backup = Files.createDirectories(work.resolve("backup"));
        writeManifest(backup, "postgresql");
        assertThatThrownBy(() -> restore(backup)).isInstanceOf(BackupException.class)
            .hasMessageContaining("backup is of a postgresql database and the node is configured for derby");
        assertThat(work.resolve("var")).doesNotExist();
    }

    @Test
    void aFolderWithoutManifestIsNotABackup() throws Exception {
        Path folder = Files.createDirectories(work.resolve("half-written"));
        assertThatThrownBy(() -> restore(folder)).isInstanceOf(BackupException.class)
            .hasMessageContaining("is not a backup: it has no manifest.json");
    }

    private Path backupWith(BackupManifest.BackedUpFile file) throws Exception {
        Path backup = Files.createDirectories(work.resolve("backup"));
        writeManifest(backup, "derby", file);
        return backup;
    }

    private static void writeManifest(Path backup, String database, BackupManifest.BackedUpFile... files) throws Exception {
        BackupManifest manifest = new BackupManifest(BackupManifest.FORMAT, Instant.now(), database, 20,
            "hopital-demo.test", Map.of(), Map.of(), List.of(files));
        NodeBackup.JSON.writeValue(backup.resolve(BackupManifest.FILE_NAME).toFile(), manifest);
    }

    private void restore(Path backup) throws BackupException {
        NodeProperties node = new NodeProperties();
        node.setVarDir(work.resolve("var").toString());
        new NodeRestore(node, Map.of()).restoreFrom(backup, new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));
    }
}
