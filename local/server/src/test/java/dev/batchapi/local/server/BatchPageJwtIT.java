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
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The batch page in JWT mode. The local stack has no JWT mode (API Gateway checks the token when
 * deployed), so the page's own files are served beside a stand-in of the list that answers as the
 * gateway does: 401 without a challenge unless the request bears the right token.
 */
class BatchPageJwtIT {

    private static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJl";
    private static final Map<String, String> FILES = Map.of("/api/v1/ui", "index.html",
            "/api/v1/ui/app.js", "app.js", "/api/v1/ui/app.css", "app.css");

    private static final Set<String> URLS_ASKED = ConcurrentHashMap.newKeySet();
    private static HttpServer api;

    @BeforeAll
    static void start() throws IOException {
        api = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        api.createContext("/api/v1/", BatchPageJwtIT::answer);
        api.start();
    }

    @AfterAll
    static void stop() {
        api.stop(0);
    }

    @Test
    void aTokenTypedIntoThePageIsKeptInTheTabsSessionStorageAndSentAsABearerNeverInAUrl() {
        try (PageBrowser page = PageBrowser.start()) {
            page.driver().get("http://127.0.0.1:" + api.getAddress().getPort() + "/api/v1/ui");
            WebDriverWait wait = new WebDriverWait(page.driver(), Duration.ofSeconds(30), Duration.ofMillis(200));
            wait.until(ExpectedConditions.textMatches(By.id("notice"), Pattern.compile("Sign in: paste a JWT.*")));
            assertThat(page.driver().findElement(By.id("token-form")).getDomProperty("hidden")).isEqualTo("false");

            page.driver().findElement(By.id("token")).sendKeys(TOKEN);
            page.driver().findElement(By.cssSelector("#token-form button")).click();

            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#batches tbody"), "jwt-batch"));
            assertThat(page.script("return sessionStorage.getItem('batchapi.jwt')")).isEqualTo(TOKEN);
            assertThat(page.script("return JSON.stringify(localStorage)")).isEqualTo("{}");
            assertThat(page.driver().findElement(By.id("token")).getDomProperty("value")).as("the field is cleared").isEmpty();
            assertThat(page.driver().getCurrentUrl()).doesNotContain(TOKEN);
            assertThat(URLS_ASKED).isNotEmpty().noneMatch(url -> url.contains(TOKEN));
        }
    }

    private static void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        URLS_ASKED.add(exchange.getRequestURI().toString());
        if (FILES.containsKey(path)) {
            String name = FILES.get(path);
            try (InputStream file = BatchPageJwtIT.class.getResourceAsStream("/ui/" + name)) {
                send(exchange, 200, name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "text/html",
                        file.readAllBytes());
            }
        } else if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            send(exchange, 401, "application/json", "{\"message\":\"Unauthorized\"}".getBytes(StandardCharsets.UTF_8));
        } else if (path.equals("/api/v1/batches")) {
            send(exchange, 200, "application/json", Json.write(Map.of("from", 0, "total", 1, "batches", List.of(Map.of(
                    "id", "7d1f6c2e-0000-4000-8000-000000000001", "user", "alice", "batchType", "SPARK", "name", "jwt-batch",
                    "state", "RUNNING", "createTime", 1_796_000_000_000L)))).getBytes(StandardCharsets.UTF_8));
        } else {
            send(exchange, 404, "application/json", "{\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }
}
