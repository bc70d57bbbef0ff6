package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.json.Json;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The batch page in a browser with JavaScript on ({@link PageBrowser}: HtmlUnit, or headless
 * Chromium in the chrome profile), against the local stack as a person runs it: what the API says
 * appears on the page, as text, live; what a person does on the page reaches the API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BatchPageIT {

    /** Canonical: Chromium takes no other path for a file input. */
    private static final String DEMO_JAR = Path.of(System.getProperty("demo.jar")).toAbsolutePath().normalize().toString();
    private static final String XSS_NAME = "<img src=x onerror=alert(1)>";
    private static final String TIMED_NAME = "timed-" + UUID.randomUUID();

    @TempDir
    static Path dataDir;
    private static StackProcess stack;
    private static StackClient client;
    private static PageBrowser page;
    private static WebDriver browser;
    private static Map<String, Object> timedFirst;

    @BeforeAll
    static void startStackAndBrowser() throws Exception {
        stack = StackProcess.start(Path.of("target", "batch-page-it.log"), "--data-dir", dataDir.toString());
        client = new StackClient(stack.api());
        timedFirst = create(timed());
        page = PageBrowser.start();
        browser = page.driver();
    }

    private static Map<String, Object> timed() {
        return Map.of("batchType", "SPARK", "resource", "/nowhere/app.jar", "className", "demo.SparkPi", "name", TIMED_NAME);
    }

    @AfterAll
    static void stopBoth() throws Exception {
        if (page != null) {
            page.close();
        }
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void aSubmittedBatchAppearsWithItsNameAsTextAndReachesFinishedWithoutAReload() throws Exception {
        browser.get(stack.api() + "/ui");
        String id = (String) create(Map.of("batchType", "SPARK", "resource", DEMO_JAR, "className", "demo.SparkPi",
                "name", XSS_NAME, "args", List.of("2"))).get("id");

        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90), Duration.ofMillis(200));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#batches tbody"), id));
        assertThat(browser.findElements(By.cssSelector("#batches img"))).as("the name is text, not an element").isEmpty();
        assertThat(browser.findElement(By.cssSelector("#batches tbody td")).getText()).isEqualTo(XSS_NAME);
        wait.until(ExpectedConditions.textToBe(By.cssSelector("#batches tbody td.state"), "FINISHED"));
        assertThat(browser.findElement(By.cssSelector("#batches tbody td.state")).getAttribute("class"))
                .contains("state-FINISHED");
        page.screenshot("list");
    }

    @Test
    void aBatchsPageShowsItsFieldsWhatItWasSubmittedWithItsHistoryAndItsLogFollowingLive() throws Exception {
        String id = submit("demo.SparkPi", "2");
        // Opened at once: the log is read from its start while the batch runs, then followed.
        openBatch(id, "(PENDING|RUNNING)");
        awaitText("batch-title", ".*FINISHED");
        awaitText("log", "(?s).*Pi is roughly 3\\.1.*");
        // Every line once, none lost, as the API has them (read by another user, who has a cursor of their own).
        new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(500)).until(driver -> {
            try {
                return stripped(List.of(browser.findElement(By.id("log")).getText().split("\n"))).equals(stripped(client.logOf(id)));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        List<String> history = browser.findElements(By.cssSelector("#history li")).stream().map(WebElement::getText).toList();
        assertThat(history).doesNotHaveDuplicates().hasSize(2);
        assertThat(browser.findElement(By.id("fields")).getText()).contains(id).contains("FINISHED");
        assertThat(browser.findElement(By.id("info")).getText()).contains("batch.className").contains("demo.SparkPi");
        assertThat(browser.findElement(By.id("history")).getText()).contains("-> RUNNING").contains("-> FINISHED");
        page.screenshot("batch");
    }

    /** Kill and its confirmation by keyboard alone: Space on Kill moves the focus to the confirmation. */
    @Test
    void aRunningBatchIsKilledFromItsPageAfterAConfirmation() throws Exception {
        // The browser sends no credentials: locally its caller is anonymous, who owns this batch.
        String id = (String) new StackClient(stack.api(), "anonymous").submitBatch("SPARK", "demo.Sleep", DEMO_JAR, "600")
                .get("id");
        openBatch(id, "RUNNING");

        browser.findElement(By.id("kill")).sendKeys(Keys.SPACE);
        assertThat(browser.findElement(By.id("kill-confirm")).isDisplayed()).isTrue();
        assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("kill-yes");
        page.screenshot("kill-confirmation");
        browser.switchTo().activeElement().sendKeys(Keys.SPACE);
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

    /** The form's fields become the request, and the jar chosen is uploaded: Kyuubi's multipart create. */
    @Test
    void aBatchSubmittedWithTheFormAndAnUploadedJarRunsAndItsPageFollowsIt() throws Exception {
        browser.get(stack.api() + "/ui");
        browser.findElement(By.linkText("Submit a batch")).click();
        WebElement form = browser.findElement(By.id("submit-form"));
        new Select(form.findElement(By.name("batchType"))).selectByVisibleText("SPARK");
        form.findElement(By.name("resourceFile")).sendKeys(DEMO_JAR);
        form.findElement(By.name("className")).sendKeys("demo.SparkPi");
        form.findElement(By.name("name")).sendKeys("pi from the form");
        form.findElement(By.name("args")).sendKeys("2");
        form.findElement(By.name("conf")).sendKeys("spark.sql.shuffle.partitions=4");
        page.screenshot("submit");
        form.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText("batch-title", "pi from the form: .*");
        String id = browser.getCurrentUrl().replaceFirst(".*#batch=", "");
        awaitText("batch-title", ".*FINISHED");
        awaitText("log", "(?s).*Pi is roughly 3\\.1.*");
        String info = browser.findElement(By.id("info")).getText();
        assertThat(info).contains("spark.sql.shuffle.partitions").contains("demo-apps.jar");
        assertThat(dataDir.resolve("uploads").resolve("anonymous").resolve(id).resolve("demo-apps.jar"))
                .as("the jar was uploaded, not named").exists();
    }

    @Test
    void aFormTheApiRefusesSaysWhyInTheApisWords() throws Exception {
        HttpResponse<String> refused = client.call("POST", "/batches", Json.write(Map.of("batchType", "SPARK",
                "className", "demo.SparkPi")));
        assertThat(refused.statusCode()).isEqualTo(400);

        browser.get(stack.api() + "/ui#new");
        WebElement form = browser.findElement(By.id("submit-form"));
        form.findElement(By.name("className")).sendKeys("demo.SparkPi");
        form.findElement(By.cssSelector("button[type=submit]")).click();

        awaitText("submit-result", Pattern.quote((String) StackClient.json(refused).get("message")));
        assertThat(browser.getCurrentUrl()).endsWith("#new");
    }

    /**
     * Created from: the batches created at or after a minute typed in the browser's own time zone
     * (to the minute, as the input takes it). Run last, so that the minute after the first batch's,
     * created with the stack, has mostly passed already.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void theTimeFilterKeepsTheBatchesCreatedFromTheGivenMinute() throws Exception {
        long minute = Duration.ofMinutes(1).toMillis();
        long from = (StackClient.number(timedFirst, "createTime") / minute + 1) * minute;
        Thread.sleep(Math.max(0, from - System.currentTimeMillis() + 50));
        String later = (String) create(timed()).get("id");
        browser.get(stack.api() + "/ui");
        WebElement filters = browser.findElement(By.id("filters"));
        filters.findElement(By.name("batchName")).sendKeys(TIMED_NAME);
        filters.findElement(By.cssSelector("button[type=submit]")).click();
        page.awaitRows(2);

        // Set as the browser's own widget would (typing into it differs by engine and locale).
        page.script("arguments[0].value = arguments[1]", filters.findElement(By.name("createTime")), localMinute(from));
        filters.findElement(By.cssSelector("button[type=submit]")).click();

        page.awaitRows(1);
        assertThat(browser.findElement(By.cssSelector("#batches tbody")).getText()).contains(later);
    }

    /** Every control has a label a screen reader reads out. */
    @Test
    void everyControlOfThePageHasALabel() {
        browser.get(stack.api() + "/ui");
        Object unlabelled = page.script("return Array.prototype.filter.call(document.querySelectorAll('input, select,"
                + " textarea'), function (control) { return !control.closest('label')"
                + " && !document.querySelector('label[for=\"' + control.id + '\"]'); }).map(function (control) {"
                + " return control.name || control.id; })");
        assertThat((List<?>) unlabelled).isEmpty();
    }

    /** The epoch millisecond as a datetime-local input's value in the browser's time zone. */
    private static String localMinute(long epochMillis) {
        return (String) page.script("var d = new Date(arguments[0]); function two(n) { return (n < 10 ? '0' : '') + n; }"
                + " return d.getFullYear() + '-' + two(d.getMonth() + 1) + '-' + two(d.getDate()) + 'T' + two(d.getHours())"
                + " + ':' + two(d.getMinutes());", epochMillis);
    }

    private static Map<String, Object> create(Map<String, Object> request) throws Exception {
        HttpResponse<String> created = client.call("POST", "/batches", Json.write(request));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        return StackClient.json(created);
    }

    /** The lines without their surrounding spaces, which a browser's text of an element may drop, and no blank ones. */
    private static List<String> stripped(List<String> lines) {
        return lines.stream().map(String::strip).filter(line -> !line.isEmpty()).toList();
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
