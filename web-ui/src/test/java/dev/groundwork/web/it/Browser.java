package dev.groundwork.web.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Debian's headless Chromium driven by Debian's chromedriver (Selenium), with a fresh profile per
 * browser. Screenshots go to {@code target/screenshots} as test artefacts. The browser's console is
 * collected ({@link #console}); closing the browser fails the test if the workbench's pages logged a
 * Content-Security-Policy violation ({@link #assertNoCspViolations}).
 */
final class Browser implements AutoCloseable {

    static final Path SCREENSHOTS = Path.of("target/screenshots");

    final ChromeDriver driver;
    /** Console messages read so far (chromedriver hands each out once). */
    private final List<String> console = new ArrayList<>();
    private final Path profile;
    private final URI app;

    Browser(URI app) {
        this(app, 1400, 1000);
    }

    /** A browser whose window is {@code width} × {@code height} CSS pixels, e.g. a 1366×768 laptop screen. */
    Browser(URI app, int width, int height) {
        this.app = app;
        try {
            profile = Files.createTempDirectory("gw-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary("GW_CHROMIUM", "/usr/bin/chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=" + width + "," + height, "--user-data-dir=" + profile);
        // The console log (every level), read through chromedriver's log endpoint.
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(Path.of(binary("GW_CHROMEDRIVER", "/usr/bin/chromedriver")).toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    private static String binary(String env, String fallback) {
        String configured = System.getenv(env);
        return configured == null || configured.isBlank() ? fallback : configured;
    }

    /** Opens {@code path} of the app and signs in on the real Keycloak login page. */
    Browser login(String path, String username, String password) {
        driver.get(app.resolve(path).toString());
        WebElement user = waitFor(By.id("username"));
        user.sendKeys(username);
        driver.findElement(By.id("password")).sendKeys(password);
        driver.findElement(By.id("kc-login")).click();
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().startsWith(app.toString()));
        return this;
    }

    void open(String path) {
        driver.get(app.resolve(path).toString());
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(30)).until(ExpectedConditions.presenceOfElementLocated(by));
    }

    /** Scrolls the element to the middle of the window, then clicks it like a user. */
    void click(WebElement element) {
        js("arguments[0].scrollIntoView({block: 'center'});", element);
        element.click();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** Saves a screenshot as {@code target/screenshots/<name>.png}. */
    Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath();
            Path target = SCREENSHOTS.resolve(name + ".png");
            Files.copy(png, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every console message of this browser so far, as "LEVEL message" (the message starts with its source URL). */
    List<String> console() {
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            console.add(entry.getLevel() + " " + entry.getMessage());
        }
        return List.copyOf(console);
    }

    /**
     * The console messages that report a Content-Security-Policy violation on the workbench's own
     * pages. Keycloak's login pages are Keycloak's, under its own policy, and are not counted.
     */
    List<String> cspViolations() {
        String origin = app.resolve("/").toString();
        return console().stream()
                .filter(m -> m.contains("Content Security Policy") || m.contains("Refused to"))
                .filter(m -> {
                    String message = m.substring(m.indexOf(' ') + 1);
                    return !message.startsWith("http") || message.startsWith(origin);
                })
                .toList();
    }

    /** Fails when a page of the workbench logged a Content-Security-Policy violation. */
    void assertNoCspViolations() {
        List<String> violations = cspViolations();
        if (!violations.isEmpty()) {
            throw new AssertionError("Content-Security-Policy violations in the browser console:\n"
                    + String.join("\n", violations));
        }
    }

    @Override
    public void close() {
        try {
            assertNoCspViolations();
        } finally {
            quit();
        }
    }

    private void quit() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a leftover temporary profile is harmless
            }
        }
    }
}
