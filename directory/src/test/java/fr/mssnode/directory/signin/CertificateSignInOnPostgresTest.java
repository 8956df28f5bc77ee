package fr.mssnode.directory.signin;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.BeforeAll;

import fr.mssnode.directory.testing.TestDatabase;

class CertificateSignInOnPostgresTest extends CertificateSignInContract {
    @BeforeAll
    static void requirePostgres() {
        assumeTrue(TestDatabase.postgresAvailable(), TestDatabase::skippedMessage);
    }

    @Override
    TestDatabase newDatabase() {
        return TestDatabase.postgres();
    }
}
