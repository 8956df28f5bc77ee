package fr.mssnode.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.mssnode.directory.testing.TestDatabase;

/** The directory's behaviour on a real database; run once per vendor by the subclasses. */
abstract class DirectoryStoreContract {
    private TestDatabase database;
    private Directory directory;
    private DirectoryAdmin admin;

    abstract TestDatabase newDatabase();

    @BeforeEach
    void setUp() {
        database = newDatabase().migrated();
        directory = new JdbcDirectory(database.dataSource(), Set.of("hopital-nord.test", "patient.hopital-nord.test"));
        admin = new DirectoryAdmin(database.dataSource(), directory);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void createdAccountAuthenticatesAndIsClassifiedLocal() {
        admin.createAccount("Dr.Martin@Hopital-Nord.test", AccountKind.PROFESSIONAL, "Dr Claire Martin", "Tulipe-Verte-2031");

        assertThat(directory.findAccount("dr.martin@hopital-nord.test")).get()
            .extracting(Account::displayName, Account::kind).containsExactly("Dr Claire Martin", AccountKind.PROFESSIONAL);
        assertThat(directory.authenticate("dr.martin@hopital-nord.test", "Tulipe-Verte-2031")).isPresent();
        assertThat(directory.authenticate("dr.martin@hopital-nord.test", "wrong")).isEmpty();
        // An account alone is not enough: the mailbox must be listed in the MSSanté extraction (see DirectoryImportContract).
        assertThat(directory.classify("DR.MARTIN@hopital-nord.test")).isEqualTo(AddressStatus.LOCAL_NOT_LISTED);
        assertThat(directory.classify("nobody@hopital-nord.test")).isEqualTo(AddressStatus.LOCAL_UNKNOWN);
        assertThat(directory.classify("someone@gmail.test")).isEqualTo(AddressStatus.UNTRUSTED_REMOTE);
        assertThat(directory.classify("not an address")).isEqualTo(AddressStatus.MALFORMED);
        assertThat(directory.ownsAddress("dr.martin@hopital-nord.test", "Dr.Martin@hopital-nord.test")).isTrue();
        assertThat(directory.ownsAddress("dr.martin@hopital-nord.test", "other@hopital-nord.test")).isFalse();
    }

    @Test
    void badAccountRequestsAreRefusedClearly() {
        admin.createAccount("dr.martin@hopital-nord.test", AccountKind.PROFESSIONAL, "Dr Claire Martin", "Tulipe-Verte-2031");

        assertThatThrownBy(() -> admin.createAccount("dr.martin@hopital-nord.test", AccountKind.PROFESSIONAL, "x", "Tulipe-Verte-2031"))
            .isInstanceOf(DirectoryException.class).hasMessageContaining("already exists");
        assertThatThrownBy(() -> admin.createAccount("dr.x@elsewhere.test", AccountKind.PROFESSIONAL, "x", "Tulipe-Verte-2031"))
            .hasMessageContaining("Unknown domain 'elsewhere.test'");
        assertThatThrownBy(() -> admin.createAccount("dr.y@hopital-nord.test", AccountKind.PROFESSIONAL, "y", "weak"))
            .hasMessageContaining("Password too weak");
        assertThatThrownBy(() -> admin.createAccount("123@patient.hopital-nord.test", AccountKind.PATIENT, "p", "Tulipe-Verte-2031"))
            .hasMessageContaining("not an INS matricule");
        assertThatThrownBy(() -> admin.resetPassword("ghost@hopital-nord.test", "Tulipe-Verte-2031"))
            .hasMessageContaining("No account");
    }

    @Test
    void patientInboxIsKeyedByAValidIns() {
        String ins = Ins.withComputedKey("2850575123456").matricule();
        admin.createAccount(ins + "@patient.hopital-nord.test", AccountKind.PATIENT, "Mme Durand", "Tulipe-Verte-2031");
        assertThat(directory.classify(ins + "@patient.hopital-nord.test")).isEqualTo(AddressStatus.LOCAL_ACTIVE);
    }

    @Test
    void resetPasswordAndDeactivation() {
        admin.createAccount("dr.martin@hopital-nord.test", AccountKind.PROFESSIONAL, "Dr Claire Martin", "Tulipe-Verte-2031");
        admin.resetPassword("dr.martin@hopital-nord.test", "Nouveau-Secret-77");
        assertThat(directory.authenticate("dr.martin@hopital-nord.test", "Tulipe-Verte-2031")).isEmpty();
        assertThat(directory.authenticate("dr.martin@hopital-nord.test", "Nouveau-Secret-77")).isPresent();

        admin.setActive("dr.martin@hopital-nord.test", false);
        assertThat(directory.classify("dr.martin@hopital-nord.test")).isEqualTo(AddressStatus.LOCAL_INACTIVE);
        assertThat(directory.authenticate("dr.martin@hopital-nord.test", "Nouveau-Secret-77")).isEmpty();
    }

    @Test
    void trustedOperatorsAreAddedListedAndRemoved() {
        admin.addTrustedOperator("CHU-Sud.test", "127.0.0.1:3025");
        admin.addTrustedOperator("clinique-est.test", null);

        assertThat(directory.classify("dr.x@chu-sud.test")).isEqualTo(AddressStatus.TRUSTED_REMOTE);
        assertThat(directory.trustedOperator("chu-sud.test")).get()
            .extracting(op -> op.relay().orElseThrow()).isEqualTo("127.0.0.1:3025");
        assertThat(directory.listTrustedOperators()).extracting(TrustedOperator::domain)
            .containsExactly("chu-sud.test", "clinique-est.test");
        assertThatThrownBy(() -> admin.addTrustedOperator("chu-sud.test", null)).hasMessageContaining("already");
        assertThatThrownBy(() -> admin.addTrustedOperator("hopital-nord.test", null)).hasMessageContaining("own domains");
        assertThatThrownBy(() -> admin.addTrustedOperator("not a domain", null)).hasMessageContaining("not a valid domain");

        admin.removeTrustedOperator("chu-sud.test");
        assertThat(directory.classify("dr.x@chu-sud.test")).isEqualTo(AddressStatus.UNTRUSTED_REMOTE);
        assertThatThrownBy(() -> admin.removeTrustedOperator("chu-sud.test")).hasMessageContaining("is not a trusted");
    }
}
