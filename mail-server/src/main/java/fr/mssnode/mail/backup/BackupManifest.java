package fr.mssnode.mail.backup;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a backup folder holds ({@code manifest.json}, written last: a folder without it is not a backup). Each file
 * is listed with its SHA-256 so that a restore refuses a copy damaged on the way; the counts are read back after a
 * restore to show that nothing is missing.
 *
 * @param format       version of this layout
 * @param createdAt    when the database snapshot was taken
 * @param database     {@code derby} or {@code postgresql}: a backup restores onto the same kind of database
 * @param schemaVersion the last database migration applied; a newer node migrates a restored older schema at start
 * @param domain       the node's mail domain, which a restore must be configured with
 * @param settings     the node's effective {@code node.*} settings (passwords left out), to compare at restore
 * @param counts       rows of the tables an operator checks first (accounts, messages, documents, access events)
 * @param files        every file of the backup but this manifest
 */
public record BackupManifest(int format, Instant createdAt, String database, int schemaVersion, String domain,
                             Map<String, String> settings, Map<String, Long> counts, List<BackedUpFile> files) {

    public static final int FORMAT = 1;
    public static final String FILE_NAME = "manifest.json";

    /**
     * One file of the backup.
     *
     * @param path   where it is in the backup folder (forward slashes)
     * @param origin where it goes back: {@code var:<path>} under the node's var folder, {@code database} for the
     *               database dump, or the absolute path of a file configured outside var (a TLS certificate)
     * @param sha256 hex digest of its bytes
     * @param bytes  its size
     */
    public record BackedUpFile(String path, String origin, String sha256, long bytes) {
    }
}
