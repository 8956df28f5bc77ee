package fr.mssnode.directory.extract;

/** Told how far an import has gone, for a progress bar. Called from the importing thread. */
@FunctionalInterface
public interface ImportProgress {
    ImportProgress NONE = (bytesRead, totalBytes, lines) -> { };

    void progress(long bytesRead, long totalBytes, long lines);
}
