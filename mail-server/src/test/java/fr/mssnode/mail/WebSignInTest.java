package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import fr.mssnode.directory.AccountKind;
import fr.mssnode.directory.Ins;
import fr.mssnode.directory.testing.TestDatabase;
import fr.mssnode.mail.testing.TestNode;

/**
 * The web space's sign-in over HTTPS, as a browser does it (the form's CSRF token, cookies): the session cookie's
 * attributes, the idle timeout and its message, the same failure throttling as the mail protocols, and a form
 * posted without its token refused.
 */
class WebSignInTest {
    static final String PATIENT = Ins.withComputedKey("2850575120005").matricule() + "@" + TestNode.PATIENT_DOMAIN;
    static final String DOCTOR = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String PASSWORD = "Tulipe-Verte-2031";
    static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    static TestDatabase database;
    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        database = TestDatabase.derby();
        node = new TestNode(database, Files.createTempDirectory("web-sign-in"))
            .with("node.web.patient-idle", "2s").start();
        node.createAccount(PATIENT, AccountKind.PATIENT, PASSWORD);
        node.createAccount(DOCTOR, AccountKind.PROFESSIONAL, PASSWORD);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
        if (database != null) {
            database.close();
        }
    }

    /** A browser: its own cookies, no redirect followed (the answers are what is checked). */
    private static HttpClient browser() {
        return HttpClient.newBuilder().sslContext(node.clientTls()).cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    private static String url(String path) {
        return "https://127.0.0.1:" + node.httpsPort() + path;
    }

    private static HttpResponse<String> get(HttpClient client, String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient client, String path, String form) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String token(HttpResponse<String> page) {
        Matcher found = CSRF.matcher(page.body());
        assertThat(found.find()).as("a CSRF token in the form").isTrue();
        return found.group(1);
    }

    private static HttpResponse<String> signIn(HttpClient client, String address, String password) throws Exception {
        String token = token(get(client, "/login"));
        return post(client, "/login", "username=" + URLEncoder.encode(address, StandardCharsets.UTF_8) + "&password="
            + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf=" + token);
    }

    @Test
    void theSessionCookieIsSecureHttpOnlyAndSameSiteStrictAndEndsWhenIdle() throws Exception {
        HttpClient client = browser();
        HttpResponse<String> signedIn = signIn(client, PATIENT, PASSWORD);
        assertThat(signedIn.statusCode()).isEqualTo(302);
        assertThat(signedIn.headers().firstValue("Location")).hasValue(url("/espace/patient"));
        assertThat(signedIn.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
            .startsWith("MSSNODE_SESSION=").contains("Secure", "HttpOnly", "SameSite=Strict"));
        assertThat(get(client, "/espace/patient").statusCode()).isEqualTo(200);
        // node.web.patient-idle is 2 s here: after 3 s without a request the session is gone, and the page says why.
        Thread.sleep(3_000);
        HttpResponse<String> expired = get(client, "/espace/patient");
        assertThat(expired.statusCode()).isEqualTo(302);
        assertThat(expired.headers().firstValue("Location")).hasValue(url("/login?expiree"));
        assertThat(get(client, "/login?expiree").body()).contains("Votre session a expiré après une période");
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefused() throws Exception {
        HttpClient client = browser();
        assertThat(signIn(client, PATIENT, PASSWORD).statusCode()).isEqualTo(302);
        // The privacy page carries the session's token in each form; a post without it is refused.
        String token = token(get(client, "/espace/patient/confidentialite"));
        HttpResponse<String> withoutToken = post(client, "/espace/patient/urgence", "autorise=non");
        assertThat(withoutToken.statusCode()).as(withoutToken.headers().map().toString()).isEqualTo(403);
        HttpResponse<String> withToken = post(client, "/espace/patient/urgence", "autorise=non&_csrf=" + token);
        assertThat(withToken.statusCode()).as(withToken.headers().map().toString()).isEqualTo(302);
        assertThat(withToken.headers().firstValue("Location")).hasValue(url("/espace/patient/confidentialite"));
    }

    @Test
    void repeatedFailuresAreThrottledLikeTheMailProtocols() throws Exception {
        HttpClient client = browser();
        String address = "dr.inconnu@" + TestNode.DOMAIN;
        String lastRefusal = "";
        for (int i = 0; i < 6; i++) {
            HttpResponse<String> refused = signIn(client, address, "pas-le-bon-" + i);
            assertThat(refused.statusCode()).isEqualTo(302);
            lastRefusal = refused.headers().firstValue("Location").orElseThrow();
        }
        assertThat(lastRefusal).startsWith(url("/login?erreur=attente&secondes="));
        assertThat(get(client, lastRefusal.substring(url("").length())).body()).contains("connexion depuis votre adresse : attendez");
    }
}
