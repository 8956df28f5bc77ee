package fr.mssnode.mail;

import fr.mssnode.directory.testing.TestDatabase;

class ImapFetchAndNamesOnDerbyTest extends ImapFetchAndNamesContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
