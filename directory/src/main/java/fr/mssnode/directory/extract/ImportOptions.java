package fr.mssnode.directory.extract;

/**
 * Safety limits of an import. Above {@code maxErrorRatio} malformed lines, or when the extract would deactivate
 * more than {@code maxDeactivationRatio} of what is active (a truncated or wrong file, most likely), the import
 * changes nothing.
 */
public record ImportOptions(double maxErrorRatio, double maxDeactivationRatio) {
    public static final ImportOptions DEFAULTS = new ImportOptions(0.01, 0.10);

    public ImportOptions {
        if (maxErrorRatio < 0 || maxErrorRatio > 1 || maxDeactivationRatio < 0 || maxDeactivationRatio > 1) {
            throw new IllegalArgumentException("Ratios are between 0 and 1.");
        }
    }
}
