package fr.mssnode.dossier.store;

import fr.mssnode.directory.testing.TestDatabase;

class DossierStoreOnDerbyTest extends DossierStoreContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
