package fr.mssnode.mailbox;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import fr.mssnode.directory.testing.TestDatabase;

class MapperContractsOnPostgresTest extends MapperContracts {
    private static StoreTables tables;

    @BeforeAll
    static void open() {
        assumeTrue(TestDatabase.postgresAvailable(), TestDatabase::skippedMessage);
        tables = StoreTables.postgres();
    }

    @AfterAll
    static void close() {
        if (tables != null) {
            tables.close();
        }
    }

    @Override
    StoreTables tables() {
        return tables;
    }
}
