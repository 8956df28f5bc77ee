package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.InsOid;
import fr.mssnode.directory.Mailbox;
import fr.mssnode.directory.Patient;
import fr.mssnode.directory.Patients;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.fixtures.cda.CdaBuilder;
import fr.mssnode.fixtures.cda.RealisticCorpus;
import fr.mssnode.fixtures.cda.XdmBuilder;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.SmtpDialogue;
import fr.mssnode.mail.testing.TestNode;

import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The patient in the loop, end to end, over the node's real protocols: documents arrive by mail (XDM packages as
 * hospital software sends them, each flag of the dossier), and then every kind of reader (the patient, their
 * treating doctor, the author, the care team, an organisation mailbox, a professional the patient authorised, one
 * they blocked, an emergency access open and one ended, a stranger) goes down every read path of the HTTPS API:
 * dossier, original, rendering, embedded file, versions, synthesis, search with its totals, facets and highlights.
 * The patient reads the copies and notices over IMAPS, answers over SMTP within the MSSanté rules, and reads the
 * access history. Once per database vendor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class PatientAccessContract {
    static final String PASSWORD = "Tulipe-Verte-2031";
    static final String D = "@" + TestNode.DOMAIN;
    static final String TREATING = "dr.traitant" + D;
    static final String AUTHOR = "dr.auteur" + D;
    static final String CARE = "dr.equipe" + D;
    static final String ORGANISATION = "secretariat.cardio" + D;
    static final String AUTHORISED = "dr.autorise" + D;
    static final String BLOCKED = "dr.bloque" + D;
    static final String EMERGENCY = "dr.urgence" + D;
    static final String ENDED = "dr.expire" + D;
    static final String STRANGER = "dr.inconnu" + D;
    static final String INS = Ins.withComputedKey("2850575120005").matricule();
    static final String OTHER_INS = Ins.withComputedKey("1690175120021").matricule();
    static final String PATIENT = INS + "@" + TestNode.PATIENT_DOMAIN;
    static final String OTHER_PATIENT = OTHER_INS + "@" + TestNode.PATIENT_DOMAIN;
    static final String ROOT = InsOid.NIR_TEST.oid();
    static final JsonMapper JSON = JsonMapper.builder().build();
    /** The four kinds of document in the dossier, each as a letter (level 3) and an imaging report with a PDF. */
    static final List<String> WORDS = List.of("alpha", "bravo", "charlie", "delta");

    TestNode node;
    HttpClient client;
    final Map<String, String> nationalIds = new LinkedHashMap<>();
    /** Document id by key: alpha, alpha-pdf, ... */
    final Map<String, Long> documents = new LinkedHashMap<>();
    final Map<String, byte[]> pdfs = new LinkedHashMap<>();
    byte[] alphaPackage;

    abstract TestDatabase newDatabase();

    @BeforeAll
    void start() throws Exception {
        node = new TestNode(newDatabase(), Files.createTempDirectory("patient-access"))
            .with("node.dossier.patient-reminder-after", "2s")
            .with("node.dossier.patient-copy-sweep", "1s")
            .start();
        for (String address : List.of(TREATING, AUTHOR, CARE, AUTHORISED, BLOCKED, EMERGENCY, ENDED, STRANGER)) {
            node.createAccount(address, AccountKind.PROFESSIONAL, PASSWORD);
            nationalIds.put(address, node.directory().mailbox(address).flatMap(Mailbox::ownerNationalId).orElseThrow());
        }
        node.createAccount(ORGANISATION, AccountKind.ORGANISATION, PASSWORD);
        node.createAccount(PATIENT, AccountKind.PATIENT, PASSWORD);
        node.createAccount(OTHER_PATIENT, AccountKind.PATIENT, PASSWORD);
        Patients patients = node.bean(Patients.class);
        patients.register(new Patient(new Ins(INS), InsOid.NIR_TEST, "DURAND", "Camille", Optional.empty(),
            LocalDate.of(1985, 5, 12), "F", Optional.of(PATIENT), Optional.of(nationalIds.get(TREATING))));
        client = HttpClient.newBuilder().sslContext(node.clientTls()).build();

        // The author's software sends one XDM package per kind of document to the care team, the blocked
        // professional and the secretariat: as filed, masked from professionals, not yet visible to the patient,
        // and one the patient will mask (sent in two versions).
        String[] flags = {null, "MASQUE_PS", "INVISIBLE_PATIENT", null};
        for (int i = 0; i < WORDS.size(); i++) {
            String word = WORDS.get(i);
            byte[] zip = xdm(word, 1, flags[i]);
            if (word.equals("alpha")) {
                alphaPackage = zip;
            }
            send(AUTHOR, List.of(CARE, BLOCKED, ORGANISATION), "Documents " + word, zip, "application/zip", "IHE_XDM.ZIP");
        }
        awaitSearch(TREATING, "q=commun&ins=" + INS, 8);
        send(AUTHOR, List.of(CARE), "Documents delta v2", xdm("delta", 2, null), "application/zip", "IHE_XDM.ZIP");
        // Another patient's letter, to the care team, in a dossier whose patient opposes emergency access.
        send(AUTHOR, List.of(CARE), "Lettre autre patient", letter(OTHER_INS, "autre-1", "echo", 1, null, null),
            "text/xml", "lettre.xml");
        awaitSearch(TREATING, "q=commun&ins=" + INS + "&history=true", 9);
        awaitSearch(CARE, "q=echo", 1);
        for (JsonNode rubric : ok(get("/api/dossiers/" + INS, TREATING)).get("rubrics")) {
            for (JsonNode document : rubric.get("documents")) {
                String title = document.get("title").asString();
                String word = title.split(" ")[1];
                documents.put(title.startsWith("Lettre") ? word : word + "-pdf", document.get("id").asLong());
            }
        }
        assertThat(documents).hasSize(8);

        // The patient's choices; an emergency access open, one ended.
        assertThat(post("/api/patient/documents/" + documents.get("delta") + "/mask", PATIENT, "").statusCode()).isEqualTo(200);
        assertThat(post("/api/patient/documents/" + documents.get("delta-pdf") + "/mask", PATIENT, "").statusCode()).isEqualTo(200);
        assertThat(post("/api/patient/blocked", PATIENT, "{\"nationalId\":\"" + nationalIds.get(BLOCKED) + "\"}").statusCode())
            .isEqualTo(201);
        assertThat(post("/api/patient/authorised", PATIENT, "{\"nationalId\":\"" + nationalIds.get(AUTHORISED) + "\"}")
            .statusCode()).isEqualTo(201);
        assertThat(post("/api/dossiers/" + INS + "/break-glass", EMERGENCY,
            "{\"reason\":\"Patiente admise inconsciente aux urgences\"}").statusCode()).isEqualTo(201);
        new JdbcTemplate(node.bean(DataSource.class)).update("INSERT INTO dossier_break_glass (ins, national_id, address, reason,"
                + " opened_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)", INS, nationalIds.get(ENDED), ENDED,
            "Détresse respiratoire la nuit dernière", Timestamp.from(Instant.now().minus(Duration.ofHours(5))),
            Timestamp.from(Instant.now().minus(Duration.ofHours(1))));
        assertThat(put("/api/patient/emergency-access", OTHER_PATIENT, "{\"allowed\":false}").statusCode()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
            node.database().close();
        }
    }

    // ------------------------------------------------------------------------------------------------ documents

    private byte[] letter(String ins, String id, String word, int version, String replaces, String confidentiality) {
        CdaBuilder cda = CdaBuilder.of("11490-0", "Lettre de liaison à la sortie").title("Lettre " + word + " commun")
            .id("1.2.250.1.999.1.1", id).version("set-" + word, version).effectiveTime("20261120143000+0100")
            .author(nationalIds.get(AUTHOR), "Anne", "AUTEUR").patient(ROOT, ins, "DURAND", "Camille", "19850512", "F")
            .section("18776-5", "Conclusion", "Observation " + word + " : surveillance commune du service.")
            .section("10160-0", "Traitements de sortie", "Traitement " + word,
                CdaBuilder.medication("34009" + word.length(), "MEDICAMENT " + word.toUpperCase(), "1", "{cp}"));
        if (replaces != null) {
            cda.replaces(replaces);
        }
        if (confidentiality != null) {
            cda.confidentiality(confidentiality);
        }
        return cda.build().getBytes(StandardCharsets.UTF_8);
    }

    /** A package with the letter (version {@code version}) and, in the first version, an imaging report with a PDF. */
    private byte[] xdm(String word, int version, String flag) {
        XdmBuilder xdm = new XdmBuilder("SUBSET01", INS, ROOT, nationalIds.get(AUTHOR));
        String[] codes = flag == null ? new String[] {"N"} : new String[] {"N", flag};
        xdm.document("LETTRE.XML", "text/xml", letter(INS, word + "-" + version, word, version,
            version > 1 ? word + "-" + (version - 1) : null, null), "11490-0", "Lettre de liaison", "Lettre " + word, codes);
        if (version == 1) {
            byte[] pdf = RealisticCorpus.pdf(word.hashCode(), 160 * 1024);
            pdfs.put(word, pdf);
            byte[] imaging = CdaBuilder.of("18748-4", "Compte rendu d'imagerie médicale").title("Imagerie " + word + " commun")
                .id("1.2.250.1.999.1.1", word + "-img").author(nationalIds.get(AUTHOR), "Anne", "AUTEUR")
                .patient(ROOT, INS, "DURAND", "Camille", "19850512", "F").nonXmlBody("application/pdf", pdf).build()
                .getBytes(StandardCharsets.UTF_8);
            xdm.document("IMAGERIE.XML", "text/xml", imaging, "18748-4", "Compte rendu d'imagerie", "Imagerie " + word, codes);
        }
        return xdm.build();
    }

    private void send(String from, List<String> to, String subject, byte[] attachment, String mediaType, String fileName,
                      String... headers) throws Exception {
        Session session = node.mailSession();
        MimeMessage message = new MimeMessage(session);
        for (int i = 0; i + 1 < headers.length; i += 2) {
            message.setHeader(headers[i], headers[i + 1]);
        }
        message.setFrom(new InternetAddress(from));
        for (String recipient : to) {
            message.addRecipient(Message.RecipientType.TO, new InternetAddress(recipient));
        }
        message.setSubject(subject, "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Bonjour, ci-joint les documents.", "UTF-8");
        if (attachment == null) {
            message.setContent(new MimeMultipart(text));
        } else {
            MimeBodyPart document = new MimeBodyPart();
            document.setDataHandler(new jakarta.activation.DataHandler(new ByteArrayDataSource(attachment, mediaType)));
            document.setFileName(fileName);
            document.setHeader("Content-Transfer-Encoding", "base64");
            message.setContent(new MimeMultipart(text, document));
        }
        Transport.send(message, from, PASSWORD);
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    private HttpResponse<byte[]> request(String method, String path, String login, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.httpsPort() + path))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((login + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8)));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String path, String login) throws Exception {
        return request("GET", path, login, null);
    }

    HttpResponse<byte[]> post(String path, String login, String json) throws Exception {
        return request("POST", path, login, json);
    }

    HttpResponse<byte[]> put(String path, String login, String json) throws Exception {
        return request("PUT", path, login, json);
    }

    static JsonNode ok(HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(response.uri() + " " + body).isEqualTo(200);
        return JSON.readTree(body);
    }

    /** A refusal: the status, problem+json, and its sentence. */
    static JsonNode problem(HttpResponse<byte[]> response, int status) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        assertThat(response.statusCode()).as(response.uri() + " " + body).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
            type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = JSON.readTree(body);
        assertThat(problem.get("detail").asString()).isNotBlank();
        return problem;
    }

    private JsonNode awaitSearch(String login, String query, int total) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        JsonNode found = ok(get("/api/dossiers/search?" + query, login));
        while (found.get("total").asInt() < total && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = ok(get("/api/dossiers/search?" + query, login));
        }
        assertThat(found.get("total").asInt()).as(query).isEqualTo(total);
        return found;
    }

    // ------------------------------------------------------------------------------------------------ the matrix

    /** One reader: their ground in the dossier (or the reason of their refusal) and the documents they see. */
    record Reader(String address, String ground, String refusal, Set<String> sees) {
    }

    static Set<String> keys(String... words) {
        Set<String> keys = new HashSet<>();
        for (String word : words) {
            keys.add(word);
            keys.add(word + "-pdf");
        }
        return keys;
    }

    static List<Reader> professionals() {
        return List.of(
            new Reader(TREATING, "treating-doctor", null, keys("alpha", "bravo", "charlie", "delta")),
            new Reader(AUTHOR, "care-team", null, keys("alpha", "bravo", "charlie", "delta")),
            new Reader(CARE, "care-team", null, keys("alpha", "charlie")),
            new Reader(ORGANISATION, "care-team", null, keys("alpha", "charlie")),
            new Reader(AUTHORISED, "authorised", null, keys("alpha", "charlie")),
            new Reader(EMERGENCY, "break-glass", null, keys("alpha", "charlie")),
            new Reader(BLOCKED, null, "blocked", Set.of()),
            new Reader(ENDED, null, "emergency-access-ended", Set.of()),
            new Reader(STRANGER, null, "not-in-care", Set.of()));
    }

    @Test
    @Order(1)
    void everyProfessionalReadsOnTheirGroundOnEveryReadPathAndNothingMore() throws Exception {
        for (Reader reader : professionals()) {
            String who = reader.address();
            HttpResponse<byte[]> dossier = get("/api/dossiers/" + INS, who);
            if (reader.refusal() != null) {
                assertThat(problem(dossier, 403).get("reason").asString()).as(who).isEqualTo(reader.refusal());
            } else {
                JsonNode body = ok(dossier);
                assertThat(body.get("access").get("ground").asString()).as(who).isEqualTo(reader.ground());
                Set<Long> listed = new HashSet<>(body.get("rubrics").findValues("id").stream().map(JsonNode::asLong).toList());
                assertThat(listed).as(who + " dossier").isEqualTo(ids(reader.sees()));
            }
            for (Map.Entry<String, Long> document : documents.entrySet()) {
                boolean sees = reader.sees().contains(document.getKey());
                String self = "/api/dossiers/" + INS + "/documents/" + document.getValue();
                for (String path : List.of(self, self + "/html", self + "/versions")) {
                    expect(get(path, who), reader, sees, who + " " + document.getKey() + " " + path);
                }
                if (document.getKey().endsWith("-pdf")) {
                    HttpResponse<byte[]> embedded = get(self + "/embedded", who);
                    expect(embedded, reader, sees, who + " embedded " + document.getKey());
                    if (sees) {
                        assertThat(embedded.body()).isEqualTo(pdfs.get(document.getKey().replace("-pdf", "")));
                    }
                }
            }
            HttpResponse<byte[]> synthesis = get("/api/dossiers/" + INS + "/synthesis", who);
            if (reader.refusal() != null) {
                problem(synthesis, 403);
            } else {
                Set<String> medications = new HashSet<>(ok(synthesis).get("medication").findValuesAsString("display"));
                assertThat(medications).as(who + " synthesis").isEqualTo(medications(reader.sees()));
            }
            searchShowsOnlyWhatIsSeen(reader);
        }
    }

    private void expect(HttpResponse<byte[]> response, Reader reader, boolean sees, String what) {
        if (reader.refusal() != null) {
            assertThat(problem(response, 403).get("reason").asString()).as(what).isEqualTo(reader.refusal());
        } else if (sees) {
            assertThat(response.statusCode()).as(what).isEqualTo(200);
        } else {
            // A hidden document is not found: its existence does not leak either.
            problem(response, 404);
        }
    }

    private Set<Long> ids(Set<String> keys) {
        Set<Long> ids = new HashSet<>();
        keys.forEach(key -> ids.add(documents.get(key)));
        return ids;
    }

    private static Set<String> medications(Set<String> keys) {
        Set<String> medications = new HashSet<>();
        keys.stream().filter(k -> !k.endsWith("-pdf")).forEach(k -> medications.add("MEDICAMENT " + k.toUpperCase()));
        return medications;
    }

    /** Totals, facets, hits and highlights count only what the reader sees, in this dossier and across all. */
    private void searchShowsOnlyWhatIsSeen(Reader reader) throws Exception {
        String who = reader.address();
        HttpResponse<byte[]> inDossier = get("/api/dossiers/search?q=commun&size=100&ins=" + INS, who);
        if (reader.refusal() != null) {
            problem(inDossier, 403);
        } else {
            JsonNode found = ok(inDossier);
            assertThat(found.get("total").asInt()).as(who + " total").isEqualTo(reader.sees().size());
            long faceted = 0;
            for (JsonNode count : found.get("facets").get("type")) {
                faceted += count.asLong();
            }
            assertThat(faceted).as(who + " facets").isEqualTo(reader.sees().size());
            assertThat(new HashSet<>(found.get("hits").findValues("id").stream().map(JsonNode::asLong).toList()))
                .isEqualTo(ids(reader.sees()));
            assertThat(found.get("hits").findValuesAsString("ground")).containsOnly(reader.ground());
        }
        for (String word : WORDS) {
            JsonNode everywhere = ok(get("/api/dossiers/search?size=100&q=" + word, who));
            int expected = (int) reader.sees().stream().filter(k -> k.startsWith(word)).count();
            assertThat(everywhere.get("total").asInt()).as(who + " searching " + word + " everywhere").isEqualTo(expected);
            long typed = 0;
            for (JsonNode count : everywhere.get("facets").get("type")) {
                typed += count.asLong();
            }
            assertThat(typed).isEqualTo(expected);
            if (expected == 0) {
                assertThat(everywhere.toString()).as(who + " highlights").doesNotContain("<mark>");
            }
        }
    }

    @Test
    @Order(2)
    void thePatientReadsTheirDossierExceptWhatWaitsForAnAnnouncementAndNoOneElses() throws Exception {
        Set<String> sees = keys("alpha", "bravo", "delta");
        JsonNode dossier = ok(get("/api/patient/dossier", PATIENT));
        assertThat(dossier.get("ins").asString()).isEqualTo(INS);
        Set<Long> listed = new HashSet<>(dossier.get("rubrics").findValues("id").stream().map(JsonNode::asLong).toList());
        assertThat(listed).isEqualTo(ids(sees));
        for (Map.Entry<String, Long> document : documents.entrySet()) {
            String self = "/api/patient/documents/" + document.getValue();
            for (String path : List.of(self, self + "/html")) {
                HttpResponse<byte[]> response = get(path, PATIENT);
                if (sees.contains(document.getKey())) {
                    assertThat(response.statusCode()).as(path).isEqualTo(200);
                } else {
                    problem(response, 404);
                }
            }
        }
        assertThat(new String(get("/api/patient/documents/" + documents.get("bravo") + "/html", PATIENT).body(),
            StandardCharsets.UTF_8)).contains("<h1>Lettre bravo commun</h1>");
        assertThat(get("/api/patient/documents/" + documents.get("alpha-pdf") + "/embedded", PATIENT).body())
            .isEqualTo(pdfs.get("alpha"));
        assertThat(new HashSet<>(ok(get("/api/patient/synthesis", PATIENT)).get("medication").findValuesAsString("display")))
            .isEqualTo(medications(sees));
        // Her masking shows in her own dossier.
        assertThat(dossier.get("rubrics").findValues("maskedFromProfessionals").stream().filter(JsonNode::asBoolean).count())
            .as("bravo by its metadata, delta by her").isEqualTo(4);

        // Each space is its own: no patient in the professionals' API, no professional in the patient's.
        assertThat(problem(get("/api/dossiers/" + INS, PATIENT), 403).get("title").asString()).isEqualTo("Not for patient accounts");
        problem(get("/api/patient/dossier", CARE), 403);
        JsonNode empty = ok(get("/api/patient/dossier", OTHER_PATIENT));
        assertThat(empty.get("ins").asString()).isEqualTo(OTHER_INS);
        problem(get("/api/patient/documents/" + documents.get("alpha"), OTHER_PATIENT), 404);
    }

    @Test
    @Order(3)
    void theAccessHistoryShowsEveryReaderWithTheirGroundAndEveryRefusalWithItsReason() throws Exception {
        JsonNode accesses = ok(get("/api/patient/accesses?limit=1000", PATIENT));
        List<JsonNode> events = new ArrayList<>();
        accesses.forEach(events::add);
        assertThat(events).isNotEmpty();
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i - 1).get("seq").asLong()).as("newest first").isGreaterThan(events.get(i).get("seq").asLong());
        }
        for (Reader reader : professionals()) {
            List<JsonNode> theirs = events.stream().filter(e -> e.get("address").asString().equals(reader.address())).toList();
            assertThat(theirs).as(reader.address()).isNotEmpty();
            assertThat(theirs).allSatisfy(e -> assertThat(e.get("nationalId").isNull()).isEqualTo(
                reader.address().equals(ORGANISATION)));
            if (reader.refusal() != null) {
                assertThat(theirs).allSatisfy(e -> {
                    assertThat(e.get("outcome").asString()).isEqualTo("refused");
                    assertThat(e.get("reason").asString()).startsWith(reader.refusal());
                });
            } else {
                assertThat(theirs.stream().filter(e -> e.get("outcome").asString().equals("granted"))
                    .map(e -> e.get("ground").asString())).contains(reader.ground());
            }
        }
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("action").asString()).isEqualTo("break-glass");
            assertThat(e.get("address").asString()).isEqualTo(EMERGENCY);
            assertThat(e.get("reason").asString()).isEqualTo("Patiente admise inconsciente aux urgences");
            assertThat(e.get("who").asString()).contains("URGENCE");
        });
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("action").asString()).isEqualTo("search");
            assertThat(e.get("address").asString()).isEqualTo(CARE);
            assertThat(e.get("documents").size()).isPositive();
        });
        assertThat(events).anySatisfy(e -> assertThat(e.get("action").asString()).isEqualTo("embedded-file"));
        assertThat(events.stream().map(e -> e.get("action").asString()))
            .contains("dossier", "document", "rendering", "versions", "synthesis", "mask", "block", "authorise");
        // The author reads their masked documents as their author.
        assertThat(events).anySatisfy(e -> {
            assertThat(e.get("address").asString()).isEqualTo(AUTHOR);
            assertThat(e.get("ground").asString()).isEqualTo("author");
        });
        assertThat(accesses.toString()).as("never any document content").doesNotContain("surveillance commune");
    }

    @Test
    @Order(4)
    void breakTheGlassIsRefusedWithTheReasonWhenItMustBe() throws Exception {
        JsonNode blocked = problem(post("/api/dossiers/" + INS + "/break-glass", BLOCKED,
            "{\"reason\":\"Patiente en arrêt cardiaque\"}"), 403);
        assertThat(blocked.get("detail").asString()).isEqualTo("The patient has blocked your access to their dossier.");
        assertThat(problem(post("/api/dossiers/" + INS + "/break-glass", CARE, "{\"reason\":\"Urgence vitale en cours\"}"), 409)
            .get("reason").asString()).isEqualTo("already-granted");
        assertThat(problem(post("/api/dossiers/" + INS + "/break-glass", STRANGER, "{\"reason\":\"urgent\"}"), 400)
            .get("detail").asString()).contains("at least 10 characters");
        problem(post("/api/dossiers/" + INS + "/break-glass", STRANGER, "{not json"), 400);
        assertThat(problem(post("/api/dossiers/" + OTHER_INS + "/break-glass", STRANGER,
            "{\"reason\":\"Patient inconscient aux urgences\"}"), 403).get("reason").asString()).isEqualTo("emergency-access-opposed");
        assertThat(problem(post("/api/dossiers/" + INS + "/break-glass", ORGANISATION,
            "{\"reason\":\"Patient inconscient aux urgences\"}"), 403).get("reason").asString())
            .isEqualTo("not-an-active-professional");
        problem(post("/api/dossiers/12345/break-glass", STRANGER, "{\"reason\":\"Patient inconscient aux urgences\"}"), 400);
        problem(post("/api/dossiers/" + Ins.withComputedKey("1690175120033").matricule() + "/break-glass", STRANGER,
            "{\"reason\":\"Patient inconscient aux urgences\"}"), 404);
        // The patient's choices are checked too.
        problem(post("/api/patient/blocked", PATIENT, "{\"nationalId\":\"12\"}"), 400);
        problem(post("/api/patient/blocked", PATIENT, "{\"nationalId\":\"899999999999\"}"), 404);
        problem(post("/api/patient/documents/" + documents.get("charlie") + "/mask", PATIENT, ""), 404);
        problem(put("/api/patient/emergency-access", PATIENT, "{}"), 400);
        JsonNode privacy = ok(get("/api/patient/privacy", PATIENT));
        assertThat(privacy.get("emergencyAccessAllowed").asBoolean()).isTrue();
        assertThat(privacy.get("blocked").findValuesAsString("nationalId")).containsExactly(nationalIds.get(BLOCKED));
        assertThat(privacy.get("authorised").findValuesAsString("nationalId")).containsExactly(nationalIds.get(AUTHORISED));
        assertThat(privacy.get("treatingDoctor").asString()).isEqualTo(nationalIds.get(TREATING));
    }

    @Test
    @Order(5)
    void thePatientReadsTheCopiesAndTheNoticesInTheirSecureInbox() throws Exception {
        Session session = node.mailSession();
        // One copy per document version she may see; none for what waits for an announcement consultation.
        for (String title : List.of("Lettre alpha commun", "Imagerie alpha commun", "Lettre bravo commun", "Imagerie bravo commun",
            "Imagerie delta commun")) {
            assertThat(Mailboxes.awaitSubject(session, PATIENT, PASSWORD, "Nouveau document dans votre dossier : " + title, 1,
                Duration.ofSeconds(30))).as(title).isEqualTo(1);
        }
        assertThat(Mailboxes.awaitSubject(session, PATIENT, PASSWORD, "Lettre delta commun", 2, Duration.ofSeconds(30)))
            .as("both versions").isEqualTo(2);
        byte[] copied = Mailboxes.awaitAttachment(session, PATIENT, PASSWORD, "Imagerie alpha commun",
            "document-" + documents.get("alpha-pdf") + ".xml", Duration.ofSeconds(10));
        assertThat(new String(copied, StandardCharsets.UTF_8)).contains("Imagerie alpha commun");
        assertThat(new String(Mailboxes.awaitAttachment(session, PATIENT, PASSWORD, "Lettre bravo commun",
            "document-" + documents.get("bravo") + ".html", Duration.ofSeconds(10)), StandardCharsets.UTF_8))
            .contains("<h1>Lettre bravo commun</h1>").contains("MEDICAMENT BRAVO");
        // Sent again: no second copy.
        send(AUTHOR, List.of(CARE), "Documents alpha (renvoi)", alphaPackage, "application/zip", "IHE_XDM.ZIP");
        Mailboxes.awaitSubject(session, CARE, PASSWORD, "renvoi", 1, Duration.ofSeconds(30));
        assertThat(Mailboxes.search(session, PATIENT, PASSWORD, new jakarta.mail.search.SubjectTerm("Lettre alpha commun")))
            .hasSize(1);

        // Waiting for the announcement: told (after 2 s in this node), the copy only once the author releases it.
        assertThat(Mailboxes.awaitSubject(session, PATIENT, PASSWORD, "Un document vous concernant est en attente", 2,
            Duration.ofSeconds(30))).isEqualTo(2);
        assertThat(Mailboxes.search(session, PATIENT, PASSWORD, new jakarta.mail.search.SubjectTerm("charlie"))).isEmpty();
        problem(post("/api/dossiers/" + INS + "/documents/" + documents.get("charlie") + "/release", CARE, ""), 403);
        assertThat(ok(post("/api/dossiers/" + INS + "/documents/" + documents.get("charlie") + "/release", AUTHOR, ""))
            .get("visibleToPatient").asBoolean()).isTrue();
        assertThat(Mailboxes.awaitSubject(session, PATIENT, PASSWORD, "Lettre charlie commun", 1, Duration.ofSeconds(30)))
            .isEqualTo(1);
        assertThat(get("/api/patient/documents/" + documents.get("charlie"), PATIENT).statusCode()).isEqualTo(200);

        // A professional's first access is told to her; an emergency access to her and to her treating doctor.
        assertThat(Mailboxes.awaitSubject(session, PATIENT, PASSWORD, "pour la premi", 5, Duration.ofSeconds(30)))
            .as("treating doctor, author, care team, secretariat, authorised").isGreaterThanOrEqualTo(5);
        byte[] emergency = Mailboxes.awaitRaw(session, PATIENT, PASSWORD, "Acc\u00e8s en urgence", Duration.ofSeconds(30));
        String notice = new MimeMessage(Session.getInstance(new java.util.Properties()), new java.io.ByteArrayInputStream(emergency))
            .getContent().toString();
        assertThat(notice).contains("Patiente admise inconsciente aux urgences").contains("URGENCE").contains("prend fin");
        assertThat(Mailboxes.awaitSubject(session, TREATING, PASSWORD, "dossier de votre patient", 1, Duration.ofSeconds(30)))
            .isEqualTo(1);
        assertThat(new String(emergency, StandardCharsets.UTF_8)).contains("From: postmaster@" + TestNode.DOMAIN);
    }

    @Test
    @Order(6)
    void aPatientAnswersOnlyAProfessionalWhoWroteToThemAndNeverAfterTheEnd() throws Exception {
        send(AUTHOR, List.of(PATIENT), "Vos résultats", null, null, null);
        Session session = node.mailSession();
        Mailboxes.awaitSubject(session, PATIENT, PASSWORD, "Vos r", 1, Duration.ofSeconds(30));
        try (SmtpDialogue smtp = patientSubmitting()) {
            assertThat(smtp.send("RCPT TO:<" + AUTHOR + ">")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + CARE + ">")).startsWith("550 5.7.1").contains("has not written");
            assertThat(smtp.send("RCPT TO:<" + OTHER_PATIENT + ">")).startsWith("550 5.7.1").contains("another patient");
            assertThat(smtp.send("RCPT TO:<someone@gmail.com>")).startsWith("550 5.7.1").contains("espace de confiance");
            assertThat(smtp.data(Mailboxes.message(PATIENT, AUTHOR, "Re: Vos resultats", "Merci docteur."))).startsWith("250");
        }
        assertThat(Mailboxes.awaitSubject(session, AUTHOR, PASSWORD, "Re: Vos resultats", 1, Duration.ofSeconds(30))).isEqualTo(1);

        send(AUTHOR, List.of(PATIENT), "Fin de la conversation", null, null, null, "X-MSS-MES", "FIN");
        Mailboxes.awaitSubject(session, PATIENT, PASSWORD, "Fin de la conversation", 1, Duration.ofSeconds(30));
        try (SmtpDialogue smtp = patientSubmitting()) {
            assertThat(smtp.send("RCPT TO:<" + AUTHOR + ">")).startsWith("550 5.7.1").contains("X-MSS-MES: FIN");
        }
        // The node's own notices open no conversation: the postmaster cannot be answered.
        try (SmtpDialogue smtp = patientSubmitting()) {
            assertThat(smtp.send("RCPT TO:<postmaster" + D + ">")).startsWith("550");
        }
    }

    /** The patient's mail client, logged in over STARTTLS, a transaction begun (MAIL FROM accepted). */
    private SmtpDialogue patientSubmitting() throws Exception {
        SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls());
        smtp.ehlo("patient.test");
        smtp.startTls("patient.test");
        assertThat(smtp.authPlain(PATIENT, PASSWORD)).startsWith("235");
        assertThat(smtp.send("MAIL FROM:<" + PATIENT + ">")).startsWith("250");
        return smtp;
    }

    @Test
    @Order(7)
    void whatThePatientUnmasksTheCareTeamReadsAgain() throws Exception {
        assertThat(ok(get("/api/dossiers/search?q=delta&history=true", CARE)).get("total").asInt()).isZero();
        JsonNode unmasked = ok(post("/api/patient/documents/" + documents.get("delta") + "/unmask", PATIENT, ""));
        assertThat(unmasked.get("maskedFromProfessionals").asBoolean()).isFalse();
        assertThat(ok(get("/api/dossiers/search?q=delta&history=true&ins=" + INS, CARE)).get("total").asInt())
            .as("both versions").isEqualTo(2);
        assertThat(ok(get("/api/dossiers/" + INS + "/documents/" + documents.get("delta") + "/versions", CARE))
            .get("versions").size()).isEqualTo(2);
        // Unblocked, the professional reads again as part of the care team.
        HttpResponse<byte[]> unblock = request("DELETE", "/api/patient/blocked/" + nationalIds.get(BLOCKED), PATIENT, null);
        assertThat(unblock.statusCode()).isEqualTo(204);
        assertThat(ok(get("/api/dossiers/" + INS, BLOCKED)).get("access").get("ground").asString()).isEqualTo("care-team");
        problem(request("DELETE", "/api/patient/blocked/" + nationalIds.get(BLOCKED), PATIENT, null), 404);
        JsonNode accesses = ok(get("/api/patient/accesses?limit=20", PATIENT));
        assertThat(accesses.findValuesAsString("action")).contains("unmask", "unblock");
        problem(get("/api/patient/accesses?limit=0", PATIENT), 400);
    }

    /**
     * Documents as laboratories and hospitals send them reach the patient whole: a 64 KB lab report in ISO-8859-1
     * with a BOM, and a 2 MB level-1 letter carrying its PDF; each copy holds the original byte for byte.
     */
    @Test
    @Order(8)
    void realDocumentsReachThePatientsInboxByteForByte() throws Exception {
        RealisticCorpus corpus = new RealisticCorpus(14);
        List<RealisticCorpus.Document> real = List.of(
            corpus.document(1, RealisticCorpus.Family.LAB_REPORT, 64 * 1024,
                RealisticCorpus.Shape.plain().withEncoding(RealisticCorpus.Encoding.ISO_8859_1)),
            corpus.document(2, RealisticCorpus.Family.LEVEL1_PDF, 2 * 1024 * 1024));
        Session session = node.mailSession();
        for (RealisticCorpus.Document document : real) {
            // The corpus's own patient becomes ours: the INS is ASCII digits, the same length, in any encoding.
            byte[] bytes = new String(document.bytes(), StandardCharsets.ISO_8859_1).replace(document.ins(), INS)
                .getBytes(StandardCharsets.ISO_8859_1);
            assertThat(bytes.length).isEqualTo(document.size());
            send(AUTHOR, List.of(CARE), "Document " + document.number(), bytes, document.mediaType(), document.fileName());
            String subject = "Nouveau document dans votre dossier : " + document.title();
            byte[] raw = Mailboxes.awaitRaw(session, PATIENT, PASSWORD, subject, Duration.ofSeconds(60));
            MimeMessage copy = new MimeMessage(Session.getInstance(new java.util.Properties()), new java.io.ByteArrayInputStream(raw));
            MimeMultipart parts = (MimeMultipart) copy.getContent();
            assertThat(parts.getCount()).isEqualTo(3);
            String original = parts.getBodyPart(2).getFileName();
            assertThat(Mailboxes.awaitAttachment(session, PATIENT, PASSWORD, subject, original, Duration.ofSeconds(10)))
                .as(document.fileName()).isEqualTo(bytes);
            assertThat(new String(parts.getBodyPart(1).getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .contains("<h1>");
        }
    }

    static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
