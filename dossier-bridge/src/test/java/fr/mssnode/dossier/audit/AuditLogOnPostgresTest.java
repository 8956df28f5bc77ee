package fr.mssnode.dossier.audit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.mssnode.directory.testing.TestDatabase;

class AuditLogOnPostgresTest extends AuditLogContract {
    @BeforeAll
    static void requirePostgres() {
        assumeTrue(TestDatabase.postgresAvailable(), TestDatabase::skippedMessage);
    }

    @Override
    TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }

    @Override
    void allowHandEdits(JdbcTemplate jdbc) {
        jdbc.execute("ALTER TABLE dossier_audit DISABLE TRIGGER dossier_audit_append_only");
    }
}
