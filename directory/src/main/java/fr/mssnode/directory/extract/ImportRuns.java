package fr.mssnode.directory.extract;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * The import history. Written outside the import's own transaction, so that an aborted import is remembered
 * (with its first malformed lines) even though its changes are rolled back.
 */
public class ImportRuns {
    static final int KEPT_ISSUES = 1000;

    private final JdbcTemplate jdbc;

    public ImportRuns(DataSource dataSource) {
        this.jdbc = new JdbcTemplate(dataSource);
    }

    long start(ImportKind kind, String fileName, Instant startedAt) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.update(connection -> {
            PreparedStatement insert = connection.prepareStatement("INSERT INTO import_run (kind, file_name, started_at,"
                + " outcome, lines_read, malformed, added, updated, deactivated) VALUES (?, ?, ?, ?, 0, 0, 0, 0, 0)",
                Statement.RETURN_GENERATED_KEYS);
            insert.setString(1, kind.name());
            insert.setString(2, truncate(fileName, 300));
            insert.setTimestamp(3, Timestamp.from(startedAt));
            insert.setString(4, ImportReport.Outcome.RUNNING.name());
            return insert;
        }, key);
        // PostgreSQL returns every column of the new row, Derby only the identity.
        return key.getKeyList().get(0).entrySet().stream()
            .filter(column -> column.getKey().equalsIgnoreCase("id") || key.getKeyList().get(0).size() == 1)
            .map(column -> ((Number) column.getValue()).longValue())
            .findFirst().orElseThrow();
    }

    void issue(long runId, ImportReport.LineIssue issue) {
        jdbc.update("INSERT INTO import_issue (run_id, line_number, reason) VALUES (?, ?, ?)",
            runId, issue.line(), truncate(issue.reason(), 500));
    }

    void finish(ImportReport report) {
        jdbc.update("UPDATE import_run SET finished_at = ?, outcome = ?, lines_read = ?, malformed = ?, added = ?,"
                + " updated = ?, deactivated = ?, detail = ? WHERE id = ?",
            Timestamp.from(report.startedAt().plus(report.took())), report.outcome().name(), report.linesRead(),
            report.malformed(), report.added(), report.updated(), report.deactivated(),
            report.detail() == null ? null : truncate(report.detail(), 2000), report.runId());
    }

    /** The latest runs first. */
    public List<ImportReport> history(int limit) {
        return jdbc.query("SELECT id, kind, file_name, started_at, finished_at, outcome, lines_read, malformed, added,"
            + " updated, deactivated, detail FROM import_run ORDER BY id DESC OFFSET 0 ROWS FETCH FIRST " + Math.max(1, limit)
            + " ROWS ONLY", (rs, row) -> report(rs, List.of()));
    }

    public Optional<ImportReport> find(long runId) {
        List<ImportReport.LineIssue> issues = jdbc.query("SELECT line_number, reason FROM import_issue WHERE run_id = ?"
            + " ORDER BY line_number", (rs, row) -> new ImportReport.LineIssue(rs.getLong(1), rs.getString(2)), runId);
        return jdbc.query("SELECT id, kind, file_name, started_at, finished_at, outcome, lines_read, malformed, added,"
            + " updated, deactivated, detail FROM import_run WHERE id = ?", (rs, row) -> report(rs, issues), runId)
            .stream().findFirst();
    }

    private static ImportReport report(ResultSet rs, List<ImportReport.LineIssue> issues) throws SQLException {
        Instant started = rs.getTimestamp("started_at").toInstant();
        Timestamp finished = rs.getTimestamp("finished_at");
        Duration took = finished == null ? Duration.ZERO : Duration.between(started, finished.toInstant());
        long added = rs.getLong("added");
        long updated = rs.getLong("updated");
        return new ImportReport(rs.getLong("id"), ImportKind.valueOf(rs.getString("kind")), rs.getString("file_name"),
            started, took, ImportReport.Outcome.valueOf(rs.getString("outcome")), rs.getLong("lines_read"),
            rs.getLong("malformed"), added, updated, 0, rs.getLong("deactivated"), issues, rs.getString("detail"));
    }

    static String truncate(String value, int max) {
        return value.length() <= max ? value : value.substring(0, max - 1) + "…";
    }
}
