package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.json.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
}
