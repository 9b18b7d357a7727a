package dev.vitals.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven through ChromeDriver, for browser tests of the console. It is Debian's
 * {@code chromium} with its {@code chromium-driver} (scripts/browser-packages installs them): both
 * paths are given explicitly, so Selenium Manager is never asked to find, let alone download, a
 * browser or driver. Each instance has a fresh profile in a temporary folder, removed on close.
 *
 * <p>Screenshots go to {@code target/screenshots/NAME.png} of the module (Failsafe runs in it), for a
 * person to look at after the build.
 */
public final class Chrome implements AutoCloseable {
    /** The browser and driver: Debian's, unless a developer elsewhere points these properties at theirs. */
    private static final String BROWSER = System.getProperty("vitals.chromium", "/usr/bin/chromium");

    private static final String DRIVER = System.getProperty("vitals.chromedriver", "/usr/bin/chromedriver");

    /** How long a wait lasts unless the test says otherwise: pages here answer in milliseconds. */
    public static final Duration WAIT = Duration.ofSeconds(10);

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    /** Screenshots taller than this are cut: a person looks at the top of a page first. */
    private static final int MAX_SHOT_HEIGHT = 4000;

    /**
     * Selenium looks for a CDP binding matching the browser's version and warns when it has none; the
     * few CDP commands used here go through ChromeDriver and need none. Held so the setting is not
     * collected with the logger.
     */
    private static final java.util.logging.Logger CDP_FINDER =
            java.util.logging.Logger.getLogger("org.openqa.selenium.devtools.CdpVersionFinder");

    static {
        CDP_FINDER.setLevel(java.util.logging.Level.SEVERE);
    }

    private final ChromeDriver driver;
    private final Path profile;

    /** {@code prefers-color-scheme} as the page sees it. */
    public enum Scheme {
        LIGHT,
        DARK
    }

    private Chrome(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts a headless Chromium with a window of 1280×900 CSS pixels. */
    public static Chrome start() {
        for (String program : List.of(BROWSER, DRIVER)) {
            if (!Files.isExecutable(Path.of(program))) {
                throw new IllegalStateException("no " + program + ": the browser tests need Debian's chromium and"
                        + " chromium-driver (./run-tests installs them with scripts/browser-packages)");
            }
        }
        Path profile;
        try {
            profile = Files.createTempDirectory("vitals-chrome-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSER);
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--disable-extensions",
                "--hide-scrollbars",
                "--user-data-dir=" + profile,
                "--window-size=1280,900");
        // Console messages (a refused inline script, a failed fetch) are kept for consoleErrors().
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(DRIVER))
                .usingAnyFreePort()
                .build();
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
            return new Chrome(driver, profile);
        } catch (RuntimeException e) {
            deleteTree(profile);
            throw e;
        }
    }

    /** Goes to {@code url} and returns once the page has loaded. */
    public Chrome open(String url) {
        driver.get(url);
        return this;
    }

    public String url() {
        return driver.getCurrentUrl();
    }

    /** The path and query of the current address, such as {@code /monitors/web?range=1h}. */
    public String pathAndQuery() {
        java.net.URI u = java.net.URI.create(driver.getCurrentUrl());
        return u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }

    /**
     * Sets the viewport (what the page lays out in, {@code window.innerWidth} and {@code innerHeight})
     * to {@code width}×{@code height} CSS pixels, as a desktop window that size; the window's frame,
     * if any, is added so the page gets the whole size.
     */
    public Chrome setSize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
        long innerW = ((Number) js("return window.innerWidth")).longValue();
        long innerH = ((Number) js("return window.innerHeight")).longValue();
        if (innerW != width || innerH != height) {
            driver.manage()
                    .window()
                    .setSize(new Dimension(width + (int) (width - innerW), height + (int) (height - innerH)));
        }
        return this;
    }

    /** Makes the page see {@code prefers-color-scheme: light} or {@code dark}, as a user's system would. */
    public Chrome colorScheme(Scheme scheme) {
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of(
                        "features",
                        List.of(Map.of(
                                "name",
                                "prefers-color-scheme",
                                "value",
                                scheme.name().toLowerCase(java.util.Locale.ROOT)))));
        return this;
    }

    /**
     * Saves the whole page (up to {@value #MAX_SHOT_HEIGHT} CSS pixels tall) as {@code
     * target/screenshots/NAME.png} and returns the file.
     */
    public Path screenshot(String name) {
        @SuppressWarnings("unchecked")
        Map<String, Object> metrics = (Map<String, Object>) driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
        @SuppressWarnings("unchecked")
        Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
        double width = ((Number) size.get("width")).doubleValue();
        double height = Math.min(((Number) size.get("height")).doubleValue(), MAX_SHOT_HEIGHT);
        Map<String, Object> shot = driver.executeCdpCommand(
                "Page.captureScreenshot",
                Map.of(
                        "format",
                        "png",
                        "captureBeyondViewport",
                        true,
                        "clip",
                        Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
        byte[] png = Base64.getDecoder().decode((String) shot.get("data"));
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, png);
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the screenshot " + name, e);
        }
    }

    /** Runs JavaScript in the page ({@code return ...} to get a value back). */
    public Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    public WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    public List<WebElement> findAll(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits until an element matching {@code css} is in the page, and returns it. */
    public WebElement waitFor(String css) {
        return until("an element " + css, WAIT, ExpectedConditions.presenceOfElementLocated(By.cssSelector(css)));
    }

    /**
     * Waits until {@code condition} gives something other than {@code null} or {@code false}, and
     * returns it; after {@code timeout} fails saying what was awaited and where the browser was.
     */
    public <T> T until(String what, Duration timeout, Function<WebDriver, T> condition) {
        WebDriverWait wait = new WebDriverWait(driver, timeout, Duration.ofMillis(100));
        wait.withMessage(() -> what + ", at " + driver.getCurrentUrl());
        try {
            return wait.until(condition::apply);
        } catch (TimeoutException e) {
            throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what + " at " + url(), e);
        }
    }

    /**
     * Messages the pages logged at level SEVERE since the last call: script errors, code the
     * Content-Security-Policy refused, failed loads. The browser's own request for {@code
     * /favicon.ico}, which no page asks for, is left out.
     */
    public List<String> consoleErrors() {
        return driver.manage().logs().get("browser").getAll().stream()
                .filter(e -> e.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .map(e -> e.getMessage())
                .filter(m -> !m.contains("/favicon.ico "))
                .toList();
    }

    /** The driver itself, for what this class does not cover (keyboard actions, say). */
    public WebDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteTree(profile);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a leftover temporary folder is harmless
        }
    }
}
