package fr.mssnode.dossier.audit;

/** The access history could not record an event: the access it was for is not granted (nothing is shown). */
public class AuditUnavailable extends RuntimeException {
    public AuditUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
