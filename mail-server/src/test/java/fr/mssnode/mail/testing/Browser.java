package fr.mssnode.mail.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real headless Chromium for the web space's tests: Debian's {@code chromium} and {@code chromedriver}, given by
 * path (nothing is downloaded at run time); axe-core from the npm registry, installed once into target/axe and
 * injected into each page checked; screenshots into target/screenshots.
 */
public final class Browser {
    static final Path CHROMIUM = Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver.binary", "/usr/bin/chromedriver"));
    static final String AXE_VERSION = "4.14.1";
    private static String axe;

    private Browser() {
    }

    /** Skips, loudly, where Chromium is not installed (.ci/run installs Debian's packages). */
    public static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!present) {
            System.err.println("\n*** BROWSER TESTS SKIPPED: " + CHROMIUM + " or " + CHROMEDRIVER + " is missing"
                + " (apt-get install chromium chromium-driver) ***\n");
        }
        assumeTrue(present, "Chromium and chromedriver are not installed");
    }

    public static WebDriver headlessChromium() {
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
            .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--window-size=1280,1000", "--lang=fr-FR", "--no-first-run", "--disable-extensions");
        options.setAcceptInsecureCerts(true);
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        driver.manage().timeouts().implicitlyWait(Duration.ofSeconds(5));
        return driver;
    }

    /** Runs axe-core (WCAG 2.1 A and AA rules) on the page: no serious or critical violation. */
    public static void assertAccessible(WebDriver browser, String page) {
        JavascriptExecutor script = (JavascriptExecutor) browser;
        script.executeScript(axeSource());
        Object violations = script.executeAsyncScript("const done = arguments[arguments.length - 1];"
            + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})"
            + ".then(r => done(JSON.stringify(r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
            + ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})))))"
            + ".catch(e => done('axe failed: ' + e));");
        assertThat(violations).as("axe-core on the page '%s' (%s)", page, browser.getCurrentUrl()).isEqualTo("[]");
    }

    /** A PNG of the page in target/screenshots (the README's pictures come from there). */
    public static Path screenshot(WebDriver browser, String name) {
        try {
            Path folder = Path.of("target", "screenshots");
            Files.createDirectories(folder);
            Path file = folder.resolve(name + ".png");
            Files.write(file, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot save the screenshot " + name, e);
        }
    }

    private static synchronized String axeSource() {
        if (axe != null) {
            return axe;
        }
        Path folder = Path.of("target", "axe").toAbsolutePath();
        Path script = folder.resolve("node_modules/axe-core/axe.min.js");
        try {
            if (!Files.exists(script)) {
                Files.createDirectories(folder);
                Process npm = new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--no-save", "--prefix",
                    folder.toString(), "axe-core@" + AXE_VERSION).redirectErrorStream(true)
                    .redirectOutput(folder.resolve("npm.log").toFile()).start();
                if (!npm.waitFor(180, TimeUnit.SECONDS) || npm.exitValue() != 0 || !Files.exists(script)) {
                    throw new IllegalStateException("Could not install axe-core " + AXE_VERSION + " from the npm registry: see "
                        + folder.resolve("npm.log"));
                }
            }
            axe = Files.readString(script, StandardCharsets.UTF_8);
            return axe;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read axe-core", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
