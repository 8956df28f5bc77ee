package fr.mssnode.mail;

import fr.mssnode.directory.testing.TestDatabase;

class ImapConcurrencyOnDerbyTest extends ImapConcurrencyContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
