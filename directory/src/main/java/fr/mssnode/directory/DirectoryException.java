package fr.mssnode.directory;

/** A refusal whose message is written for the person who typed the command or sent the request. */
public class DirectoryException extends RuntimeException {
    public DirectoryException(String message) {
        super(message);
    }
}
