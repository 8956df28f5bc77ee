package fr.mssnode.directory.extract;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** What an import did, as kept in the import history. */
public record ImportReport(long runId, ImportKind kind, String fileName, Instant startedAt, Duration took,
                           Outcome outcome, long linesRead, long malformed, long added, long updated, long unchanged,
                           long deactivated, List<LineIssue> firstIssues, String detail) {

    public enum Outcome {
        /** The directory now reflects the extract. */
        SUCCEEDED,
        /** Refused by a safety limit or a file-level problem: nothing was changed. */
        ABORTED,
        /** Still running, or the process died during it: nothing was changed. */
        RUNNING
    }

    /** A malformed line, skipped. */
    public record LineIssue(long line, String reason) {
    }

    public String summary() {
        return switch (outcome) {
            case SUCCEEDED -> String.format("%s imported from %s in %.1f s: %,d lines, %,d added, %,d updated, %,d unchanged, "
                    + "%,d deactivated, %,d malformed lines skipped.", label(), fileName, took.toMillis() / 1000.0, linesRead,
                added, updated, unchanged, deactivated, malformed);
            case ABORTED -> "Import of " + fileName + " aborted, nothing changed: " + detail;
            case RUNNING -> "Import of " + fileName + " did not finish (still running, or interrupted): nothing changed.";
        };
    }

    private String label() {
        return switch (kind) {
            case PROFESSIONALS -> "Professionals";
            case MAILBOXES -> "MSSanté mailboxes";
            case WHITELIST -> "Trusted operator domains";
        };
    }
}
