package fr.mssnode.dossier.access;

import fr.mssnode.directory.testing.TestDatabase;

class PatientSideOnDerbyTest extends PatientSideContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
