package fr.mssnode.mail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import fr.mssnode.mail.testing.Browser;
import fr.mssnode.mail.testing.SmtpDialogue;
import fr.mssnode.mail.testing.TestNode;
import fr.mssnode.directory.testing.TestDatabase;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The web space in a real headless Chromium, on the demo node: the GP's discharge letter arrives by mail and is filed;
 * the cardiologist who received it opens the dossier; the patient signs in with the form, reads the synthesis and
 * the letter, masks it, blocks the cardiologist and finds both, and the cardiologist's visit, in the access history
 * in plain words. Every page passes axe-core with no serious or critical violation; a form posted without its CSRF
 * token is refused; screenshots of the main pages are kept. Once per database vendor.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class WebSpaceContract {
    static final String GP = "dr.lefebvre@" + TestNode.DOMAIN;
    static final String GP_PASSWORD = "Demo-Generaliste-2026";
    static final String CARDIOLOGIST = "dr.benali@" + TestNode.DOMAIN;
    static final String CARDIOLOGIST_PASSWORD = "Demo-Cardiologue-2026";
    static final String CARDIOLOGIST_ID = "810000000025";
    static final String PATIENT_PASSWORD = "Demo-Patiente-2026";
    static final String EMERGENCY_DOCTOR = "dr.moreau@" + TestNode.DOMAIN;
    static final String OTHER_INS = fr.mssnode.directory.Ins.withComputedKey("1690175120021").matricule();
    static final String OTHER_PATIENT = OTHER_INS + "@" + TestNode.PATIENT_DOMAIN;
    static final String OTHER_PASSWORD = "Tulipe-Verte-2031";
    static final JsonMapper JSON = JsonMapper.builder().build();

    TestNode node;
    String patient;
    String ins;
    HttpClient api;
    WebDriver browser;
    String origin;

    abstract TestDatabase newDatabase();

    @BeforeAll
    void start() throws Exception {
        Browser.requireChromium();
        node = new TestNode(newDatabase(), Files.createTempDirectory("web-space"))
            .with("spring.profiles.active", "demo").start();
        patient = node.directory().listAccounts().stream()
            .filter(a -> a.kind() == fr.mssnode.directory.AccountKind.PATIENT).findFirst().orElseThrow().address();
        ins = patient.substring(0, patient.indexOf('@'));
        api = HttpClient.newBuilder().sslContext(node.clientTls()).build();
        origin = "https://127.0.0.1:" + node.httpsPort();
        // The GP's practice software sends the discharge letter to the cardiologist; the node files it.
        String letter = Files.readString(node.varDir().resolve("demo/lettre-de-sortie.eml"), StandardCharsets.UTF_8);
        submit(GP, GP_PASSWORD, CARDIOLOGIST, letter);
        awaitDocuments(1);
        // Another patient, with a secure inbox, whose letter went to the emergency doctor only: outside the
        // cardiologist's care relationship.
        node.createAccount(OTHER_PATIENT, fr.mssnode.directory.AccountKind.PATIENT, OTHER_PASSWORD);
        node.bean(fr.mssnode.directory.Patients.class).register(new fr.mssnode.directory.Patient(
            new fr.mssnode.directory.Ins(OTHER_INS), fr.mssnode.directory.InsOid.NIR_TEST, "MARTIN", "Paul",
            java.util.Optional.empty(), java.time.LocalDate.of(1969, 1, 7), "M", java.util.Optional.of(OTHER_PATIENT),
            java.util.Optional.empty()));
        submit(GP, GP_PASSWORD, EMERGENCY_DOCTOR, otherPatientsLetter());
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (get("/api/patient/dossier", OTHER_PATIENT, OTHER_PASSWORD).body().indexOf("\"documents\"") < 0
            && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        // The cardiologist who received it opens the dossier (care team).
        assertThat(get("/api/dossiers/" + ins, CARDIOLOGIST, CARDIOLOGIST_PASSWORD).statusCode()).isEqualTo(200);
        browser = Browser.headlessChromium();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (node != null) {
            node.close();
        }
    }

    /** The GP's letter about Paul Martin, as practice software sends it: a CDA with a problem and a treatment. */
    private static String otherPatientsLetter() {
        String cda = fr.mssnode.fixtures.cda.CdaBuilder.of("11490-0", "Lettre de liaison")
            .title("Courrier de liaison - insuffisance cardiaque").id("1.2.250.1.999.1.1", "web-lettre-martin")
            .effectiveTime("20261201093000+0100")
            .patient(fr.mssnode.directory.InsOid.NIR_TEST.oid(), OTHER_INS, "MARTIN", "Paul", "19690107", "M")
            .section("18776-5", "Conclusion", "Insuffisance cardiaque à fraction d'éjection préservée, dyspnée d'effort.")
            .section("11450-4", "Problèmes actifs", "Insuffisance cardiaque diastolique.",
                fr.mssnode.fixtures.cda.CdaBuilder.problem("I50.3", "Insuffisance cardiaque diastolique"))
            .build();
        return "From: " + GP + "\r\nTo: " + EMERGENCY_DOCTOR + "\r\nSubject: Courrier M. Martin\r\nMIME-Version: 1.0\r\n"
            + "Content-Type: multipart/mixed; boundary=\"web\"\r\n\r\n--web\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
            + "Cher confrere, ci-joint le courrier de M. Martin.\r\n--web\r\nContent-Type: application/hl7-cda+xml\r\n"
            + "Content-Disposition: attachment; filename=\"courrier.xml\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cda.getBytes(StandardCharsets.UTF_8))
            + "\r\n--web--\r\n";
    }

    /** Submits a message as a mail client does: STARTTLS, AUTH, one recipient. */
    private void submit(String login, String password, String to, String message) throws IOException {
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls())) {
            smtp.ehlo("cabinet.test");
            smtp.startTls("cabinet.test");
            assertThat(smtp.authPlain(login, password)).startsWith("235");
            assertThat(smtp.send("MAIL FROM:<" + login + ">")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + to + ">")).startsWith("250");
            assertThat(smtp.data(message)).startsWith("250");
        }
    }

    private HttpResponse<String> get(String path, String login, String password) throws Exception {
        return api.send(HttpRequest.newBuilder(URI.create(origin + path)).header("Authorization", "Basic "
            + Base64.getEncoder().encodeToString((login + ":" + password).getBytes(StandardCharsets.UTF_8))).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    private void awaitDocuments(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int found = 0;
        while (System.nanoTime() < deadline) {
            JsonNode dossier = JSON.readTree(get("/api/patient/dossier", patient, PATIENT_PASSWORD).body());
            found = 0;
            for (JsonNode rubric : dossier.path("rubrics")) {
                found += rubric.path("documents").size();
            }
            if (found >= count) {
                return;
            }
            Thread.sleep(200);
        }
        assertThat(found).as("documents in the demo patient's dossier").isGreaterThanOrEqualTo(count);
    }

    private void signIn(String address, String password) {
        browser.manage().deleteAllCookies();
        browser.get(origin + "/login");
        Browser.assertAccessible(browser, "connexion");
        browser.findElement(By.id("username")).sendKeys(address);
        browser.findElement(By.id("password")).sendKeys(password);
        clickAndLoad(By.cssSelector("main form button[type=submit]"));
        // The form's answer is a redirect: to the account's space, or back to the form with the reason.
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(d -> !d.getCurrentUrl().equals(origin + "/login"));
    }

    /** Clicks what navigates (a link, a form's button) and waits for the next page to replace this one. */
    private void clickAndLoad(By target) {
        WebElement before = browser.findElement(By.tagName("html"));
        browser.findElement(target).click();
        awaitNextPage(before);
    }

    /** Until the page the element was on is gone (Chromium says so in more than one way) and the next is loaded. */
    private void awaitNextPage(WebElement before) {
        new WebDriverWait(browser, Duration.ofSeconds(20)).until(driver -> {
            try {
                before.isEnabled();
                return false;
            } catch (org.openqa.selenium.WebDriverException gone) {
                return "complete".equals(((JavascriptExecutor) driver).executeScript("return document.readyState"));
            }
        });
    }

    private String page() {
        return browser.findElement(By.tagName("main")).getText();
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefusedInFrench() {
        signIn(patient, "pas-le-bon");
        assertThat(browser.getCurrentUrl()).contains("/login?erreur=mot-de-passe");
        assertThat(page()).contains("Adresse ou mot de passe incorrect");
    }

    @Test
    @Order(2)
    void thePatientReadsTheSynthesisAndTheDischargeLetter() throws Exception {
        signIn(patient, PATIENT_PASSWORD);
        assertThat(browser.getCurrentUrl()).isEqualTo(origin + "/espace/patient");
        // The copy of the discharge letter in the secure inbox (read through the node's mailboxes).
        String copy = "Nouveau document dans votre dossier : Lettre de liaison de sortie - cardiologie";
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        browser.get(origin + "/espace/patient/messages");
        while (!page().contains(copy) && System.nanoTime() < deadline) {
            Thread.sleep(500);
            browser.get(origin + "/espace/patient/messages");
        }
        assertThat(page()).contains(copy, "non lu");
        int unread = browser.findElements(By.cssSelector("li.nonlu")).size();
        Browser.assertAccessible(browser, "messages");
        Browser.screenshot(browser, "patient-messages");
        clickAndLoad(By.linkText(copy));
        assertThat(page()).contains("a déposé dans votre dossier médical le document « Lettre de liaison de sortie - cardiologie");
        Browser.assertAccessible(browser, "message");
        browser.get(origin + "/espace/patient/messages");
        assertThat(browser.findElements(By.cssSelector("li.nonlu"))).hasSize(unread - 1);
        browser.get(origin + "/espace/patient");
        assertThat(browser.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("fr");
        String dossier = page();
        assertThat(dossier).contains("Camille DURAND", "Synthèse", "Pénicilline", "APIXABAN 5 mg comprimé",
            "Fibrillation atriale paroxystique", "Comptes rendus", "Lettre de liaison de sortie - cardiologie");
        // The synthesis comes before the documents.
        assertThat(dossier.indexOf("Synthèse")).isLessThan(dossier.indexOf("Mes documents"));
        Browser.assertAccessible(browser, "dossier du patient");
        Browser.screenshot(browser, "patient-dossier");
        // On a phone's width the page reflows: nothing wider than the screen.
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        Object overflow = ((JavascriptExecutor) browser).executeScript(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(((Number) overflow).intValue()).as("horizontal overflow at 390 px").isLessThanOrEqualTo(0);
        Browser.screenshot(browser, "patient-dossier-telephone");
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));

        clickAndLoad(By.linkText("Lettre de liaison de sortie - cardiologie"));
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Lettre de liaison de sortie - cardiologie");
        Browser.assertAccessible(browser, "document");
        browser.switchTo().frame(browser.findElement(By.cssSelector("iframe.lecture")));
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Fibrillation atriale paroxystique");
        browser.switchTo().defaultContent();
        Browser.screenshot(browser, "patient-document");
    }

    @Test
    @Order(3)
    void theCardiologistFindsThePatientSearchesAndReadsTheDossier() {
        signIn(CARDIOLOGIST, CARDIOLOGIST_PASSWORD);
        assertThat(browser.getCurrentUrl()).isEqualTo(origin + "/espace/pro");
        assertThat(page()).contains("DURAND Camille", "équipe de soins").doesNotContain("MARTIN");
        Browser.assertAccessible(browser, "mes patients");
        Browser.screenshot(browser, "pro-patients");
        browser.findElement(By.id("q")).sendKeys("12/05/1985");
        clickAndLoad(By.cssSelector("form[role=search] button"));
        assertThat(page()).contains("DURAND Camille");

        clickAndLoad(By.linkText("DURAND Camille"));
        String dossier = page();
        assertThat(dossier).contains("DURAND Camille", "motif d'accès : équipe de soins", "Synthèse", "Pénicilline",
            "Lettre de liaison de sortie - cardiologie");
        assertThat(dossier.indexOf("Synthèse")).isLessThan(dossier.indexOf("Documents"));
        Browser.assertAccessible(browser, "dossier (professionnel)");
        Browser.screenshot(browser, "pro-dossier");

        browser.findElement(By.id("q")).sendKeys("fibrillations");
        clickAndLoad(By.cssSelector("form[role=search] button"));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText()).isEqualTo("1 document trouvé");
        assertThat(browser.findElements(By.cssSelector(".extrait mark"))).isNotEmpty()
            .allSatisfy(mark -> assertThat(mark.getText().toLowerCase()).startsWith("fibrillation"));
        assertThat(browser.findElement(By.cssSelector(".facettes")).getText()).contains("Lettre de liaison de sortie (1)");
        Browser.assertAccessible(browser, "recherche");
        Browser.screenshot(browser, "pro-recherche");
        clickAndLoad(By.linkText("Lettre de liaison de sortie - cardiologie"));
        browser.switchTo().frame(browser.findElement(By.cssSelector("iframe.lecture")));
        assertThat(browser.findElement(By.tagName("body")).getText()).contains("Apixaban");
        browser.switchTo().defaultContent();
    }

    @Test
    @Order(4)
    void theCardiologistBreaksTheGlassOnAPatientOutsideTheCareRelationshipAndThePatientSeesIt() {
        signIn(CARDIOLOGIST, CARDIOLOGIST_PASSWORD);
        browser.get(origin + "/espace/pro/dossiers/" + OTHER_INS);
        assertThat(page()).contains("Accès refusé", "ni dans son équipe de soins");
        clickAndLoad(By.linkText("accès en urgence"));
        assertThat(page()).contains("4 heures", "le patient et son médecin traitant sont prévenus");
        Browser.assertAccessible(browser, "accès en urgence");
        Browser.screenshot(browser, "pro-urgence");
        // The reason is mandatory: too short, the form says so and nothing opens.
        browser.findElement(By.id("raison")).sendKeys("urgence");
        ((JavascriptExecutor) browser).executeScript("document.getElementById('raison').removeAttribute('minlength');");
        clickAndLoad(By.cssSelector("main form button"));
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText()).contains("Indiquez la raison");
        browser.findElement(By.id("raison")).clear();
        browser.findElement(By.id("raison")).sendKeys("Patient admis inconscient aux urgences, antécédents inconnus");
        clickAndLoad(By.cssSelector("main form button"));
        assertThat(browser.getCurrentUrl()).isEqualTo(origin + "/espace/pro/dossiers/" + OTHER_INS);
        assertThat(page()).contains("MARTIN Paul", "accès en urgence (bris de glace)", "Accès en urgence ouvert jusqu'au",
            "Insuffisance cardiaque diastolique");

        signIn(OTHER_PATIENT, OTHER_PASSWORD);
        browser.get(origin + "/espace/patient/acces");
        assertThat(page()).containsPattern("Karim BENALI, cardiologie et maladies vasculaires, a ouvert votre dossier en urgence"
            + " \\(bris de glace, pour 4 heures\\) le \\d+ \\p{L}+ \\d{4} à \\d+ h \\d{2} — motif : accès en urgence \\(bris de glace\\)"
            + " — raison donnée : « Patient admis inconscient aux urgences, antécédents inconnus »");
    }

    @Test
    @Order(5)
    void thePatientMasksTheLetterAndBlocksTheCardiologistAndSeesBothInTheHistory() {
        signIn(patient, PATIENT_PASSWORD);
        browser.get(origin + "/espace/patient/confidentialite");
        Browser.assertAccessible(browser, "confidentialité");
        clickAndLoad(By.cssSelector("button[aria-label='Masquer Lettre de liaison de sortie - cardiologie']"));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText())
            .contains("Lettre de liaison de sortie - cardiologie", "masqué aux professionnels");
        browser.findElement(By.id("bloquer")).sendKeys(CARDIOLOGIST_ID);
        clickAndLoad(By.xpath("//form[.//input[@id='bloquer']]//button"));
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText())
            .contains("ne peut plus consulter votre dossier");
        assertThat(page()).contains("Professionnels bloqués", "Karim BENALI");
        Browser.screenshot(browser, "patient-confidentialite");

        clickAndLoad(By.linkText("Qui a consulté mon dossier"));
        String history = page();
        assertThat(history).contains("Vous avez masqué aux professionnels votre document « Lettre de liaison de sortie - cardiologie »",
            "Vous avez bloqué l'accès de", "a ouvert votre dossier", "motif : équipe de soins");
        assertThat(history).containsPattern("Karim BENALI, cardiologie et maladies vasculaires, a ouvert votre dossier le \\d+");
        Browser.assertAccessible(browser, "historique des accès");
        Browser.screenshot(browser, "patient-historique");
    }

    @Test
    @Order(6)
    void aFormPostedWithoutItsCsrfTokenIsRefused() {
        signIn(patient, PATIENT_PASSWORD);
        browser.get(origin + "/espace/patient/confidentialite");
        WebElement before = browser.findElement(By.tagName("html"));
        ((JavascriptExecutor) browser).executeScript(
            "const form = document.querySelector('form[action=\"/espace/patient/autoriser\"]');"
                + "form.querySelector('input[name=_csrf]').remove();"
                + "form.querySelector('input[name=identifiant]').value = '" + CARDIOLOGIST_ID + "';"
                + "form.submit();");
        awaitNextPage(before);
        assertThat(page()).contains("Accès refusé");
        browser.get(origin + "/espace/patient/confidentialite");
        assertThat(page()).doesNotContain("peut désormais consulter");
    }

    @Test
    @Order(7)
    void aProfessionalCannotOpenThePatientSpaceAndSignsOut() {
        signIn(CARDIOLOGIST, CARDIOLOGIST_PASSWORD);
        browser.get(origin + "/espace/patient");
        assertThat(page()).contains("Accès refusé");
        browser.get(origin + "/espace/patient/confidentialite");
        assertThat(page()).contains("Accès refusé");
    }

    @Test
    @Order(8)
    void signingOutEndsTheSession() {
        signIn(patient, PATIENT_PASSWORD);
        clickAndLoad(By.cssSelector(".deconnexion button"));
        assertThat(page()).contains("Vous êtes déconnecté(e).");
        browser.get(origin + "/espace/patient");
        assertThat(browser.getCurrentUrl()).contains("/login");
    }

    /** The cardiologist writes to the patient's secure inbox as his mail client does. */
    private void cardiologistWritesToThePatient(String subject, String messageId, String extraHeaders, String text)
        throws Exception {
        submit(CARDIOLOGIST, CARDIOLOGIST_PASSWORD, patient, "From: Dr Karim Benali <" + CARDIOLOGIST + ">\r\nTo: <" + patient
            + ">\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId + "\r\n" + extraHeaders + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" + text + "\r\n");
    }

    /** Until the patient's inbox page lists this subject. */
    private void awaitInInbox(String subject) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        browser.get(origin + "/espace/patient/messages");
        while (!page().contains(subject) && System.nanoTime() < deadline) {
            Thread.sleep(300);
            browser.get(origin + "/espace/patient/messages");
        }
        assertThat(page()).contains(subject);
    }

    @Test
    @Order(9)
    void thePatientAnswersTheCardiologistFromTheInboxUntilHeEndsTheConversation() throws Exception {
        signIn(patient, PATIENT_PASSWORD);
        // A notice of the node (the copy of a filed document) cannot be answered, and the page says so.
        browser.get(origin + "/espace/patient/messages");
        clickAndLoad(By.partialLinkText("Nouveau document dans votre dossier"));
        assertThat(page()).contains("Ce message est un avis automatique de votre messagerie : on n'y répond pas.");
        assertThat(browser.findElements(By.id("texte"))).isEmpty();

        cardiologistWritesToThePatient("Vos résultats d'échographie", "<echo-1@cabinet.test>", "",
            "Madame, votre échographie cardiaque est normale. Pouvez-vous me dire si l'essoufflement persiste ?");
        awaitInInbox("Vos résultats d'échographie");
        clickAndLoad(By.linkText("Vos résultats d'échographie"));
        assertThat(page()).contains("Répondre", "Votre réponse à Dr Karim Benali");
        Browser.assertAccessible(browser, "message avec réponse");
        browser.findElement(By.id("texte")).sendKeys("Bonjour docteur, l'essoufflement a disparu depuis lundi. Merci !");
        Browser.screenshot(browser, "patient-reponse");
        clickAndLoad(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.getCurrentUrl()).isEqualTo(origin + "/espace/patient/messages");
        assertThat(browser.findElement(By.cssSelector("[role=status]")).getText())
            .isEqualTo("Votre réponse « Re: Vos résultats d'échographie » est envoyée à " + CARDIOLOGIST + ".");
        assertThat(page()).contains("Mes réponses envoyées", "Re: Vos résultats d'échographie", "à " + CARDIOLOGIST);
        Browser.assertAccessible(browser, "messages avec réponses envoyées");

        // The cardiologist's mail client finds the answer, threaded under his message, from the patient's address.
        String answer = new String(fr.mssnode.mail.testing.Mailboxes.awaitRaw(node.mailSession(), CARDIOLOGIST,
            CARDIOLOGIST_PASSWORD, "Re: Vos résultats d'échographie", Duration.ofSeconds(60)), StandardCharsets.UTF_8);
        jakarta.mail.internet.MimeMessage received = new jakarta.mail.internet.MimeMessage(
            jakarta.mail.Session.getInstance(new java.util.Properties()), new java.io.ByteArrayInputStream(answer.getBytes(StandardCharsets.UTF_8)));
        assertThat(received.getHeader("In-Reply-To", null)).isEqualTo("<echo-1@cabinet.test>");
        assertThat(received.getHeader("References", null)).contains("<echo-1@cabinet.test>");
        assertThat(((jakarta.mail.internet.InternetAddress) received.getFrom()[0]).getAddress()).isEqualTo(patient);
        assertThat(received.getHeader("X-MSS-Signature", null)).as("checked by the pipeline like any submission").isNotNull();
        String body = received.getContent().toString();
        assertThat(body).contains("l'essoufflement a disparu depuis lundi", "> Madame, votre échographie cardiaque est normale.");
        // The operator's trace shows it was submitted from the web space.
        node.bean(fr.mssnode.mail.trace.OperatorTrace.class).flush();
        assertThat(node.bean(fr.mssnode.mail.trace.OperatorTrace.class).search(patient, java.time.Instant.now().minusSeconds(600), 100))
            .anySatisfy(event -> {
                assertThat(event.protocol()).isEqualTo("HTTPS");
                assertThat(event.action()).isEqualTo(fr.mssnode.mail.trace.TraceEvent.Action.MAIL_ACCEPTED);
                assertThat(event.concerns()).contains(CARDIOLOGIST);
            });

        // The patient starts a second answer; meanwhile the cardiologist ends the conversation (X-MSS-MES: FIN).
        browser.get(origin + "/espace/patient/messages");
        clickAndLoad(By.linkText("Vos résultats d'échographie"));
        browser.findElement(By.id("texte")).sendKeys("Et pour le traitement, dois-je continuer ?");
        cardiologistWritesToThePatient("Fin de notre échange", "<echo-2@cabinet.test>", "X-MSS-MES: FIN\r\n",
            "Très bien. Pour toute autre question, prenez rendez-vous au cabinet.");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (fr.mssnode.mail.testing.Mailboxes.subjects(node.mailSession(), patient, PATIENT_PASSWORD).stream()
            .noneMatch(subject -> subject.contains("Fin de notre échange")) && System.nanoTime() < deadline) {
            Thread.sleep(300);
        }
        // The form sent after the end is refused by the same rule as an SMTP submission; what was written is kept.
        clickAndLoad(By.cssSelector("main form button[type=submit]"));
        assertThat(browser.findElement(By.cssSelector("[role=alert]")).getText())
            .isEqualTo(CARDIOLOGIST + " a clos l'échange dans son dernier message : vous ne pouvez plus y répondre."
                + " Pour le recontacter, adressez-vous à son cabinet ou à son service.");
        assertThat(browser.findElement(By.id("brouillon")).getAttribute("value")).isEqualTo("Et pour le traitement, dois-je continuer ?");
        assertThat(browser.findElements(By.id("texte"))).isEmpty();
        Browser.assertAccessible(browser, "réponse refusée");
        assertThat(fr.mssnode.mail.testing.Mailboxes.subjects(node.mailSession(), CARDIOLOGIST, CARDIOLOGIST_PASSWORD)
            .stream().filter(subject -> subject.contains("Re: Vos résultats d'échographie"))).hasSize(1);
        // The same rule answers the patient's mail client on the submission port.
        try (SmtpDialogue smtp = SmtpDialogue.connect(node.submissionPort, node.clientTls())) {
            smtp.ehlo("maison.test");
            smtp.startTls("maison.test");
            assertThat(smtp.authPlain(patient, PATIENT_PASSWORD)).startsWith("235");
            assertThat(smtp.send("MAIL FROM:<" + patient + ">")).startsWith("250");
            assertThat(smtp.send("RCPT TO:<" + CARDIOLOGIST + ">")).startsWith("550 5.7.1").contains("X-MSS-MES: FIN");
        }
    }
}
