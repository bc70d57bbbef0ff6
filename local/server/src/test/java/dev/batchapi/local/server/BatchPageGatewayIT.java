package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.batchapi.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The batch page against a stand-in of the deployed API, for what the local stack cannot show: the
 * modes API Gateway itself authenticates (JWT: 401 with a Bearer challenge unless the request bears
 * the right token; IAM: a bare 403 to a request a browser cannot sign), and a list longer than a
 * page. The page's own files are served as they are; the list is 25 batches, newest first.
 */
class BatchPageGatewayIT {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    private static final String WRONG_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWxsb3J5In0.Zm9yZ2Vk";
    private static final Map<String, String> FILES = Map.of("/api/v1/ui", "index.html",
            "/api/v1/ui/app.js", "app.js", "/api/v1/ui/app.css", "app.css");
    private static final int BATCHES = 25;
    private static final Pattern PAGING = Pattern.compile("from=(\\d+)&size=(\\d+)");

    private static final Set<String> URLS_ASKED = ConcurrentHashMap.newKeySet();
    private static HttpServer api;
    /** The gateway's authorizer: JWT, IAM or NONE. */
    private static volatile String mode = "NONE";

    @BeforeAll
    static void start() throws IOException {
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/api/v1/", BatchPageGatewayIT::answer);
        api.start();
    }

    @AfterAll
    static void stop() {
        api.stop(0);
    }

    /** A token is checked for its shape, kept in the tab's session storage, sent as a bearer, forgotten once refused. */
    @Test
    void aTokenTypedIntoThePageIsKeptForTheTabSentAsABearerNeverInAUrlAndForgottenOnceRefused() {
        mode = "JWT";
        try (PageBrowser page = PageBrowser.start()) {
            WebDriver browser = page.driver();
            browser.get(page());
            awaitNotice(browser, "Sign in: paste a JWT for this API. (Unauthorized)");
            assertThat(browser.findElement(By.id("token-form")).getDomProperty("hidden")).isEqualTo("false");

            useToken(browser, "my password");
            awaitNotice(browser, "That is not a JWT (three base64url parts joined by dots): paste the token itself.");
            assertThat(page.script("return sessionStorage.length")).isEqualTo(0L);

            useToken(browser, WRONG_TOKEN);
            awaitNotice(browser, "The token was refused: paste another JWT for this API. (Unauthorized)");
            assertThat(page.script("return sessionStorage.length")).as("forgotten").isEqualTo(0L);

            useToken(browser, "Bearer " + TOKEN);
            page.awaitRows(20);
            assertThat(page.script("return sessionStorage.getItem('batchapi.jwt')")).isEqualTo(TOKEN);
            assertThat(page.script("return JSON.stringify(localStorage)")).isEqualTo("{}");
            assertThat(browser.getCurrentUrl()).doesNotContain(TOKEN);
            assertThat(URLS_ASKED).isNotEmpty().noneMatch(url -> url.contains(TOKEN) || url.contains(WRONG_TOKEN));
        }
    }

    @Test
    void inIamModeThePageSaysABrowserCannotSignRequests() {
        mode = "IAM";
        try (PageBrowser page = PageBrowser.start()) {
            page.driver().get(page());

            awaitNotice(page.driver(), "This deployment signs requests with AWS IAM (SigV4), which a browser cannot do:"
                    + " use kyuubi-ctl, the AWS CLI or an SDK. (Forbidden)");
            assertThat(page.driver().findElement(By.id("token-form")).getDomProperty("hidden")).isEqualTo("true");
        }
    }

    /** 25 batches: a page of 20 with Older, then the last 5 without; Newer goes back. */
    @Test
    void pagingGoesOlderWhileThereAreMoreAndBackNewer() {
        mode = "NONE";
        try (PageBrowser page = PageBrowser.start()) {
            WebDriver browser = page.driver();
            browser.get(page());
            page.awaitRows(20);
            assertThat(browser.findElement(By.cssSelector("#batches tbody td")).getText()).isEqualTo("batch-25");
            assertThat(browser.findElement(By.id("newer")).isEnabled()).isFalse();

            browser.findElement(By.id("older")).click();
            page.awaitRows(5);
            assertThat(browser.findElement(By.cssSelector("#batches tbody td")).getText()).isEqualTo("batch-05");
            assertThat(browser.findElement(By.id("older")).isEnabled()).as("nothing older").isFalse();

            browser.findElement(By.id("newer")).click();
            page.awaitRows(20);
            assertThat(browser.findElement(By.id("newer")).isEnabled()).isFalse();
        }
    }

    private static void useToken(WebDriver browser, String typed) {
        browser.findElement(By.id("token")).sendKeys(typed);
        browser.findElement(By.cssSelector("#token-form button")).click();
    }

    private static void awaitNotice(WebDriver browser, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(30), Duration.ofMillis(200))
                .until(ExpectedConditions.textToBe(By.id("notice"), text));
    }

    private static String page() {
        return "http://127.0.0.1:" + api.getAddress().getPort() + "/api/v1/ui";
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        URLS_ASKED.add(exchange.getRequestURI().toString());
        if (FILES.containsKey(path)) {
            String name = FILES.get(path);
            try (InputStream file = BatchPageGatewayIT.class.getResourceAsStream("/ui/" + name)) {
                send(exchange, 200, name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "text/html",
                        file.readAllBytes());
            }
        } else if (mode.equals("IAM")) {
            send(exchange, 403, "application/json", "{\"message\":\"Forbidden\"}".getBytes(StandardCharsets.UTF_8));
        } else if (mode.equals("JWT") && !("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            // API Gateway's JWT authorizer's answer (RFC 6750's challenge).
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            send(exchange, 401, "application/json", "{\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/api/v1/batches")) {
            send(exchange, 200, "application/json", list(exchange.getRequestURI().getRawQuery()));
        } else {
            send(exchange, 404, "application/json", "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    /** The page asks newest first: batch-25 down to batch-01, {@code from} and {@code size} applied. */
    private static byte[] list(String query) {
        Matcher paging = PAGING.matcher(query);
        assertThat(paging.find()).as(query).isTrue();
        int from = Integer.parseInt(paging.group(1));
        int size = Integer.parseInt(paging.group(2));
        List<Map<String, Object>> batches = IntStream.iterate(BATCHES - from, n -> n >= 1 && n > BATCHES - from - size, n -> n - 1)
                .mapToObj(n -> Map.<String, Object>of("id", String.format("7d1f6c2e-0000-4000-8000-%012d", n), "user", "alice",
                        "batchType", "SPARK", "name", String.format("batch-%02d", n), "state", "RUNNING",
                        "createTime", 1_796_000_000_000L + n))
                .toList();
        return Json.write(Map.of("from", from, "total", batches.size(), "batches", batches)).getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
