package fr.mssnode.mail;

import fr.mssnode.directory.testing.TestDatabase;

class DossierFilingOnDerbyTest extends DossierFilingContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
