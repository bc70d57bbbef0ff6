package dev.batchapi.local.server;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Optional;
import org.htmlunit.DefaultCredentialsProvider;
import org.htmlunit.WebClient;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.HasAuthentication;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.UsernameAndPassword;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.htmlunit.HtmlUnitDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The browser a page test drives: HtmlUnit with JavaScript on (mvn verify), or, with
 * {@code -Dbatchpage.browser=chrome} (the chrome profile, as .ci/run runs it), Debian's headless
 * Chromium through its chromedriver, which also lays the page out and saves screenshots. Given
 * credentials, the browser answers the API's Basic challenge itself, as a person answers its prompt:
 * the page never sees them.
 */
final class PageBrowser implements AutoCloseable {

    private static final boolean CHROME = switch (System.getProperty("batchpage.browser", "htmlunit")) {
        case "chrome" -> true;
        case "htmlunit" -> false;
        default -> throw new IllegalArgumentException("batchpage.browser is htmlunit or chrome");
    };
    private static final Path SCREENSHOTS = Path.of(System.getProperty("batchpage.screenshots", "target/screenshots"));
    private static final Dimension DESKTOP = new Dimension(1280, 900);
    private static final int TALLEST = 1600;

    private final WebDriver driver;

    private PageBrowser(WebDriver driver) {
        this.driver = driver;
    }

    /** A browser for an API that asks for no credentials. */
    static PageBrowser start() {
        return new PageBrowser(CHROME ? chrome() : htmlUnit(Optional.empty()));
    }

    /**
     * A browser that answers the API's Basic challenge with these credentials, or, given none,
     * declines it (as a person dismisses the prompt), so that the page gets the 401.
     */
    static PageBrowser answeringBasic(Optional<UsernameAndPassword> credentials) {
        if (!CHROME) {
            return new PageBrowser(htmlUnit(credentials));
        }
        ChromeDriver chrome = chrome();
        // Headless, Chromium has no prompt: the challenge is answered through DevTools. Only here, since
        // DevTools then holds every request, and sends on a POST's body as text (a jar's bytes mangled).
        ((HasAuthentication) chrome).register(uri -> credentials.isPresent(), () -> credentials.orElseThrow());
        return new PageBrowser(chrome);
    }

    /** Whether this browser lays pages out (sizes, scrolling, pixels): Chromium does, HtmlUnit does not. */
    static boolean laysOut() {
        return CHROME;
    }

    WebDriver driver() {
        return driver;
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /**
     * Saves the whole page, in a window as tall as it (at most {@link #TALLEST}), as
     * {@code <screenshots>/<name>.png}, in a browser that lays pages out.
     */
    void screenshot(String name) {
        if (driver instanceof TakesScreenshot camera) {
            Dimension window = driver.manage().window().getSize();
            long height = ((Number) script("return document.documentElement.scrollHeight")).longValue();
            driver.manage().window().setSize(new Dimension(window.width, (int) Math.min(TALLEST, Math.max(height, 200))));
            try {
                Files.createDirectories(SCREENSHOTS);
                Files.copy(camera.getScreenshotAs(OutputType.FILE).toPath(), SCREENSHOTS.resolve(name + ".png"),
                        StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                driver.manage().window().setSize(window);
            }
        }
    }

    /** Waits until the list shows this many batches. */
    void awaitRows(int count) {
        new WebDriverWait(driver, Duration.ofSeconds(30), Duration.ofMillis(200))
                .until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#batches tbody tr"), count));
    }

    /** Sets the viewport (not the window) to this width, as a phone's. */
    void viewportWidth(int width) {
        driver.manage().window().setSize(new Dimension(width, DESKTOP.height));
        long inner = ((Number) script("return window.innerWidth")).longValue();
        // The window's frame, if any, is what the window has beyond its viewport.
        driver.manage().window().setSize(new Dimension(width + (width - (int) inner), DESKTOP.height));
    }

    void desktopWidth() {
        driver.manage().window().setSize(DESKTOP);
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static WebDriver htmlUnit(Optional<UsernameAndPassword> credentials) {
        return new HtmlUnitDriver(true) {
            @Override
            protected WebClient modifyWebClient(WebClient client) {
                credentials.ifPresent(given -> ((DefaultCredentialsProvider) client.getCredentialsProvider())
                        .addCredentials(given.username(), given.password().toCharArray()));
                return client;
            }
        };
    }

    /** Fails, and so fails the build, if Chromium or its driver cannot start. */
    private static ChromeDriver chrome() {
        ChromeOptions options = new ChromeOptions()
                .setBinary(System.getProperty("batchpage.chrome.binary", "/usr/bin/chromium"))
                // CI runs as root, where Chromium's sandbox cannot start; /dev/shm is small in containers.
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                        "--window-size=" + DESKTOP.width + "," + DESKTOP.height);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(System.getProperty("batchpage.chromedriver", "/usr/bin/chromedriver")))
                .build();
        return new ChromeDriver(service, options);
    }
}
