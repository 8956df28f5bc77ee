package fr.mssnode.mail.backup;

/** A backup or a restore that cannot go on, with a sentence for the operator. Nothing is left half-done. */
public class BackupException extends Exception {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
