package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.UsernameAndPassword;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The batch page in BASIC mode: the page sends no credentials of its own; the browser answers the
 * API's 401 challenge ({@code WWW-Authenticate: Basic}) as a person answers its prompt, and without
 * an answer the page says how to sign in.
 */
class BatchPageBasicAuthIT {

    private static final String PASSWORD = "secret";

    @TempDir
    static Path dataDir;
    private static StackProcess stack;

    @BeforeAll
    static void start() throws Exception {
        Path users = UsersFile.write(dataDir.resolve("users.json"), Map.of("alice", PASSWORD));
        stack = StackProcess.start(Path.of("target", "batch-page-basic-it.log"),
                "--data-dir", dataDir.resolve("data").toString(), "--users-file", users.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            stack.stop();
        }
    }

    @Test
    void theBrowserAnswersTheChallengeAndThePageShowsTheUsersBatchesHoldingNoSecret() throws Exception {
        String id = (String) new StackClient(stack.api(), "alice")
                .submitBatch("SPARK", "demo.SparkPi", "/nowhere/app.jar").get("id");

        try (PageBrowser page = PageBrowser.answeringBasic(Optional.of(new UsernameAndPassword("alice", PASSWORD)))) {
            page.driver().get(stack.api() + "/ui");
            new WebDriverWait(page.driver(), Duration.ofSeconds(30), Duration.ofMillis(200))
                    .until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#batches tbody"), id));

            assertThat(page.driver().findElement(By.cssSelector("#batches tbody")).getText()).contains("alice");
            assertThat(page.driver().getCurrentUrl()).doesNotContain(PASSWORD);
            assertThat(page.script("return JSON.stringify(sessionStorage) + JSON.stringify(localStorage)"))
                    .as("the page keeps nothing").isEqualTo("{}{}");
        }
    }

    @Test
    void withoutAnAnswerToTheChallengeThePageSaysHowToSignIn() {
        try (PageBrowser page = PageBrowser.answeringBasic(Optional.empty())) {
            page.driver().get(stack.api() + "/ui");
            new WebDriverWait(page.driver(), Duration.ofSeconds(30), Duration.ofMillis(200))
                    .until(ExpectedConditions.textMatches(By.id("notice"), Pattern.compile("Sign in: .*")));

            assertThat(page.driver().findElement(By.id("notice")).getText()).startsWith("Sign in: reload the page and give"
                    + " your user name and password when the browser asks. (");
            assertThat(page.driver().findElement(By.id("token-form")).getDomProperty("hidden")).as("no token field in"
                    + " BASIC mode").isEqualTo("true");
        }
    }
}
