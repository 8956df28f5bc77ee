package fr.mssnode.mail;

import fr.mssnode.directory.testing.TestDatabase;

class ImapSearchOnDerbyTest extends ImapSearchContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
