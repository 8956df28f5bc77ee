package fr.mssnode.directory.lookup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.mssnode.directory.CachingDirectory;
import fr.mssnode.directory.Directory;
import fr.mssnode.directory.DirectoryAdmin;
import fr.mssnode.directory.DirectoryException;
import fr.mssnode.directory.DirectorySearch;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;
import fr.mssnode.directory.JdbcDirectory;
import fr.mssnode.directory.MailboxType;
import fr.mssnode.directory.Patient;
import fr.mssnode.directory.Patients;
import fr.mssnode.directory.ProfessionalQuery;
import fr.mssnode.directory.extract.DirectoryImporter;
import fr.mssnode.directory.extract.SmallListing;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.directory.trust.CertificateUsage;
import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.directory.trust.MailboxCertificate;
import fr.mssnode.directory.trust.TrustAnchor;
import fr.mssnode.directory.trust.TestCertificateAuthority;
import fr.mssnode.directory.trust.X509Files;

/** Searches, certificates, trust anchors and patients on a real database; once per vendor by the subclasses. */
abstract class DirectoryLookupContract {
    static final String DOMAIN = "hopital-nord.test";
    static final TestCertificateAuthority PKI = new TestCertificateAuthority("Test AC Sante");

    @TempDir
    Path folder;
    private TestDatabase database;
    private Directory directory;
    private DirectorySearch search;
    private Certificates certificates;
    private Patients patients;

    abstract TestDatabase newDatabase();

    @BeforeEach
    void setUp() {
        database = newDatabase().migrated();
        directory = new CachingDirectory(new JdbcDirectory(database.dataSource(), Set.of(DOMAIN)), database.dataSource());
        search = new DirectorySearch(database.dataSource());
        certificates = new Certificates(database.dataSource());
        patients = new Patients(database.dataSource(), directory);
        List<SmallListing.Entry> entries = new ArrayList<>();
        entries.add(doctor("helene.lefevre", "810000000001", "Hélène", "LEFÈVRE", "SM26", "PARIS"));
        entries.add(doctor("jerome.faure", "810000000002", "Jérôme", "FAURÉ", "SM04", "LYON"));
        entries.add(doctor("noel.legall", "810000000003", "Noël", "LE GALL", "SM26", "SAINT-ÉTIENNE"));
        for (int i = 0; i < 25; i++) {
            entries.add(doctor("martin" + i, String.format("8200000000%02d", i), "Anne", "MARTIN", "SM26", "NANTES"));
        }
        entries.add(SmallListing.Entry.organisation("urgences@" + DOMAIN, "Hôpital Nord", "Urgences"));
        SmallListing.importAll(new DirectoryImporter(database.dataSource()), folder.resolve("listing"), entries);
    }

    static SmallListing.Entry doctor(String local, String nationalId, String first, String last, String specialty, String city) {
        return new SmallListing.Entry(local + "@" + DOMAIN, MailboxType.PER, nationalId, "", "Docteur", first, last, "10",
            "Médecin", specialty, specialty.equals("SM04") ? "Cardiologie" : "Médecine générale", "Cabinet " + last, "75011",
            city, "");
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    private List<String> names(ProfessionalQuery query) {
        return search.professionals(query).items().stream()
            .map(listing -> listing.professional().firstName() + " " + listing.professional().lastName()).toList();
    }

    private static ProfessionalQuery query(String name, String family, String given, String specialty, String city) {
        return new ProfessionalQuery(name, family, given, "", specialty, city, true, 0, 20);
    }

    @Test
    void namesAreFoundWithoutAccentsOrCaseByWordPrefix() {
        assertThat(names(query("helene", null, null, null, null))).containsExactly("Hélène LEFÈVRE");
        assertThat(names(query("LEFEVRE", null, null, null, null))).containsExactly("Hélène LEFÈVRE");
        assertThat(names(query("gall", null, null, null, null))).containsExactly("Noël LE GALL");
        assertThat(names(query(null, "le g", null, null, null))).containsExactly("Noël LE GALL");
        assertThat(names(query(null, "fau", null, null, null))).containsExactly("Jérôme FAURÉ");
        assertThat(names(query(null, null, "jer", null, null))).containsExactly("Jérôme FAURÉ");
        assertThat(names(query(null, null, null, "SM04", null))).containsExactly("Jérôme FAURÉ");
        assertThat(names(query(null, null, null, null, "saint etienne"))).containsExactly("Noël LE GALL");
        assertThat(names(query(null, null, null, "SM26", "par"))).containsExactly("Hélène LEFÈVRE");
        assertThat(names(query("zzz", null, null, null, null))).isEmpty();
    }

    @Test
    void resultsComeAPageAtATimeWithTheirTotal() {
        DirectorySearch.Page<DirectorySearch.Listing> first = search.professionals(
            new ProfessionalQuery(null, "martin", null, "", "", null, true, 0, 10));
        DirectorySearch.Page<DirectorySearch.Listing> last = search.professionals(
            new ProfessionalQuery(null, "martin", null, "", "", null, true, 20, 10));
        assertThat(first.total()).isEqualTo(25);
        assertThat(first.items()).hasSize(10);
        assertThat(first.hasNext()).isTrue();
        assertThat(last.items()).hasSize(5);
        assertThat(last.hasNext()).isFalse();
        assertThat(first.items().get(0).mailboxes()).extracting(m -> m.address()).containsExactly("martin0@" + DOMAIN);
        assertThat(first.items().get(0).professional().activities()).extracting(a -> a.city()).containsExactly("NANTES");
        assertThatThrownBy(() -> new ProfessionalQuery("a", null, null, null, null, null, true, 0, 101))
            .isInstanceOf(DirectoryException.class).hasMessageContaining("between 1 and 100");
    }

    @Test
    void aMailboxCertificateIsRegisteredOnlyWhenItNamesTheMailboxAndFitsItsUse() {
        String address = "helene.lefevre@" + DOMAIN;
        MailboxCertificate signing = certificates.register(address, CertificateUsage.SIGNING,
            TestCertificateAuthority.pem(PKI.signing(address).certificate()).getBytes(StandardCharsets.US_ASCII));
        MailboxCertificate encryption = certificates.register(address.toUpperCase(), CertificateUsage.ENCRYPTION,
            X509Files.der(PKI.encryption(address).certificate()));
        assertThat(certificates.forMailbox(address)).extracting(MailboxCertificate::usage)
            .containsExactlyInAnyOrder(CertificateUsage.SIGNING, CertificateUsage.ENCRYPTION);
        assertThat(signing.issuer()).contains("Test AC Sante");
        assertThat(encryption.pem()).startsWith("-----BEGIN CERTIFICATE-----");

        assertRefused(() -> certificates.register(address, CertificateUsage.SIGNING,
            TestCertificateAuthority.pem(PKI.signing("jerome.faure@" + DOMAIN).certificate()).getBytes(StandardCharsets.US_ASCII)), "not " + address);
        assertRefused(() -> certificates.register(address, CertificateUsage.SIGNING,
            X509Files.der(PKI.encryption(address).certificate())), "does not allow signatures");
        assertRefused(() -> certificates.register(address, CertificateUsage.SIGNING,
            X509Files.der(PKI.expired(address).certificate())), "expired");
        assertRefused(() -> certificates.register(address, CertificateUsage.SIGNING, X509Files.der(PKI.certificate())), "names no e-mail");
        assertRefused(() -> certificates.register(address, CertificateUsage.SIGNING,
            "not a certificate".getBytes(StandardCharsets.US_ASCII)), "not an X.509 certificate");
        assertRefused(() -> certificates.register(address, CertificateUsage.SIGNING, new byte[0]), "is empty");
        assertRefused(() -> certificates.register("personne@" + DOMAIN, CertificateUsage.SIGNING,
            X509Files.der(PKI.signing("personne@" + DOMAIN).certificate())), "No mailbox personne@");
        // A renewed certificate is registered beside the old one; the very same certificate twice is not.
        byte[] twice = X509Files.der(PKI.signing(address).certificate());
        certificates.register(address, CertificateUsage.SIGNING, twice);
        assertRefused(() -> certificates.register(address, CertificateUsage.SIGNING, twice), "already registered");
    }

    @Test
    void trustAnchorsBelongToTrustedOperatorsAndAreCertificationAuthorities() {
        byte[] ca = TestCertificateAuthority.pem(PKI.certificate()).getBytes(StandardCharsets.US_ASCII);
        assertRefused(() -> certificates.addAnchors("chu-sud.test", ca), "not a trusted operator");
        new DirectoryAdmin(database.dataSource(), directory).addTrustedOperator("chu-sud.test", null);
        assertRefused(() -> certificates.addAnchors("chu-sud.test",
            X509Files.der(PKI.signing("x@chu-sud.test").certificate())), "not a CA");
        List<TrustAnchor> added = certificates.addAnchors("CHU-Sud.test", ca);
        assertThat(added).hasSize(1);
        assertThat(added.get(0).subject()).contains("Test AC Sante");
        assertThat(certificates.addAnchors("chu-sud.test", ca)).isEmpty();
        assertThat(certificates.anchors("chu-sud.test")).hasSize(1);
    }

    @Test
    void patientsAreRegisteredWithAValidInsAndAnActiveTreatingDoctor() {
        Ins ins = Ins.withComputedKey("2840775123456");
        Patient registered = patients.register(new Patient(ins, InsOid.NIR_TEST, "DUPONT", "Marie Claire", Optional.empty(),
            LocalDate.of(1984, 7, 12), "F", Optional.of(ins.matricule() + "@patient." + DOMAIN), Optional.of("810000000001")));
        assertThat(registered.treatingDoctor()).contains("810000000001");
        assertThat(patients.find(ins.matricule())).contains(registered);
        assertRefused(() -> patients.register(registered), "already registered");
        assertRefused(() -> patients.setTreatingDoctor(ins.matricule(), Optional.of("899999999999")), "No professional");
        patients.setTreatingDoctor(ins.matricule(), Optional.of("810000000002"));
        assertThat(patients.find(ins.matricule()).orElseThrow().treatingDoctor()).contains("810000000002");
        assertRefused(() -> new Ins("284077512345600"), "has key 00");
        Ins other = Ins.withComputedKey("1750599123456");
        assertRefused(() -> patients.register(new Patient(other, InsOid.NIR, "X", "Y", Optional.empty(),
            LocalDate.now().plusDays(1), "M", Optional.empty(), Optional.empty())), "in the future");
        assertRefused(() -> patients.register(new Patient(other, InsOid.NIR, "X", "Y", Optional.empty(),
            LocalDate.of(1975, 5, 1), "Z", Optional.empty(), Optional.empty())), "Sex must be");
        assertThat(InsOid.parse("1.2.250.1.213.1.4.9")).isEqualTo(InsOid.NIA);
        assertRefused(() -> InsOid.parse("1.2.3"), "not an INS identifier type");
    }

    private static void assertRefused(Runnable action, String reason) {
        assertThatThrownBy(action::run).isInstanceOf(DirectoryException.class).hasMessageContaining(reason);
    }

}
