package fr.mssnode.directory.lookup;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

import fr.mssnode.directory.testing.TestDatabase;

class DirectoryLookupOnPostgresTest extends DirectoryLookupContract {
    @BeforeAll
    static void requirePostgres() {
        assumeTrue(TestDatabase.postgresAvailable(), TestDatabase::skippedMessage);
    }

    @Override
    TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
