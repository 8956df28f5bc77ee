package fr.mssnode.directory;

import fr.mssnode.directory.testing.TestDatabase;

class DirectoryStoreOnDerbyTest extends DirectoryStoreContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
