package fr.mssnode.directory.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.DirectoryAdmin;
import fr.mssnode.directory.DirectoryException;
import fr.mssnode.directory.JdbcDirectory;
import fr.mssnode.directory.testing.MovableClock;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.directory.trust.CertificateUsage;
import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.directory.trust.TestCertificateAuthority;

/**
 * Certificate sign-in of application mailboxes on a real database: which certificates may be registered for sign-in,
 * which presented certificate opens which mailbox, and the mailbox set to refuse passwords; run once per vendor.
 */
abstract class CertificateSignInContract {
    static final String LAB = "resultats.labo@hopital-nord.test";
    static final String PHARMACY = "pharmacie@hopital-nord.test";
    static final String PATIENT = "285057512000579@patient.hopital-nord.test";
    static final String PASSWORD = "Tulipe-Verte-2031";
    static final String CLIENT = "198.51.100.40";

    private static final TestCertificateAuthority AUTHORITY = new TestCertificateAuthority("Test software CA");

    private TestDatabase database;
    private MovableClock clock;
    private JdbcDirectory directory;
    private DirectoryAdmin admin;
    private Certificates certificates;
    private CertificateSignIn signIn;

    abstract TestDatabase newDatabase();

    @BeforeEach
    void setUp() {
        database = newDatabase().migrated();
        directory = new JdbcDirectory(database.dataSource(), Set.of("hopital-nord.test", "patient.hopital-nord.test"));
        admin = new DirectoryAdmin(database.dataSource(), directory);
        admin.createAccount(LAB, AccountKind.ORGANISATION, "Laboratoire (logiciel)", PASSWORD);
        admin.createAccount(PHARMACY, AccountKind.ORGANISATION, "Pharmacie", PASSWORD);
        admin.createAccount(PATIENT, AccountKind.PATIENT, "Mme Durand", PASSWORD);
        certificates = new Certificates(database.dataSource());
        clock = new MovableClock(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        signIn = new CertificateSignIn(directory, certificates,
            new SignInThrottle(database.dataSource(), clock, SignInPolicy.defaults()), clock);
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private static TestCertificateAuthority.Issued software(String name) {
        Instant now = Instant.now();
        return AUTHORITY.application(name, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
    }

    private static byte[] pem(TestCertificateAuthority.Issued issued) {
        return TestCertificateAuthority.pem(issued.certificate()).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theRegisteredCertificateOpensItsMailboxAndNoOther() {
        TestCertificateAuthority.Issued lab = software("Logiciel de laboratoire");
        certificates.register(LAB, CertificateUsage.SIGN_IN, pem(lab));

        CertificateSignIn.Verdict unnamed = signIn.signIn(Optional.of(lab.certificate()), Optional.empty(), CLIENT);
        assertThat(unnamed).isInstanceOfSatisfying(CertificateSignIn.SignedIn.class,
            signedIn -> assertThat(signedIn.account().address()).isEqualTo(LAB));
        assertThat(signIn.signIn(Optional.of(lab.certificate()), Optional.of("Resultats.Labo@hopital-nord.test"), CLIENT))
            .isInstanceOf(CertificateSignIn.SignedIn.class);

        assertThat(signIn.signIn(Optional.of(lab.certificate()), Optional.of(PHARMACY), CLIENT))
            .isInstanceOfSatisfying(CertificateSignIn.Refused.class,
                refused -> assertThat(refused.sentence()).contains("opens " + LAB + ", not " + PHARMACY));
        assertThat(signIn.signIn(Optional.of(software("Inconnu").certificate()), Optional.empty(), CLIENT))
            .isInstanceOfSatisfying(CertificateSignIn.Refused.class,
                refused -> assertThat(refused.sentence()).contains("is not registered for sign-in"));
        assertThat(signIn.signIn(Optional.empty(), Optional.of(LAB), CLIENT))
            .isInstanceOfSatisfying(CertificateSignIn.Refused.class,
                refused -> assertThat(refused.sentence()).contains("No client certificate was presented"));

        // Not a S/MIME certificate: correspondents looking the mailbox up do not see it.
        assertThat(certificates.smimeFor(LAB)).isEmpty();
        assertThat(certificates.forMailbox(LAB)).singleElement()
            .satisfies(c -> assertThat(c.usage()).isEqualTo(CertificateUsage.SIGN_IN));
    }

    @Test
    void anExpiredCertificateOrAClosedMailboxDoesNotSignIn() {
        TestCertificateAuthority.Issued lab = software("Logiciel de laboratoire");
        certificates.register(LAB, CertificateUsage.SIGN_IN, pem(lab));
        clock.advance(Duration.ofDays(400));
        assertThat(signIn.signIn(Optional.of(lab.certificate()), Optional.empty(), CLIENT))
            .isInstanceOfSatisfying(CertificateSignIn.Refused.class,
                refused -> assertThat(refused.sentence()).contains("expired on"));
        clock.advance(Duration.ofDays(-400));
        admin.setActive(LAB, false);
        assertThat(signIn.signIn(Optional.of(lab.certificate()), Optional.empty(), CLIENT))
            .isInstanceOfSatisfying(CertificateSignIn.Refused.class,
                refused -> assertThat(refused.sentence()).contains("is closed"));
    }

    @Test
    void onlyClientAuthenticationCertificatesOfTheNodesNonPatientMailboxesAreRegistered() {
        assertThatThrownBy(() -> certificates.register(PATIENT, CertificateUsage.SIGN_IN, pem(software("Patient app"))))
            .isInstanceOf(DirectoryException.class).hasMessageContaining("patient's inbox");
        // An S/MIME certificate (emailProtection only) is not a TLS client certificate.
        TestCertificateAuthority.Issued smime = AUTHORITY.mailbox(LAB, KeyUsage.digitalSignature, Instant.now().plus(Duration.ofDays(30)));
        assertThatThrownBy(() -> certificates.register(LAB, CertificateUsage.SIGN_IN, pem(smime)))
            .isInstanceOf(DirectoryException.class).hasMessageContaining("clientAuth");
        assertThatThrownBy(() -> certificates.register("nobody@hopital-nord.test", CertificateUsage.SIGN_IN, pem(software("X"))))
            .isInstanceOf(DirectoryException.class).hasMessageContaining("No mailbox");
        TestCertificateAuthority.Issued lab = software("Logiciel de laboratoire");
        certificates.register(LAB, CertificateUsage.SIGN_IN, pem(lab));
        assertThatThrownBy(() -> certificates.register(PHARMACY, CertificateUsage.SIGN_IN, pem(lab)))
            .isInstanceOf(DirectoryException.class).hasMessageContaining("already registered for " + LAB);
    }

    @Test
    void aMailboxSetToItsCertificateRefusesPasswords() {
        assertThat(directory.authenticate(LAB, PASSWORD)).isPresent();
        assertThatThrownBy(() -> admin.setPasswordSignIn(LAB, false))
            .isInstanceOf(DirectoryException.class).hasMessageContaining("No sign-in certificate is registered");
        certificates.register(LAB, CertificateUsage.SIGN_IN, pem(software("Logiciel de laboratoire")));
        admin.setPasswordSignIn(LAB, false);
        assertThat(directory.findAccount(LAB).orElseThrow().acceptsPassword()).isFalse();
        assertThat(directory.authenticate(LAB, PASSWORD)).isEmpty();
        admin.setPasswordSignIn(LAB, true);
        assertThat(directory.authenticate(LAB, PASSWORD)).isPresent();
    }

    @Test
    void theSaslResponseNamesTheMailboxOrNothing() {
        assertThat(CertificateSignIn.requestedMailbox("=")).isEmpty();
        assertThat(CertificateSignIn.requestedMailbox("")).isEmpty();
        assertThat(CertificateSignIn.requestedMailbox(java.util.Base64.getEncoder().encodeToString(LAB.getBytes(StandardCharsets.UTF_8))))
            .contains(LAB);
        assertThatThrownBy(() -> CertificateSignIn.requestedMailbox("not base64!")).isInstanceOf(IllegalArgumentException.class);
    }
}
