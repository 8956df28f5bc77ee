package fr.mssnode.directory.lifecycle;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

import fr.mssnode.directory.testing.TestDatabase;

class MailboxLifecycleOnPostgresTest extends MailboxLifecycleContract {
    @BeforeAll
    static void requirePostgres() {
        assumeTrue(TestDatabase.postgresAvailable(), TestDatabase::skippedMessage);
    }

    @Override
    TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
