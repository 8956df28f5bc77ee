package fr.mssnode.mailbox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

import fr.mssnode.directory.testing.TestDatabase;

class JpaStoreCopyOnPostgresTest extends JpaStoreCopyContract {

    @BeforeAll
    static void postgres() {
        assumeTrue(TestDatabase.postgresAvailable(), TestDatabase::skippedMessage);
    }

    @Override
    TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
