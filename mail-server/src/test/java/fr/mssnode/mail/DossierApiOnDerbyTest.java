package fr.mssnode.mail;

import fr.mssnode.directory.testing.TestDatabase;

class DossierApiOnDerbyTest extends DossierApiContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
