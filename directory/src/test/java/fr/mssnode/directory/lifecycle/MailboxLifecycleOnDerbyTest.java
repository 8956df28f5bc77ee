package fr.mssnode.directory.lifecycle;

import fr.mssnode.directory.testing.TestDatabase;

class MailboxLifecycleOnDerbyTest extends MailboxLifecycleContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
