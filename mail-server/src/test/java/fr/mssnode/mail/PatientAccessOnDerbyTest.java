package fr.mssnode.mail;

import fr.mssnode.directory.testing.TestDatabase;

class PatientAccessOnDerbyTest extends PatientAccessContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
