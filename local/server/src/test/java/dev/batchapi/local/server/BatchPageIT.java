package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.json.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.htmlunit.HtmlUnitDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The batch page in a browser engine with JavaScript on (HtmlUnit, through Selenium), against the
 * local stack as a person runs it: what the API says appears on the page, as text, live.
 */
class BatchPageIT {

    private static final String DEMO_JAR = Path.of(System.getProperty("demo.jar")).toAbsolutePath().toString();
    private static final String XSS_NAME = "<img src=x onerror=alert(1)>";

    @TempDir
    static Path dataDir;
    private static StackProcess stack;
    private static StackClient client;
    private static WebDriver browser;

    @BeforeAll
    static void startStackAndBrowser() throws Exception {
        stack = StackProcess.start(Path.of("target", "batch-page-it.log"), "--data-dir", dataDir.toString());
        client = new StackClient(stack.api());
        browser = new HtmlUnitDriver(true);
    }

    @AfterAll
    static void stopBoth() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void aSubmittedBatchAppearsWithItsNameAsTextAndReachesFinishedWithoutAReload() throws Exception {
        browser.get(stack.api() + "/ui");
        HttpResponse<String> created = client.call("POST", "/batches", Json.write(Map.of("batchType", "SPARK",
                "resource", DEMO_JAR, "className", "demo.SparkPi", "name", XSS_NAME, "args", List.of("2"))));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String id = (String) StackClient.json(created).get("id");

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90), Duration.ofMillis(200));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#batches tbody"), id));
        assertThat(browser.findElements(By.cssSelector("#batches img"))).as("the name is text, not an element").isEmpty();
        assertThat(browser.findElement(By.cssSelector("#batches tbody td")).getText()).isEqualTo(XSS_NAME);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#batches tbody td.state"), "FINISHED"));
        assertThat(browser.findElement(By.cssSelector("#batches tbody td.state")).getAttribute("class"))
                .contains("state-FINISHED");
    }

    @Test
    void aBatchsPageShowsItsFieldsWhatItWasSubmittedWithItsHistoryAndItsLogFollowingLive() throws Exception {
        String id = submit("demo.SparkPi", "2");
        openBatch(id, "FINISHED");
        awaitText("log", "(?s).*Pi is roughly 3\\.1.*");
        assertThat(browser.findElement(By.id("fields")).getText()).contains(id).contains("FINISHED");
        assertThat(browser.findElement(By.id("info")).getText()).contains("batch.className").contains("demo.SparkPi");
        assertThat(browser.findElement(By.id("history")).getText()).contains("-> RUNNING").contains("-> FINISHED");
    }

    @Test
    void aRunningBatchIsKilledFromItsPageAfterAConfirmation() throws Exception {
        // The browser sends no credentials: locally its caller is anonymous, who owns this batch.
        String id = (String) new StackClient(stack.api(), "anonymous").submitBatch("SPARK", "demo.Sleep", DEMO_JAR, "600")
                .get("id");
        openBatch(id, "RUNNING");

        browser.findElement(By.id("kill")).click();
        assertThat(browser.findElement(By.id("kill-confirm")).isDisplayed()).isTrue();
        browser.findElement(By.id("kill-yes")).click();
        awaitText("kill-result", ".+", Duration.ofSeconds(30));
        assertThat(browser.findElement(By.id("kill-result")).getText()).startsWith("Succeeded to request termination");

        awaitText("batch-title", ".*CANCELED");
        assertThat(browser.findElement(By.id("kill-result")).getText()).isNotBlank();
        assertThat(browser.findElement(By.id("kill")).isDisplayed()).as("no kill for an ended batch").isFalse();
    }

    @Test
    void aKillTheApiRefusesIsShownInWords() throws Exception {
        String id = submit("demo.Sleep", "600");
        openBatch(id, "(PENDING|RUNNING)");

        browser.findElement(By.id("kill")).click();
        browser.findElement(By.id("kill-yes")).click();

        awaitText("kill-result", ".+");
        assertThat(browser.findElement(By.id("kill-result")).getText()).isEqualTo("You may not kill this batch: only its"
                + " owner or an admin may. (Failed to validate proxy privilege of anonymous for alice)");
        assertThat(client.call("DELETE", "/batches/" + id, null).statusCode()).as("its owner stops it").isEqualTo(200);
    }

    /** Opens a batch's view and waits until its title shows a state matching {@code state}. */
    private static void openBatch(String id, String state) {
        browser.get(stack.api() + "/ui#batch=" + id);
        awaitText("batch-title", ".*" + state);
    }

    /** Waits, as long as a batch may take to run, until the element's text matches. */
    private static void awaitText(String elementId, String regex) {
        awaitText(elementId, regex, Duration.ofSeconds(90));
    }

    private static void awaitText(String elementId, String regex, Duration atMost) {
        new WebDriverWait(browser, atMost, Duration.ofMillis(200))
                .until(ExpectedConditions.textMatches(By.id(elementId), Pattern.compile(regex)));
    }

    private static String submit(String mainClass, String... args) throws Exception {
        return (String) client.submitBatch("SPARK", mainClass, DEMO_JAR, args).get("id");
    }
}
