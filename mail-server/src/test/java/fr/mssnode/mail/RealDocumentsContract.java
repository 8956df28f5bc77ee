package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.directory.trust.Certificates;
import fr.mssnode.fixtures.cda.RealisticCorpus;
import fr.mssnode.fixtures.cda.RealisticCorpus.Encoding;
import fr.mssnode.fixtures.cda.RealisticCorpus.Family;
import fr.mssnode.fixtures.cda.RealisticCorpus.Shape;
import fr.mssnode.fixtures.cda.XdmBuilder;
import fr.mssnode.mail.smime.MailboxKeys;
import fr.mssnode.mail.smime.TestPki;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.TestNode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Documents shaped and sized like the ones French practice software and hospitals send (the realistic corpus:
 * 8 KB to 15 MB, BOM, ISO-8859-1, CRLF, stylesheet instruction, nested entries, embedded PDFs), through the whole
 * real path: submission over STARTTLS with AUTH, signed on behalf, filed, delivered, then read over IMAPS and
 * through the dossier API, where both copies must be the very bytes that were sent. Once per database vendor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RealDocumentsContract {
    static final String GP = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String CARDIO = "dr.benali@" + TestNode.DOMAIN;
    static final String PASSWORD = "Tulipe-Verte-2031";
    static final Duration DELIVERY = Duration.ofSeconds(90);
    static final JsonMapper JSON = JsonMapper.builder().build();

    final RealisticCorpus corpus = new RealisticCorpus(seed());
    TestNode node;
    HttpClient client;

    abstract TestDatabase newDatabase();

    /** Each vendor files its own documents (ids differ), so both can share nothing. */
    abstract long seed();

    @BeforeAll
    void start() throws Exception {
        node = new TestNode(newDatabase(), Files.createTempDirectory("real-documents")).start();
        node.createAccount(GP, AccountKind.PROFESSIONAL, PASSWORD);
        node.createAccount(CARDIO, AccountKind.PROFESSIONAL, PASSWORD);
        TestPki.issue(node.bean(NodeProperties.class), GP, node.bean(MailboxKeys.class), node.bean(Certificates.class));
        client = HttpClient.newBuilder().sslContext(node.clientTls()).build();
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
            node.database().close();
        }
    }

    static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private String raw(String user, String subject) throws Exception {
        return new String(Mailboxes.awaitRaw(node.mailSession(), user, PASSWORD, subject, DELIVERY), StandardCharsets.UTF_8);
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.httpsPort() + path))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((CARDIO + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8))).build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private JsonNode json(String path) throws Exception {
        HttpResponse<byte[]> response = get(path);
        assertThat(response.statusCode()).as(new String(response.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** The document of that uid in the patient's dossier, as the API lists it. */
    private JsonNode listed(String ins, String uid) throws Exception {
        for (JsonNode rubric : json("/api/dossiers/" + ins).get("rubrics")) {
            for (JsonNode document : rubric.get("documents")) {
                if (document.get("documentUid").asString().equals(uid)) {
                    return document;
                }
            }
        }
        throw new AssertionError("document " + uid + " is not in the dossier of " + ins);
    }

    @ParameterizedTest(name = "{0} of {1} bytes")
    @CsvSource({"LAB_REPORT, 8192", "LAB_REPORT, 65536", "LEVEL1_PDF, 1048576", "LEVEL1_PDF, 15728640"})
    void aDocumentOfAnySizeIsFiledAndDeliveredByteForByte(Family family, int size) throws Exception {
        RealisticCorpus.Document document = corpus.document(size, family, size);
        assertThat(document.bytes().length).isBetween(size * 9 / 10, size * 11 / 10);
        String subject = "Envoi de " + size + " octets";
        Mailboxes.sendWithAttachment(node.mailSession(), GP, PASSWORD, CARDIO, subject, document.bytes(), document.mediaType(),
            document.fileName(), "X-MSS-CODECDA", document.typeCode(), "X-MSS-INS", "O");

        String delivered = raw(CARDIO, subject);
        assertThat(delivered).contains("X-MSS-Signature: valid; signer=" + GP)
            .contains("X-MSS-Dossier: filed=1; refused=0; codecda=ok; ins=ok");
        byte[] attachment = Mailboxes.awaitAttachment(node.mailSession(), CARDIO, PASSWORD, subject, document.fileName(), DELIVERY);
        assertThat(sha256(attachment)).isEqualTo(sha256(document.bytes()));

        JsonNode filed = listed(document.ins(), document.uid());
        assertThat(filed.get("sha256").asString()).isEqualTo(sha256(document.bytes()));
        assertThat(filed.get("sizeBytes").asLong()).isEqualTo(document.bytes().length);
        HttpResponse<byte[]> original = get(filed.get("links").get("content").asString());
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(sha256(original.body())).isEqualTo(sha256(document.bytes()));
        if (document.embeddedPdfBytes() > 0) {
            HttpResponse<byte[]> pdf = get(filed.get("links").get("content").asString() + "/embedded");
            assertThat(pdf.statusCode()).isEqualTo(200);
            assertThat(pdf.body()).hasSize(document.embeddedPdfBytes());
            assertThat(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII)).isEqualTo("%PDF-");
        }
    }

    @Test
    void everyFamilyAndShapeIsFiledWithItsExactFacts() throws Exception {
        List<RealisticCorpus.Document> documents = new ArrayList<>();
        long number = 1_000;
        Shape[] shapes = {
            new Shape(Encoding.UTF8_BOM, true, true, true, true, true),
            new Shape(Encoding.ISO_8859_1, false, false, true, false, false),
            new Shape(Encoding.UTF8, true, false, false, true, true),
            Shape.plain()};
        int i = 0;
        for (Family family : Family.values()) {
            if (family == Family.LEVEL1_PDF) {
                continue;
            }
            documents.add(corpus.document(number++, family, 40 * 1024, shapes[i++ % shapes.length]));
        }
        String[] encodings = {"base64", "quoted-printable"}; // what mail clients choose for XML attachments
        for (int k = 0; k < documents.size(); k++) {
            RealisticCorpus.Document document = documents.get(k);
            Mailboxes.sendWithEncodedAttachment(node.mailSession(), GP, PASSWORD, CARDIO, "Famille " + document.family(),
                document.bytes(), document.mediaType(), document.fileName(), encodings[k % encodings.length]);
        }
        for (int k = 0; k < documents.size(); k++) {
            RealisticCorpus.Document document = documents.get(k);
            String subject = "Famille " + document.family();
            // the bytes the client put on the wire (quoted-printable text is sent with CRLF line ends)
            byte[] sent = Mailboxes.asSent(document.bytes(), document.mediaType(), encodings[k % encodings.length]);
            assertThat(raw(CARDIO, subject)).as(subject).contains("X-MSS-Dossier: filed=1; refused=0");
            assertThat(sha256(Mailboxes.awaitAttachment(node.mailSession(), CARDIO, PASSWORD, subject, document.fileName(),
                DELIVERY))).as(subject).isEqualTo(sha256(sent));
            JsonNode filed = listed(document.ins(), document.uid());
            assertThat(filed.get("sha256").asString()).as(subject).isEqualTo(sha256(sent));
        }
        // The IPS-like summary: one fact per main entry, none of its nested qualifiers.
        RealisticCorpus.Document ips = documents.stream().filter(d -> d.family() == Family.IPS_SUMMARY).findFirst().orElseThrow();
        JsonNode synthesis = json("/api/dossiers/" + ips.ins() + "/synthesis");
        List<String> found = new ArrayList<>();
        for (String kind : List.of("allergy", "medication", "problem", "result")) {
            synthesis.get(kind).forEach(fact -> found.add(kind.toUpperCase(java.util.Locale.ROOT) + " " + fact.get("code").asString()));
        }
        List<String> expected = ips.expectedFacts().stream().map(f -> f.kind() + " " + f.code()).toList();
        assertThat(found).containsAll(expected);
    }

    @Test
    void xmlThatIsNotACdaIsDeliveredNotFiledAndNobodyIsNotified() throws Exception {
        byte[] stylesheet = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xsl:stylesheet version=\"1.0\" "
            + "xmlns:xsl=\"http://www.w3.org/1999/XSL/Transform\" xmlns:n1=\"urn:hl7-org:v3\">\n<!-- affiche un "
            + "n1:ClinicalDocument -->\n<xsl:template match=\"/n1:ClinicalDocument\"><html/></xsl:template>\n</xsl:stylesheet>\n")
            .getBytes(StandardCharsets.UTF_8);
        byte[] bundle = ("<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"document\"/><entry><resource><Composition>"
            + "<status value=\"final\"/></Composition></resource></entry></Bundle>").getBytes(StandardCharsets.UTF_8);
        Mailboxes.sendWithAttachment(node.mailSession(), GP, PASSWORD, CARDIO, "Feuille de style CDA", stylesheet, "text/xml",
            "CDA-FR.xsl", "Disposition-Notification-To", GP);
        Mailboxes.sendWithAttachment(node.mailSession(), GP, PASSWORD, CARDIO, "Paquet FHIR", bundle, "application/xml",
            "bundle.xml", "Disposition-Notification-To", GP);
        assertThat(raw(CARDIO, "Feuille de style CDA")).doesNotContain("X-MSS-Dossier");
        assertThat(raw(CARDIO, "Paquet FHIR")).doesNotContain("X-MSS-Dossier");
        // a letter sent after them: once its acknowledgement is there, anything about the two others would be too
        RealisticCorpus.Document letter = corpus.document(2_000, Family.DISCHARGE_LETTER);
        Mailboxes.sendWithAttachment(node.mailSession(), GP, PASSWORD, CARDIO, "Lettre apres les XML", letter.bytes(),
            letter.mediaType(), letter.fileName(), "Disposition-Notification-To", GP);
        raw(GP, "XDM/1.0/DDM+");
        assertThat(Mailboxes.subjects(node.mailSession(), GP, PASSWORD))
            .noneMatch(s -> s.contains("Feuille de style") || s.contains("Paquet FHIR"));
    }

    @Test
    void anXdmPackageAsPracticeSoftwareSendsItIsFiledAndAcknowledged() throws Exception {
        RealisticCorpus.Document cda = corpus.document(3_000, Family.DISCHARGE_LETTER);
        byte[] rendering = RealisticCorpus.pdf(3_000, 180 * 1024);
        byte[] zip = new XdmBuilder("SUBSET01", cda.ins(), "1.2.250.1.213.1.4.8", "810000000017")
            .document("DOC0001.XML", "text/xml", cda.bytes(), cda.typeCode(), cda.title(), cda.title(), "N")
            .document("DOC0002.PDF", "application/pdf", rendering, cda.typeCode(), cda.title(), cda.title() + " (PDF)", "N")
            .build();
        Mailboxes.sendWithAttachment(node.mailSession(), GP, PASSWORD, CARDIO, "Lettre de liaison XDM", zip, "application/zip",
            "IHE_XDM.zip", "X-MSS-CODECDA", cda.typeCode(), "X-MSS-INS", "O", "Disposition-Notification-To", GP);
        assertThat(raw(CARDIO, "Lettre de liaison XDM")).contains("X-MSS-Dossier: filed=2; refused=0; codecda=ok; ins=ok");
        assertThat(sha256(Mailboxes.awaitAttachment(node.mailSession(), CARDIO, PASSWORD, "Lettre de liaison XDM", "IHE_XDM.zip",
            DELIVERY))).isEqualTo(sha256(zip));
        String acknowledgement = raw(GP, "XDM/1.0/DDM+" + cda.title());
        assertThat(acknowledgement).contains("Disposition: automatic-action/MDN-sent-automatically;processed\r\n")
            .contains("Original-Recipient: rfc822; " + CARDIO).contains("Original-Message-ID: <");
        assertThat(listed(cda.ins(), cda.uid()).get("sha256").asString()).isEqualTo(sha256(cda.bytes()));
    }
}
