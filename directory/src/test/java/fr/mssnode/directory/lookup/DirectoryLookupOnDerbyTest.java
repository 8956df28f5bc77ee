package fr.mssnode.directory.lookup;

import fr.mssnode.directory.testing.TestDatabase;

class DirectoryLookupOnDerbyTest extends DirectoryLookupContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
