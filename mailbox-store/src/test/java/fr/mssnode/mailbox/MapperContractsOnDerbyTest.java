package fr.mssnode.mailbox;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

class MapperContractsOnDerbyTest extends MapperContracts {
    private static StoreTables tables;

    @BeforeAll
    static void open() {
        tables = StoreTables.derby();
    }

    @AfterAll
    static void close() {
        tables.close();
    }

    @Override
    StoreTables tables() {
        return tables;
    }
}
