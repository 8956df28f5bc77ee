package fr.mssnode.dossier.access;

/** A request the dossier cannot act on as given (a malformed INS or national id, a reason too short). */
public class InvalidRequest extends RuntimeException {
    public InvalidRequest(String message) {
        super(message);
    }
}
