package fr.mssnode.mail;

import fr.mssnode.directory.testing.TestDatabase;

class MailNodeOnDerbyTest extends MailNodeContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
