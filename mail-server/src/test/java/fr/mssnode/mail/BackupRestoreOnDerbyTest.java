package fr.mssnode.mail;

import fr.mssnode.directory.testing.TestDatabase;

class BackupRestoreOnDerbyTest extends BackupRestoreContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
