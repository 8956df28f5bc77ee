package fr.mssnode.dossier.index;

import fr.mssnode.directory.testing.TestDatabase;

class DossierSearchOnDerbyTest extends DossierSearchContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
