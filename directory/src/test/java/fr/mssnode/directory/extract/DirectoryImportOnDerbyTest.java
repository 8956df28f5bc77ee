package fr.mssnode.directory.extract;

import fr.mssnode.directory.testing.TestDatabase;

class DirectoryImportOnDerbyTest extends DirectoryImportContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
