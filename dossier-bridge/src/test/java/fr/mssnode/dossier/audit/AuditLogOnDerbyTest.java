package fr.mssnode.dossier.audit;

import org.springframework.jdbc.core.JdbcTemplate;

import fr.mssnode.directory.testing.TestDatabase;

class AuditLogOnDerbyTest extends AuditLogContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }

    @Override
    void allowHandEdits(JdbcTemplate jdbc) {
        // Derby has no guard against hand edits: only the chain shows them.
    }
}
