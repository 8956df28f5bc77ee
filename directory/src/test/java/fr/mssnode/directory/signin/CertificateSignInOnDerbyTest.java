package fr.mssnode.directory.signin;

import fr.mssnode.directory.testing.TestDatabase;

class CertificateSignInOnDerbyTest extends CertificateSignInContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
