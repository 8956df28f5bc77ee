package fr.mssnode.mail;

import fr.mssnode.directory.testing.TestDatabase;

class RealDocumentsOnDerbyTest extends RealDocumentsContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }

    @Override
    long seed() {
        return 13;
    }
}
