package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.MailboxType;
import fr.mssnode.directory.extract.DirectoryImporter;
import fr.mssnode.directory.extract.SmallListing;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.directory.trust.TestCertificateAuthority;
import fr.mssnode.mail.admin.AdminCommands;
import fr.mssnode.mail.testing.TestNode;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The directory API over real HTTPS with the node's certificate: FHIR searches and reads, the address lookup
 * with S/MIME certificates, problem+json errors, authentication. One node per vendor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DirectoryApiContract {
    static final String GP = "helene.lefevre@" + TestNode.DOMAIN;
    static final String GP_ID = "810000000001";
    static final String PASSWORD = "Tulipe-Verte-2031";
    static final String PATIENT = Ins.withComputedKey("1850578006084").matricule() + "@" + TestNode.PATIENT_DOMAIN;
    static final JsonMapper JSON = JsonMapper.builder().build();

    TestNode node;
    HttpClient client;
    Path work;

    abstract TestDatabase newDatabase();

    @BeforeAll
    void startNode() throws Exception {
        work = Files.createTempDirectory("directory-api");
        node = new TestNode(newDatabase(), work.resolve("node")).start();
        List<SmallListing.Entry> entries = new ArrayList<>();
        entries.add(new SmallListing.Entry(GP, MailboxType.PER, GP_ID, "", "Docteur", "Hélène", "LEFÈVRE", "10", "Médecin",
            "SM26", "Qualifié en Médecine Générale", "Cabinet du Marais", "75003", "PARIS", ""));
        for (int i = 0; i < 25; i++) {
            entries.add(SmallListing.Entry.professional("anne.martin" + i + "@" + TestNode.DOMAIN,
                String.format("8200000000%02d", i), "Anne", "MARTIN", "10", "Médecin", "Cardiologie", "Clinique du Parc",
                "44000", "NANTES"));
        }
        entries.add(SmallListing.Entry.organisation("urgences@" + TestNode.DOMAIN, "Hôpital Nord", "Urgences"));
        SmallListing.importAll(node.bean(DirectoryImporter.class), work.resolve("listing"), entries);
        node.admin().createAccount(GP, AccountKind.PROFESSIONAL, "Dr Hélène Lefèvre", PASSWORD);
        node.admin().createAccount(PATIENT, AccountKind.PATIENT, "Patient", PASSWORD);
        node.admin().addTrustedOperator("chu-sud.test", null);
        client = HttpClient.newBuilder().sslContext(node.clientTls()).build();
    }

    @AfterAll
    void stopNode() {
        if (node != null) {
            node.close();
            node.database().close();
        }
    }

    private HttpResponse<String> get(String path, String login, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(path.startsWith("https:") ? path
            : "https://127.0.0.1:" + node.httpsPort() + path));
        if (login != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (login + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode ok(String path) throws Exception {
        HttpResponse<String> response = get(path, GP, PASSWORD);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    private JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
            type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        return problem;
    }

    @Test
    void onlyAuthenticatedProfessionalsMayAsk() throws Exception {
        HttpResponse<String> anonymous = get("/fhir/Practitioner?name=helene", null, null);
        assertThat(problem(anonymous, 401).get("detail").asString()).contains("MSSanté address and password");
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
            value -> assertThat(value).startsWith("Basic"));
        assertThat(problem(get("/fhir/Practitioner?name=helene", GP, "wrong-password"), 401).get("detail").asString())
            .contains("wrong password");
        assertThat(problem(get("/api/directory/addresses/" + GP, PATIENT, PASSWORD), 403).get("detail").asString())
            .contains("health professionals");
        // Both challenges are offered; a header that is not Basic base64 is a 401 with a problem body too.
        assertThat(anonymous.headers().allValues("WWW-Authenticate")).anySatisfy(value -> assertThat(value).startsWith("Bearer"));
        HttpResponse<String> garbled = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.httpsPort()
            + "/fhir/Practitioner?name=helene")).header("Authorization", "Basic %%%not-base64").build(),
            HttpResponse.BodyHandlers.ofString());
        problem(garbled, 401);
        // Signed in: no session cookie (every request signs in), and Spring Security's protective headers.
        HttpResponse<String> signedIn = get("/fhir/Practitioner?name=helene", GP, PASSWORD);
        assertThat(signedIn.statusCode()).isEqualTo(200);
        assertThat(signedIn.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(signedIn.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(signedIn.headers().firstValue("Cache-Control")).hasValueSatisfying(value -> assertThat(value).contains("no-store"));
        // The status page stays open.
        assertThat(get("/api/status", null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void practitionersAreFoundWithoutAccentsAsFhirResources() throws Exception {
        JsonNode bundle = ok("/fhir/Practitioner?name=helene");
        assertThat(bundle.get("resourceType").asString()).isEqualTo("Bundle");
        assertThat(bundle.get("total").asInt()).isEqualTo(1);
        JsonNode practitioner = bundle.get("entry").get(0).get("resource");
        assertThat(practitioner.get("resourceType").asString()).isEqualTo("Practitioner");
        assertThat(practitioner.get("id").asString()).isEqualTo(GP_ID);
        assertThat(practitioner.get("identifier").get(0).get("system").asString()).isEqualTo("urn:oid:1.2.250.1.71.4.2.1");
        assertThat(practitioner.get("name").get(0).get("family").asString()).isEqualTo("LEFÈVRE");
        assertThat(practitioner.get("name").get(0).get("given").get(0).asString()).isEqualTo("Hélène");
        assertThat(practitioner.get("telecom").get(0).get("value").asString()).isEqualTo(GP);
        assertThat(practitioner.get("qualification").get(1).get("code").get("coding").get(0).get("code").asString())
            .isEqualTo("SM26");
        assertThat(ok("/fhir/Practitioner?family=LEFEVRE&address-city=paris").get("total").asInt()).isEqualTo(1);
        assertThat(ok("/fhir/Practitioner?given=h%C3%A9l&specialty=SM26").get("total").asInt()).isEqualTo(1);
        assertThat(ok("/fhir/Practitioner?name=helene&address-city=nantes").get("total").asInt()).isZero();
    }

    @Test
    void resultsComeAPageAtATimeWithNextLinks() throws Exception {
        JsonNode first = ok("/fhir/Practitioner?family=martin&_count=10");
        assertThat(first.get("total").asInt()).isEqualTo(25);
        assertThat(first.get("entry").size()).isEqualTo(10);
        String next = link(first, "next");
        assertThat(next).contains("_offset=10");
        JsonNode second = ok(URI.create(next).getRawPath() + "?" + URI.create(next).getRawQuery());
        String third = link(second, "next");
        JsonNode last = ok(URI.create(third).getRawPath() + "?" + URI.create(third).getRawQuery());
        assertThat(last.get("entry").size()).isEqualTo(5);
        assertThat(link(last, "next")).isNull();
        assertThat(link(last, "previous")).contains("_offset=10");
        List<String> ids = new ArrayList<>();
        for (JsonNode page : List.of(first, second, last)) {
            page.get("entry").forEach(entry -> ids.add(entry.get("resource").get("id").asString()));
        }
        assertThat(ids).doesNotHaveDuplicates().hasSize(25);
    }

    private static String link(JsonNode bundle, String relation) {
        for (JsonNode link : bundle.get("link")) {
            if (link.get("relation").asString().equals(relation)) {
                return link.get("url").asString();
            }
        }
        return null;
    }

    @Test
    void badRequestsAndUnknownIdsAreProblems() throws Exception {
        assertThat(problem(get("/fhir/Practitioner/899999999999", GP, PASSWORD), 404).get("detail").asString())
            .contains("899999999999");
        assertThat(problem(get("/fhir/Practitioner?_count=500", GP, PASSWORD), 400).get("detail").asString())
            .contains("between 1 and 100");
        assertThat(problem(get("/fhir/Practitioner?colour=blue", GP, PASSWORD), 400).get("detail").asString())
            .contains("Unknown search parameter 'colour'");
        assertThat(problem(get("/fhir/Practitioner?_offset=x", GP, PASSWORD), 400).get("detail").asString())
            .contains("whole number");
        assertThat(problem(get("/api/directory/addresses/personne@" + TestNode.DOMAIN, GP, PASSWORD), 404)
            .get("detail").asString()).contains("No mailbox");
        assertThat(problem(get("/api/directory/addresses/not-an-address", GP, PASSWORD), 400).get("detail").asString())
            .contains("not an e-mail address");
    }

    @Test
    void theAddressLookupGivesTheOwnerAndTheCertificatesRegisteredByTheAdminCommand() throws Exception {
        TestCertificateAuthority pki = new TestCertificateAuthority("AC Test Sante");
        X509Certificate signing = pki.signing(GP).certificate();
        Path pem = work.resolve("gp-signing.pem");
        Files.writeString(pem, TestCertificateAuthority.pem(signing));
        Path wrong = work.resolve("other.pem");
        Files.writeString(wrong, TestCertificateAuthority.pem(pki.signing("anne.martin1@" + TestNode.DOMAIN).certificate()));
        AdminCommands commands = node.bean(AdminCommands.class);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(commands.run(List.of("directory", "import-certificate", "--address", GP, "--usage", "signing",
            "--file", pem.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("Registered the signing certificate of " + GP);
        assertThat(commands.run(List.of("directory", "import-certificate", "--address", GP, "--usage", "signing",
            "--file", wrong.toString()), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("Refused: The certificate names anne.martin1@");

        assertThat(run(commands, "directory", "lookup", "--address", GP)).contains("signing certificate: C=FR,O=Test,CN=" + GP);

        JsonNode lookup = ok("/api/directory/addresses/" + URLEncoder.encode(GP.toUpperCase(), StandardCharsets.UTF_8));
        assertThat(lookup.get("address").asString()).isEqualTo(GP);
        assertThat(lookup.get("status").asString()).isEqualTo("local-active");
        assertThat(lookup.get("owner").get("nationalId").asString()).isEqualTo(GP_ID);
        assertThat(lookup.get("certificates").size()).isEqualTo(1);
        assertThat(lookup.get("certificates").get(0).get("usage").asString()).isEqualTo("signing");
        assertThat(lookup.get("certificates").get(0).get("pem").asString()).isEqualTo(TestCertificateAuthority.pem(signing).replace("\r\n", "\n"));

        JsonNode practitioner = ok("/fhir/Practitioner/" + GP_ID);
        JsonNode certificate = practitioner.get("telecom").get(0).get("extension").get(1);
        assertThat(certificate.get("url").asString()).endsWith("smime-certificate");
        assertThat(certificate.get("extension").get(2).get("valueBase64Binary").asString())
            .isEqualTo(Base64.getEncoder().encodeToString(signing.getEncoded()));
        assertThat(practitioner.get("contained").get(0).get("resourceType").asString()).isEqualTo("PractitionerRole");
        assertThat(practitioner.get("contained").get(1).get("name").asString()).isEqualTo("Cabinet du Marais");

        JsonNode remote = ok("/api/directory/addresses/dr.roux@chu-sud.test");
        assertThat(remote.get("status").asString()).isEqualTo("trusted-remote");
        JsonNode organisation = ok("/api/directory/addresses/urgences@" + TestNode.DOMAIN);
        assertThat(organisation.get("mailbox").get("type").asString()).isEqualTo("ORG");
    }

    private static String run(AdminCommands commands, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = commands.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        return exit + " " + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void patientsAreRegisteredByCommandWithTheirTreatingDoctor() {
        AdminCommands commands = node.bean(AdminCommands.class);
        String ins = Ins.withComputedKey("2850775123456").matricule();
        assertThat(run(commands, "patient", "add", "--ins", ins, "--oid", "nir-test", "--birth-name", "DUPONT",
            "--first-names", "Marie Claire", "--birth-date", "1985-07-12", "--sex", "F", "--treating-doctor", GP_ID,
            "--inbox")).startsWith("0 Registered patient " + ins).contains(ins + "@" + TestNode.PATIENT_DOMAIN);
        assertThat(run(commands, "patient", "show", "--ins", ins)).startsWith("0 ")
            .contains("1.2.250.1.213.1.4.10").contains("Treating doctor Docteur Hélène LEFÈVRE (" + GP_ID + ")");
        assertThat(run(commands, "patient", "add", "--ins", "285077512345600", "--birth-name", "X", "--first-names", "Y",
            "--birth-date", "1985-07-12", "--sex", "F")).startsWith("1 ").contains("Refused: INS '285077512345600' has key 00");
        assertThat(run(commands, "patient", "add", "--ins", Ins.withComputedKey("1850775123456").matricule(),
            "--birth-name", "X", "--first-names", "Y", "--birth-date", "12/07/1985", "--sex", "M"))
            .startsWith("2 ").contains("YYYY-MM-DD");
        assertThat(run(commands, "patient", "set-treating-doctor", "--ins", ins, "--doctor", "899999999999"))
            .startsWith("1 ").contains("No professional 899999999999");
    }

    @Test
    void rolesComeWithTheirOrganizationsAndTheApiIsDescribed() throws Exception {
        JsonNode roles = ok("/fhir/PractitionerRole?practitioner=Practitioner/" + GP_ID);
        assertThat(roles.get("total").asInt()).isEqualTo(1);
        assertThat(roles.get("entry").get(0).get("resource").get("practitioner").get("reference").asString())
            .isEqualTo("Practitioner/" + GP_ID);
        assertThat(roles.get("entry").get(1).get("search").get("mode").asString()).isEqualTo("include");
        assertThat(roles.get("entry").get(1).get("resource").get("address").get(0).get("city").asString()).isEqualTo("PARIS");

        HttpResponse<String> openApi = get("/v3/api-docs", null, null);
        assertThat(openApi.statusCode()).isEqualTo(200);
        JsonNode paths = JSON.readTree(openApi.body()).get("paths");
        assertThat(paths.has("/fhir/Practitioner")).isTrue();
        assertThat(paths.has("/api/directory/addresses/{address}")).isTrue();
    }
}
