package fr.mssnode.mail;

import fr.mssnode.directory.testing.TestDatabase;

class DurabilityOnDerbyTest extends DurabilityContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
