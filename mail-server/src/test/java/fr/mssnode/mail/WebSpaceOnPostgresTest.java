package fr.mssnode.mail;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fr.mssnode.directory.testing.TestDatabase;

class WebSpaceOnPostgresTest extends WebSpaceContract {
    @Override
    TestDatabase newDatabase() {
        assumeTrue(TestDatabase.postgresAvailable(), TestDatabase::skippedMessage);
        return TestDatabase.postgres();
    }
}
