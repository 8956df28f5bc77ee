package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.admin.AdminCommands;
import fr.mssnode.mail.testing.ImapDialogue;
import fr.mssnode.mail.testing.SmtpDialogue;
import fr.mssnode.mail.testing.TestNode;

/**
 * Password guessing on every way in, through the real protocols: after five failures from one client address the
 * answers say to wait, after ten the account is locked for that address only (the doctor signs in from elsewhere),
 * and the operator's {@code account unlock} lifts it. Delays are shortened to 200 ms so that the test waits little.
 */
class SignInThrottlingTest {
    static final String DOCTOR = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String PASSWORD = "Tulipe-Verte-2031";

    @Test
    void guessingSlowsThenLocksTheAccountForTheGuessersAddressOnly() throws Exception {
        InetAddress doctorsPc = InetAddress.getByName("127.0.0.1");
        InetAddress smtpGuesser = InetAddress.getByName("127.0.0.2");
        InetAddress imapGuesser = InetAddress.getByName("127.0.0.3");
        TestDatabase database = TestDatabase.derby();
        try (TestNode node = new TestNode(database, Files.createTempDirectory("node"))
            .with("node.sign-in.first-delay", "200ms")
            .with("node.sign-in.max-delay", "200ms")
            .start()) {
            node.createAccount(DOCTOR, AccountKind.PROFESSIONAL, PASSWORD);

            // SMTP submission.
            try (SmtpDialogue smtp = SmtpDialogue.connectFrom(smtpGuesser, node.submissionPort, node.clientTls())) {
                smtp.ehlo("guesser.test");
                smtp.startTls("guesser.test");
                for (int i = 1; i <= 5; i++) {
                    assertThat(smtp.authPlain(DOCTOR, "guess-" + i)).as("failure %d", i)
                        .startsWith("535 5.7.8").contains("wrong address or password");
                }
                assertThat(smtp.authPlain(DOCTOR, PASSWORD)).startsWith("454 4.7.0")
                    .contains("Too many failed sign-ins", "try again in 1 s", "not checked");
                String last = "";
                for (int i = 6; i <= 10; i++) {
                    Thread.sleep(250);
                    last = smtp.authPlain(DOCTOR, "guess-" + i);
                    assertThat(last).as("failure %d", i).startsWith("535 5.7.8");
                }
                assertThat(last).contains("locked from here until");
                Thread.sleep(250);
                assertThat(smtp.authPlain(DOCTOR, PASSWORD)).startsWith("535 5.7.8").contains("locked", "not checked");
            }
            try (SmtpDialogue smtp = SmtpDialogue.connectFrom(doctorsPc, node.submissionPort, node.clientTls())) {
                smtp.ehlo("cabinet.test");
                smtp.startTls("cabinet.test");
                assertThat(smtp.authPlain(DOCTOR, PASSWORD)).as("the doctor's own computer").startsWith("235");
            }

            // IMAP LOGIN and AUTHENTICATE.
            try (ImapDialogue imap = ImapDialogue.connectFrom(imapGuesser, node.imapsPort, node.clientTls())) {
                for (int i = 1; i <= 5; i++) {
                    assertThat(imap.send("LOGIN " + DOCTOR + " guess-" + i).status()).as("failure %d", i)
                        .endsWith("NO [AUTHENTICATIONFAILED] Authentication failed: wrong address or password.");
                }
                assertThat(imap.send("LOGIN " + DOCTOR + " " + PASSWORD).status())
                    .contains("NO [AUTHENTICATIONFAILED] Too many failed sign-ins", "try again in 1 s");
                String last = "";
                for (int i = 6; i <= 10; i++) {
                    Thread.sleep(250);
                    last = imap.send("LOGIN " + DOCTOR + " guess-" + i).status();
                }
                assertThat(last).contains("NO [AUTHENTICATIONFAILED]", "locked from here until");
                assertThat(imap.send("AUTHENTICATE PLAIN " + plain(DOCTOR, PASSWORD)).status())
                    .contains("NO [AUTHENTICATIONFAILED]", "locked");
            }
            try (ImapDialogue imap = ImapDialogue.connectFrom(doctorsPc, node.imapsPort, node.clientTls())) {
                assertThat(imap.send("AUTHENTICATE PLAIN " + plain(DOCTOR, PASSWORD)).ok()).isTrue();
                assertThat(imap.send("SELECT INBOX").ok()).isTrue();
            }

            // The operator sees both locks and lifts them.
            AdminCommands commands = node.bean(AdminCommands.class);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(commands.run(List.of("account", "locks"), new PrintStream(out, true, StandardCharsets.UTF_8),
                System.err)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("127.0.0.2", "127.0.0.3", DOCTOR);
            out.reset();
            assertThat(commands.run(List.of("account", "unlock", "--address", DOCTOR),
                new PrintStream(out, true, StandardCharsets.UTF_8), System.err)).isZero();
            assertThat(out.toString(StandardCharsets.UTF_8)).contains("Unlocked " + DOCTOR + ": 2 locks lifted");
            try (SmtpDialogue smtp = SmtpDialogue.connectFrom(smtpGuesser, node.submissionPort, node.clientTls())) {
                smtp.ehlo("guesser.test");
                smtp.startTls("guesser.test");
                assertThat(smtp.authPlain(DOCTOR, PASSWORD)).startsWith("235");
            }
            try (ImapDialogue imap = ImapDialogue.connectFrom(imapGuesser, node.imapsPort, node.clientTls())) {
                assertThat(imap.send("LOGIN " + DOCTOR + " " + PASSWORD).ok()).isTrue();
            }

            // HTTP Basic on the APIs: 401 five times, then 429 with Retry-After.
            HttpClient http = HttpClient.newBuilder().sslContext(node.clientTls()).build();
            for (int i = 1; i <= 5; i++) {
                assertThat(api(http, node, "guess-" + i).statusCode()).isEqualTo(401);
            }
            HttpResponse<String> throttled = api(http, node, PASSWORD);
            assertThat(throttled.statusCode()).isEqualTo(429);
            assertThat(throttled.headers().firstValue("Retry-After")).hasValue("1");
            assertThat(throttled.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
            assertThat(throttled.body()).contains("Too many failed sign-ins", "try again in 1 s");
            Thread.sleep(250);
            assertThat(api(http, node, PASSWORD).statusCode()).isEqualTo(200);
        } finally {
            database.close();
        }
    }

    private static String plain(String login, String password) {
        return Base64.getEncoder().encodeToString(("\0" + login + "\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> api(HttpClient http, TestNode node, String password) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.httpsPort()
                + "/fhir/Practitioner?name=LEFEBVRE"))
            .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                (DOCTOR + ":" + password).getBytes(StandardCharsets.UTF_8)))
            .build(), HttpResponse.BodyHandlers.ofString());
    }
}
