package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.testing.ImapDialogue;
import fr.mssnode.mail.testing.SmtpDialogue;
import fr.mssnode.mail.testing.TestNode;
import fr.mssnode.mail.trace.OperatorTrace;
import fr.mssnode.mail.trace.TraceEvent;

import no.nav.security.mock.oauth2.MockOAuth2Server;

/**
 * Sign-in with an OpenID provider's access token (Pro Santé Connect style) against a real provider started here:
 * SASL OAUTHBEARER and XOAUTH2 on IMAPS and on submission after STARTTLS, bearer tokens on the HTTP APIs; expired,
 * wrong-audience, wrong-issuer, unsigned and forged tokens refused with their reason, a token opening only its
 * holder's own mailbox.
 */
class TokenSignInTest {
    static final String GP = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String CARDIO = "dr.benali@" + TestNode.DOMAIN;
    static final String PASSWORD = "Tulipe-Verte-2031";
    static final String AUDIENCE = "mss-node";

    static MockOAuth2Server provider;
    static TestDatabase database;
    static TestNode node;
    static String gpNationalId;

    @BeforeAll
    static void start() throws Exception {
        provider = new MockOAuth2Server();
        provider.start();
        database = TestDatabase.derby();
        node = new TestNode(database, Files.createTempDirectory("node"))
            .with("node.oidc.issuer", provider.issuerUrl("psc").toString())
            .with("node.oidc.audience", AUDIENCE)
            .start();
        node.createAccount(GP, AccountKind.PROFESSIONAL, PASSWORD);
        node.createAccount(CARDIO, AccountKind.PROFESSIONAL, PASSWORD);
        gpNationalId = node.directory().mailbox(GP).orElseThrow().ownerNationalId().orElseThrow();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (database != null) {
            database.close();
        }
        if (provider != null) {
            provider.shutdown();
        }
    }

    private static String token(String issuerId, String audience, String nationalId, long expirySeconds) {
        return provider.issueToken(issuerId, "psc-subject-" + nationalId, audience,
            Map.of("preferred_username", nationalId, "SubjectNameID", nationalId), expirySeconds).serialize();
    }

    private static String gpToken() {
        return token("psc", AUDIENCE, gpNationalId, 3600);
    }

    static String oauthBearer(String mailbox, String token) {
        return Base64.getEncoder().encodeToString(("n,a=" + mailbox + ",\u0001host=127.0.0.1\u0001port=993\u0001auth=Bearer "
            + token + "\u0001\u0001").getBytes(StandardCharsets.UTF_8));
    }

    static String xoauth2(String mailbox, String token) {
        return Base64.getEncoder().encodeToString(("user=" + mailbox + "\u0001auth=Bearer " + token + "\u0001\u0001")
            .getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void imapOpensTheHoldersMailboxWithOauthbearerAndXoauth2() throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(node.imapsPort, node.clientTls())) {
            assertThat(imap.send("CAPABILITY").untagged().toString()).contains("AUTH=OAUTHBEARER", "AUTH=XOAUTH2", "SASL-IR");
            assertThat(imap.send("AUTHENTICATE OAUTHBEARER " + oauthBearer(GP, gpToken())).ok()).isTrue();
            assertThat(imap.send("SELECT INBOX").ok()).isTrue();
        }
        try (ImapDialogue imap = ImapDialogue.connect(node.imapsPort, node.clientTls())) {
            assertThat(imap.send("AUTHENTICATE XOAUTH2 " + xoauth2(GP, gpToken())).ok()).isTrue();
            assertThat(imap.send("SELECT INBOX").ok()).isTrue();
        }
        // Before STARTTLS on port 143, tokens are neither offered nor taken.
        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), node.imapPort)) {
            plain.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = plain.getOutputStream();
            assertThat(in.readLine()).startsWith("* OK");
            out.write("a1 CAPABILITY\r\n".getBytes(StandardCharsets.US_ASCII));
            String capabilities = in.readLine();
            assertThat(capabilities).contains("STARTTLS").doesNotContain("OAUTHBEARER");
            assertThat(in.readLine()).startsWith("a1 OK");
            out.write(("a2 AUTHENTICATE OAUTHBEARER " + oauthBearer(GP, gpToken()) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("a2 NO").contains("STARTTLS");
        }
        OperatorTrace trace = node.bean(OperatorTrace.class);
        trace.flush();
        assertThat(trace.search(GP, Instant.EPOCH, 100)).anySatisfy(event -> {
            assertThat(event.action()).isEqualTo(TraceEvent.Action.SIGN_IN);
            assertThat(event.request()).contains("(token)");
            assertThat(event.answer()).contains(gpNationalId);
        });
    }

    @Test
    void imapRefusesBadTokensWithTheReasonAfterTheErrorChallenge() throws Exception {
        assertThat(imapRefusal(oauthBearer(GP, token("psc", AUDIENCE, gpNationalId, -300)))).contains("Expired JWT");
        assertThat(imapRefusal(oauthBearer(GP, token("psc", "another-application", gpNationalId, 3600))))
            .contains("aud claim rejected");
        assertThat(imapRefusal(oauthBearer(GP, token("elsewhere", AUDIENCE, gpNationalId, 3600))))
            .contains("was issued by " + provider.issuerUrl("elsewhere") + ", not by " + provider.issuerUrl("psc"));
        assertThat(imapRefusal(oauthBearer(GP, unsigned()))).contains("The access token is unsigned");
        assertThat(imapRefusal(oauthBearer(GP, forged()))).contains("Invalid signature");
        // A valid token of the GP does not open the cardiologist's mailbox.
        assertThat(imapRefusal(xoauth2(CARDIO, gpToken()))).contains("does not list " + CARDIO);
        assertThat(imapRefusal(Base64.getEncoder().encodeToString("n,,\u0001auth=Basic abc\u0001\u0001".getBytes(StandardCharsets.UTF_8))))
            .contains("not an OAUTHBEARER or XOAUTH2 message");
    }

    /** The answer to an AUTHENTICATE that fails: at once, no error challenge on IMAP. */
    private static String imapRefusal(String initialResponse) throws Exception {
        try (ImapDialogue imap = ImapDialogue.connect(node.imapsPort, node.clientTls())) {
            String answer = imap.send("AUTHENTICATE OAUTHBEARER " + initialResponse).status();
            assertThat(answer).contains("NO [AUTHENTICATIONFAILED]");
            // The connection goes on: a good token still opens the mailbox.
            assertThat(imap.send("AUTHENTICATE XOAUTH2 " + xoauth2(GP, gpToken())).ok()).isTrue();
            return answer;
        }
    }

    @Test
    void submissionTakesTokensAfterStarttlsOnly() throws Exception {
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls())) {
            assertThat(smtp.ehlo("cabinet.test")).doesNotContain("OAUTHBEARER");
            assertThat(smtp.send("AUTH OAUTHBEARER " + oauthBearer(GP, gpToken()))).startsWith("538 5.7.11");
            assertThat(smtp.startTls("cabinet.test")).contains("OAUTHBEARER", "XOAUTH2");
            assertThat(smtp.send("AUTH OAUTHBEARER " + oauthBearer(GP, gpToken()))).startsWith("235 2.7.0");
            assertThat(smtp.send("MAIL FROM:<" + GP + ">")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + CARDIO + ">")).startsWith("250");
        }
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls())) {
            smtp.ehlo("cabinet.test");
            smtp.startTls("cabinet.test");
            // XOAUTH2 without an initial response: an empty challenge first.
            assertThat(smtp.send("AUTH XOAUTH2")).startsWith("334");
            String challenge = smtp.send(xoauth2(GP, token("psc", AUDIENCE, gpNationalId, -300)));
            assertThat(challenge).startsWith("334 ");
            assertThat(new String(Base64.getDecoder().decode(challenge.substring(4).trim()), StandardCharsets.UTF_8))
                .contains("invalid_token");
            assertThat(smtp.send("")).startsWith("535 5.7.8").contains("Expired JWT");
            assertThat(smtp.authPlain(GP, PASSWORD)).startsWith("235");
        }
    }

    @Test
    void theHttpApisTakeBearerTokens() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(node.clientTls()).build();
        URI address = URI.create("https://127.0.0.1:" + node.httpsPort() + "/api/directory/addresses/" + CARDIO);
        HttpResponse<String> ok = client.send(HttpRequest.newBuilder(address).header("Authorization", "Bearer " + gpToken())
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);

        HttpResponse<String> expired = client.send(HttpRequest.newBuilder(address)
            .header("Authorization", "Bearer " + token("psc", AUDIENCE, gpNationalId, -300)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
            assertThat(type).startsWith("application/problem+json"));
        assertThat(expired.body()).contains("Expired JWT");

        HttpResponse<String> anonymous = client.send(HttpRequest.newBuilder(address).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().allValues("WWW-Authenticate")).anySatisfy(value -> assertThat(value).startsWith("Bearer"));

        // A professional with no mailbox on this node: the token is valid, but opens nothing here.
        HttpResponse<String> stranger = client.send(HttpRequest.newBuilder(address)
            .header("Authorization", "Bearer " + token("psc", AUDIENCE, "810000000001", 3600)).build(),
            HttpResponse.BodyHandlers.ofString());
        assertThat(stranger.statusCode()).isEqualTo(401);
        assertThat(stranger.body()).contains("810000000001");
    }

    /** The GP's claims in an unsigned token ({@code alg: none}). */
    private static String unsigned() {
        return new PlainJWT(claims()).serialize();
    }

    /** The GP's claims signed by a key that is not the provider's. */
    private static String forged() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair attacker = generator.generateKeyPair();
        String kid = SignedJWT.parse(gpToken()).getHeader().getKeyID();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims());
        jwt.sign(new RSASSASigner((RSAPrivateKey) attacker.getPrivate()));
        return jwt.serialize();
    }

    private static JWTClaimsSet claims() {
        return new JWTClaimsSet.Builder()
            .issuer(provider.issuerUrl("psc").toString())
            .audience(List.of(AUDIENCE))
            .subject("psc-subject")
            .claim("preferred_username", gpNationalId)
            .expirationTime(java.util.Date.from(Instant.now().plusSeconds(3600)))
            .build();
    }
}
