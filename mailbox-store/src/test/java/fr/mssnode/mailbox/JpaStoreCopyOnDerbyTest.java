package fr.mssnode.mailbox;

import fr.mssnode.directory.testing.TestDatabase;

class JpaStoreCopyOnDerbyTest extends JpaStoreCopyContract {

    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
