package fr.mssnode.mail;

import fr.mssnode.directory.testing.TestDatabase;

class WebSpaceOnDerbyTest extends WebSpaceContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
