package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.testing.ImapDialogue;
import fr.mssnode.mail.testing.Mailboxes;
import fr.mssnode.mail.testing.SmtpDialogue;
import fr.mssnode.mail.testing.TestNode;

/**
 * Resource limits through the real listeners, each with its refusal: message size (SIZE, 552 5.3.4), recipients
 * per transaction (452 4.5.3), connections per client address (421 4.7.0 / BYE, exempt networks not counted), and
 * a client trickling a command line (421 4.4.2 / BYE). Limits are set low so that the test stays small.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ListenerLimitsTest {
    static final String GP = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String PASSWORD = "Tulipe-Verte-2031";
    static final List<String> COLLEAGUES = List.of("dr.benali@" + TestNode.DOMAIN, "dr.roux@" + TestNode.DOMAIN,
        "dr.petit@" + TestNode.DOMAIN, "dr.moreau@" + TestNode.DOMAIN);

    private TestDatabase database;
    private TestNode node;

    @BeforeAll
    void start() throws Exception {
        database = TestDatabase.derby();
        node = new TestNode(database, Files.createTempDirectory("node"))
            .with("node.max-message-size-kb", "64")
            .with("node.max-recipients", "3")
            .with("node.limits.submission-connections-per-address", "3")
            .with("node.limits.imap-connections-per-address", "3")
            .with("node.limits.exempt-networks", "127.0.0.5/32, 10.0.0.0/8")
            .with("node.limits.line-deadline", "3s")
            .start();
        node.createAccount(GP, AccountKind.PROFESSIONAL, PASSWORD);
        for (String colleague : COLLEAGUES) {
            node.createAccount(colleague, AccountKind.PROFESSIONAL, PASSWORD);
        }
    }

    @AfterAll
    void stop() {
        node.close();
        database.close();
    }

    private SmtpDialogue signedIn(InetAddress from) throws IOException {
        SmtpDialogue smtp = SmtpDialogue.connectFrom(from, node.submissionPort, node.clientTls());
        smtp.ehlo("cabinet.test");
        smtp.startTls("cabinet.test");
        assertThat(smtp.authPlain(GP, PASSWORD)).startsWith("235");
        return smtp;
    }

    @Test
    void messageSizeIsAnnouncedAndEnforced() throws Exception {
        try (SmtpDialogue smtp = signedIn(InetAddress.getLoopbackAddress())) {
            assertThat(smtp.ehlo("cabinet.test")).contains("SIZE 65536");
            assertThat(smtp.send("MAIL FROM:<" + GP + "> SIZE=100000")).startsWith("552 5.3.4");
            assertThat(smtp.send("MAIL FROM:<" + GP + ">")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + COLLEAGUES.get(0) + ">")).startsWith("250");
            String large = Mailboxes.message(GP, COLLEAGUES.get(0), "Trop gros", "ligne de compte rendu\r\n".repeat(5_000));
            assertThat(smtp.data(large)).startsWith("552 5.3.4");
        }
    }

    @Test
    void recipientsBeyondTheLimitAreToldToWait() throws Exception {
        try (SmtpDialogue smtp = signedIn(InetAddress.getLoopbackAddress())) {
            assertThat(smtp.send("MAIL FROM:<" + GP + ">")).startsWith("250");
            for (int i = 0; i < 3; i++) {
                assertThat(smtp.send("RCPT TO:<" + COLLEAGUES.get(i) + ">")).startsWith("250");
            }
            assertThat(smtp.send("RCPT TO:<" + COLLEAGUES.get(3) + ">")).startsWith("452 4.5.3");
            assertThat(smtp.data(Mailboxes.message(GP, COLLEAGUES.get(0), "Trois destinataires", "Bonjour"))).startsWith("250");
        }
    }

    @Test
    void connectionsPerAddressAreCountedExceptFromExemptNetworks() throws Exception {
        InetAddress busy = InetAddress.getByName("127.0.0.4");
        List<AutoCloseable> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(SmtpDialogue.connectFrom(busy, node.submissionPort, node.clientTls()));
            }
            assertThatThrownBy(() -> SmtpDialogue.connectFrom(busy, node.submissionPort, node.clientTls()))
                .hasMessageContaining("421 4.7.0 Too many connections from your address (at most 3 at once)");
            for (int i = 0; i < 5; i++) {
                open.add(SmtpDialogue.connectFrom(InetAddress.getByName("127.0.0.5"), node.submissionPort, node.clientTls()));
            }
            for (int i = 0; i < 3; i++) {
                open.add(ImapDialogue.connectFrom(busy, node.imapsPort, node.clientTls()));
            }
            assertThatThrownBy(() -> ImapDialogue.connectFrom(busy, node.imapsPort, node.clientTls()))
                .hasMessageContaining("* BYE Too many connections from your address (at most 3 at once)");
            // A closed connection frees its place.
            open.remove(0).close();
            Thread.sleep(500);
            open.add(SmtpDialogue.connectFrom(busy, node.submissionPort, node.clientTls()));
        } finally {
            for (AutoCloseable connection : open) {
                connection.close();
            }
        }
    }

    @Test
    void httpBodiesAreSmall() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().sslContext(node.clientTls()).build();
        java.net.URI blocked = java.net.URI.create("https://127.0.0.1:" + node.httpsPort() + "/api/patient/blocked");
        java.net.http.HttpResponse<String> tooLarge = http.send(java.net.http.HttpRequest.newBuilder(blocked)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"x\":\"" + "a".repeat(100_000) + "\"}")).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("at most 65536");
        java.net.http.HttpResponse<String> chunked = http.send(java.net.http.HttpRequest.newBuilder(blocked)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                    () -> new java.io.ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)))).build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(chunked.statusCode()).isEqualTo(411);
    }

    @Test
    void aClientTricklingACommandIsCutOff() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), node.submissionPort)) {
            socket.setSoTimeout(20_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            assertThat(in.readLine()).startsWith("220");
            // One byte a second: the line is still incomplete after the 3 s deadline.
            for (byte b : "EHLO a-very-slow-client.example".getBytes(StandardCharsets.US_ASCII)) {
                if (in.ready()) {
                    break;
                }
                try {
                    out.write(b);
                    out.flush();
                } catch (IOException closed) {
                    break;
                }
                Thread.sleep(1000);
            }
            assertThat(in.readLine()).startsWith("421 4.4.2 Too slow");
            assertThat(in.readLine()).isNull();
        }
    }
}
