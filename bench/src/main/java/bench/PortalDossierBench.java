package bench;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import fr.mssnode.fixtures.cda.RealisticCorpus;

/**
 * The professional's dossier page of the web space for a patient with {@code documents} documents: the documents
 * arrive by mail (realistic CDA of every family, one per message, sent to the cardiologist, who is then in the care
 * team), then {@code users} signed-in browsers (form sign-in, session cookie) ask for the dossier page again and again.
 * The figure is the time from sending the request to having read the whole page, on loopback (the server's time plus
 * a loopback round trip); each page reads the dossier, the synthesis and records both in the access history.
 */
public final class PortalDossierBench {
    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

    private PortalDossierBench() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of(args[0]);
        int documents = Integer.parseInt(args[1]);
        int users = Integer.parseInt(args[2]);
        int pagesPerUser = Integer.parseInt(args[3]);
        long intervalMillis = args.length > 4 ? Long.parseLong(args[4]) : 0;
        RealisticCorpus corpus = new RealisticCorpus(2026, 1, 5);
        String ins = corpus.document(1).ins();
        try (DemoNode node = DemoNode.start(jar, "bench-portal")) {
            String gp = node.address(1);
            String[] cardiologist = {node.address(2), node.password(2)};
            long filingStarted = System.nanoTime();
            ExecutorService senders = Executors.newFixedThreadPool(4);
            List<Future<?>> sent = new ArrayList<>();
            for (int s = 0; s < 4; s++) {
                int first = s;
                sent.add(senders.submit(() -> {
                    try (SmtpClient smtp = SmtpClient.submission(node.tls, node.submission, new String[] {gp, node.password(1)})) {
                        for (int n = first; n < documents; n += 4) {
                            RealisticCorpus.Document document = corpus.document(n + 1);
                            smtp.expect("MAIL FROM:<" + gp + ">", "250");
                            smtp.expect("RCPT TO:<" + cardiologist[0] + ">", "250");
                            smtp.expect("DATA", "354");
                            String reply = smtp.data(message(gp, cardiologist[0], n, document));
                            if (!reply.startsWith("250")) {
                                throw new IllegalStateException("DATA answered " + reply);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> done : sent) {
                done.get();
            }
            senders.shutdown();
            HttpClient api = HttpClient.newBuilder().sslContext(node.tls).build();
            String basic = "Basic " + Base64.getEncoder().encodeToString((cardiologist[0] + ":" + cardiologist[1])
                .getBytes(StandardCharsets.UTF_8));
            int filed = 0;
            while (filed < documents && System.nanoTime() - filingStarted < 600_000_000_000L) {
                Thread.sleep(1000);
                String dossier = api.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + node.https + "/api/dossiers/" + ins))
                    .header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString()).body();
                filed = dossier.split("\"documentUid\"", -1).length - 1;
            }
            System.err.printf("%d of %d documents filed in %.0f s%n", filed, documents, (System.nanoTime() - filingStarted) / 1e9);

            ExecutorService pool = Executors.newFixedThreadPool(users);
            List<Long> nanos = Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> browsing = new ArrayList<>();
            for (int u = 0; u < users; u++) {
                browsing.add(pool.submit(() -> {
                    HttpClient browser = signedIn(node, cardiologist);
                    URI page = URI.create("https://127.0.0.1:" + node.https + "/espace/pro/dossiers/" + ins);
                    Pacer pacer = new Pacer(intervalMillis);
                    for (int i = 0; i < pagesPerUser + 5; i++) {
                        pacer.await();
                        long started = System.nanoTime();
                        HttpResponse<String> answer = browser.send(HttpRequest.newBuilder(page).build(),
                            HttpResponse.BodyHandlers.ofString());
                        long took = System.nanoTime() - started;
                        if (answer.statusCode() != 200 || !answer.body().contains("Synthèse")) {
                            throw new IllegalStateException("The dossier page answered " + answer.statusCode());
                        }
                        if (i >= 5) {
                            nanos.add(took);
                        }
                    }
                    return null;
                }));
            }
            long started = System.nanoTime();
            for (Future<?> done : browsing) {
                done.get();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            pool.shutdown();
            List<Long> sorted = new ArrayList<>(nanos);
            Collections.sort(sorted);
            System.out.printf("portal-dossier-page-p95-ms: %.1f ms (%s, %s, %s, the professional's dossier page"
                    + " (/espace/pro/dossiers/{ins}) of a patient with %d documents filed by mail (%d of the realistic mix),"
                    + " %d signed-in users at once, %d pages each after 5 warm-up, %s, %.0f pages/s; p50 %.1f ms, p99 %.1f ms;"
                    + " each page reads the dossier and the synthesis and records both in the access history; time to the"
                    + " whole page on loopback; target under 150; bash bench/portal-dossier.sh %d %d %d %d)%n",
                percentile(sorted, 0.95), LocalDate.now(), Machine.describe(), DemoNode.database(), documents, filed, users,
                pagesPerUser, intervalMillis == 0 ? "each asking again at once (closed loop, both cores saturated)"
                    : "each asking for a page every " + intervalMillis + " ms", sorted.size() / seconds,
                percentile(sorted, 0.50), percentile(sorted, 0.99), documents, users, pagesPerUser, intervalMillis);
        }
    }

    /** A browser signed in with the form (its CSRF token, then the session cookie). */
    static HttpClient signedIn(DemoNode node, String[] account) throws Exception {
        HttpClient browser = HttpClient.newBuilder().sslContext(node.tls).cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
        String base = "https://127.0.0.1:" + node.https;
        String form = browser.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        Matcher token = CSRF.matcher(form);
        if (!token.find()) {
            throw new IllegalStateException("No CSRF token on the sign-in page");
        }
        HttpResponse<String> signedIn = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString("username=" + URLEncoder.encode(account[0], StandardCharsets.UTF_8)
                + "&password=" + URLEncoder.encode(account[1], StandardCharsets.UTF_8) + "&_csrf=" + token.group(1)))
            .build(), HttpResponse.BodyHandlers.ofString());
        if (signedIn.statusCode() != 302 || !signedIn.headers().firstValue("Location").orElse("").endsWith("/espace/pro")) {
            throw new IllegalStateException("Sign-in answered " + signedIn.statusCode() + " " + signedIn.headers().map());
        }
        return browser;
    }

    private static String message(String from, String to, int n, RealisticCorpus.Document document) {
        String boundary = "=_portal_" + n;
        return "From: " + from + "\r\nTo: " + to + "\r\nSubject: Document " + n + "\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"" + boundary + "\"\r\n\r\n--" + boundary
            + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nCi-joint un document.\r\n--" + boundary
            + "\r\nContent-Type: " + document.mediaType() + "; name=\"" + document.fileName() + "\"\r\nContent-Disposition:"
            + " attachment; filename=\"" + document.fileName() + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(document.bytes())
            + "\r\n--" + boundary + "--\r\n";
    }

    static double percentile(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1)) / 1e6;
    }
}
