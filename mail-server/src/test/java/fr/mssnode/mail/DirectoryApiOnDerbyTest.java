package fr.mssnode.mail;

import fr.mssnode.directory.testing.TestDatabase;

class DirectoryApiOnDerbyTest extends DirectoryApiContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
