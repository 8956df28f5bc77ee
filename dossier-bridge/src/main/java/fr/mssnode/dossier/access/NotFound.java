package fr.mssnode.dossier.access;

/** No such dossier or document, or none the asker may know of (a hidden document is not found, not refused). */
public class NotFound extends RuntimeException {
    public NotFound(String message) {
        super(message);
    }
}
