package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLSocket;

import org.junit.jupiter.api.Test;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.fixtures.cda.RealisticCorpus;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.SmtpDialogue;
import fr.mssnode.mail.testing.TcpProxy;
import fr.mssnode.mail.testing.TestNode;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an orchestrator and Prometheus read on the management port: liveness, readiness made of the mail listeners,
 * the database, the spool and the dossier index, and the node's meters after real traffic (a message with a
 * document accepted, filed and delivered; a recipient refused; a wrong password; a TLS handshake that fails).
 * Readiness follows the database: down while PostgreSQL cannot be reached, up again when it can.
 */
class NodeOperationsTest {
    static final String GP = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String CARDIO = "dr.benali@" + TestNode.DOMAIN;
    static final String PASSWORD = "Tulipe-Verte-2031";
    static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> management(TestNode node, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.managementPort + path))
            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one Prometheus sample line: name and labels as they are written (order of the labels aside). */
    private static double sample(String metrics, String name, String... labels) {
        double total = 0;
        boolean found = false;
        for (String line : metrics.lines().toList()) {
            if (!line.startsWith(name + "{") && !line.startsWith(name + " ")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= line.contains(label);
            }
            if (all) {
                found = true;
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        assertThat(found).as("a sample of %s with %s in:%n%s", name, String.join(", ", labels), metrics).isTrue();
        return total;
    }

    @Test
    void healthAndMetricsOnTheManagementPort() throws Exception {
        TestDatabase database = TestDatabase.derby();
        try (TestNode node = new TestNode(database, Files.createTempDirectory("node")).start()) {
            node.createAccount(GP, AccountKind.PROFESSIONAL, PASSWORD);
            node.createAccount(CARDIO, AccountKind.PROFESSIONAL, PASSWORD);

            HttpResponse<String> liveness = management(node, "/actuator/health/liveness");
            assertThat(liveness.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(liveness.body()).get("status").asString()).isEqualTo("UP");
            HttpResponse<String> readiness = management(node, "/actuator/health/readiness");
            assertThat(readiness.statusCode()).as(readiness.body()).isEqualTo(200);
            JsonNode components = JSON.readTree(readiness.body()).get("components");
            for (String part : new String[] {"mailListeners", "db", "spool", "dossierIndex", "readinessState"}) {
                assertThat(components.get(part).get("status").asString()).as(part + " in " + readiness.body()).isEqualTo("UP");
            }
            assertThat(components.get("mailListeners").get("details").toString())
                .contains(String.valueOf(node.smtpPort), String.valueOf(node.submissionPort), String.valueOf(node.imapPort),
                    String.valueOf(node.imapsPort));
            // Not on the public HTTPS port.
            HttpClient https = HttpClient.newBuilder().sslContext(node.clientTls()).build();
            assertThat(https.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.httpsPort() + "/actuator/prometheus"))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isIn(401, 403, 404);

            String before = management(node, "/actuator/prometheus").body();
            RealisticCorpus.Document letter = new RealisticCorpus(18).document(2, RealisticCorpus.Family.DISCHARGE_LETTER);
            try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls())) {
                smtp.ehlo("cabinet.test");
                smtp.startTls("cabinet.test");
                assertThat(smtp.authPlain(GP, "not-the-password")).startsWith("535");
                assertThat(smtp.authPlain(GP, PASSWORD)).startsWith("235");
                assertThat(smtp.send("MAIL FROM:<" + GP + ">")).startsWith("250");
                assertThat(smtp.send("RCPT TO:<nobody@" + TestNode.DOMAIN + ">")).startsWith("550 5.1.1");
                assertThat(smtp.send("RCPT TO:<" + CARDIO + ">")).startsWith("250");
                assertThat(smtp.data(Mailboxes.messageWithDocument(GP, CARDIO, "Lettre de sortie", letter))).startsWith("250");
            }
            assertThat(Mailboxes.awaitSubject(node.mailSession(), CARDIO, PASSWORD, "Lettre de sortie", 1,
                Duration.ofSeconds(60))).isEqualTo(1);
            // A client that does not speak TLS on the implicit-TLS IMAP port.
            try (java.net.Socket plain = new java.net.Socket("127.0.0.1", node.imapsPort)) {
                plain.getOutputStream().write("a1 LOGIN someone secret\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                plain.getOutputStream().flush();
                plain.setSoTimeout(5000);
                try {
                    plain.getInputStream().read();
                } catch (java.io.IOException closed) {
                    // the node closes the connection
                }
            }

            String after = "";
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                after = management(node, "/actuator/prometheus").body();
                if (after.contains("mss_tls_handshake_failures_total") && after.contains("mss_mail_delivery_latency_seconds_count")) {
                    break;
                }
                Thread.sleep(200);
            }
            assertThat(sample(after, "mss_mail_accepted_total", "protocol=\"SMTP\""))
                .isEqualTo(before.contains("mss_mail_accepted_total") ? sample(before, "mss_mail_accepted_total", "protocol=\"SMTP\"") + 1 : 1);
            assertThat(sample(after, "mss_mail_refused_total", "reason=\"5.1.1\"")).isGreaterThanOrEqualTo(1);
            assertThat(sample(after, "mss_mail_delivered_total")).isGreaterThanOrEqualTo(1);
            assertThat(sample(after, "mss_mail_delivery_latency_seconds_count")).isGreaterThanOrEqualTo(1);
            assertThat(sample(after, "mss_mail_delivery_latency_seconds_bucket", "le=\"+Inf\"")).isGreaterThanOrEqualTo(1);
            assertThat(sample(after, "mss_dossier_filings_total", "outcome=\"filed\"")).isGreaterThanOrEqualTo(1);
            assertThat(sample(after, "mss_signin_failures_total", "protocol=\"SMTP\"")).isGreaterThanOrEqualTo(1);
            assertThat(sample(after, "mss_tls_handshake_failures_total", "listener=\"imap-tls\"")).isGreaterThanOrEqualTo(1);
            assertThat(sample(after, "mss_spool_depth")).isGreaterThanOrEqualTo(0);
            assertThat(sample(after, "mss_spool_oldest_age_seconds")).isGreaterThanOrEqualTo(0);
            assertThat(after).contains("jvm_memory_used_bytes", "hikaricp_connections");
        } finally {
            database.close();
        }
    }

    @Test
    void readinessGoesDownWhileTheDatabaseIsUnreachableAndUpWhenItReturns() throws Exception {
        assumeTrue(TestDatabase.postgresAvailable(), TestDatabase.skippedMessage());
        TestDatabase database = TestDatabase.postgres();
        URI postgres = URI.create(TestDatabase.POSTGRES_URL.substring("jdbc:".length()));
        try (TcpProxy proxy = new TcpProxy(postgres.getHost(), postgres.getPort() < 0 ? 5432 : postgres.getPort());
             TestNode node = new TestNode(database, Files.createTempDirectory("node"))
                 .with("node.database.url", database.url().replace(postgres.getHost() + ":" + (postgres.getPort() < 0 ? 5432
                     : postgres.getPort()), "127.0.0.1:" + proxy.port()))
                 .with("node.database.connection-timeout-ms", "2000").start()) {
            assertThat(management(node, "/actuator/health/readiness").statusCode()).isEqualTo(200);
            proxy.cut();
            HttpResponse<String> down = awaitReadiness(node, 503);
            assertThat(JSON.readTree(down.body()).get("components").get("db").get("status").asString()).isEqualTo("DOWN");
            assertThat(management(node, "/actuator/health/liveness").statusCode()).as("still alive").isEqualTo(200);
            proxy.restore();
            HttpResponse<String> up = awaitReadiness(node, 200);
            assertThat(JSON.readTree(up.body()).get("status").asString()).isEqualTo("UP");
        } finally {
            database.close();
        }
    }

    private HttpResponse<String> awaitReadiness(TestNode node, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> answer = management(node, "/actuator/health/readiness");
        while (answer.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(500);
            answer = management(node, "/actuator/health/readiness");
        }
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(status);
        return answer;
    }
}
