package fr.mssnode.directory.signin;

import fr.mssnode.directory.testing.TestDatabase;

class SignInThrottleOnDerbyTest extends SignInThrottleContract {
    @Override
    TestDatabase newDatabase() {
        return TestDatabase.derby();
    }
}
