package fr.mssnode.directory.extract;

import fr.mssnode.directory.DirectoryException;

/** An extract that cannot be imported at all (empty, not UTF-8, truncated, wrong columns); nothing was changed. */
public class ExtractException extends DirectoryException {
    public ExtractException(String message) {
        super(message);
    }
}
