package fr.mssnode.mail.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;

/**
 * The database's part of a backup, in the database's own consistent form: a snapshot taken while the node runs,
 * and put back only into an empty database.
 */
interface DatabaseDump {

    /** {@code derby} or {@code postgresql}, as written in the manifest. */
    String vendor();

    /** Writes a consistent snapshot of the node's tables under {@code folder}, which exists and is empty. */
    void dumpTo(Path folder) throws IOException, SQLException, BackupException;

    /** Why the target database cannot receive a restore (it already holds tables), or null when it can. */
    String whyNotEmpty() throws SQLException;

    /** Loads the snapshot written by {@link #dumpTo} into the empty target database. */
    void restoreFrom(Path folder) throws IOException, SQLException, BackupException;
}
