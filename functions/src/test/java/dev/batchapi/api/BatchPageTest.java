package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.batchapi.config.Config;
import dev.batchapi.support.ApiEvents;
import dev.batchapi.support.ApiResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The batch page as its function serves it (each answer also checked against the OpenAPI document),
 * and the rules its files keep so that it is safe by construction: no inline script or style for the
 * Content-Security-Policy to allow, and no API value ever parsed as HTML.
 */
class BatchPageTest {

    private static final BatchPageHandler PAGE = new BatchPageHandler(Config.fromEnvironment(Map.of(
            Config.REGION, "us-east-1", Config.TABLE, "batches", Config.CLUSTER_ID, "j-1")));

    @Test
    void thePageAndItsFilesAreServedAsStoredWithAPolicyThatAllowsOnlyThemAndTheApi() throws IOException {
        for (Map.Entry<String, String> file : Map.of(
                "/api/v1/ui", "index.html", "/api/v1/ui/app.js", "app.js", "/api/v1/ui/app.css", "app.css").entrySet()) {
            ApiResponse answer = get(file.getKey());

            assertThat(answer.status()).as(file.getKey()).isEqualTo(200);
            assertThat(answer.body()).as(file.getKey()).isEqualTo(resource(file.getValue()));
            assertThat(answer.headers()).as(file.getKey())
                    .containsEntry("Content-Security-Policy", BatchPageHandler.CONTENT_SECURITY_POLICY)
                    .containsEntry("X-Content-Type-Options", "nosniff")
                    .containsEntry("Referrer-Policy", "no-referrer");
        }
        assertThat(get("/api/v1/ui").headers()).containsEntry("Content-Type", "text/html; charset=utf-8");
        assertThat(get("/api/v1/ui/app.js").headers()).containsEntry("Content-Type", "text/javascript; charset=utf-8");
        assertThat(BatchPageHandler.CONTENT_SECURITY_POLICY).doesNotContain("unsafe-").contains("default-src 'none'");
    }

    @Test
    void anyOtherFileIsA404InJson() {
        ApiResponse answer = get("/api/v1/ui/other.js");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.message()).isEqualTo("The batch page has no /api/v1/ui/other.js");
    }

    @Test
    void thePageHasNoInlineScriptStyleOrHandlerForThePolicyToAllow() throws IOException {
        String html = resource("index.html");

        assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>", Pattern.CASE_INSENSITIVE).matcher(html).find()).isFalse();
        assertThat(html).doesNotContainPattern("(?i)<style").doesNotContainPattern("(?i)\\sstyle=")
                .doesNotContainPattern("(?i)\\son[a-z]+=").doesNotContain("javascript:");
        assertThat(html).contains("<script src=\"ui/app.js\" defer></script>").contains("href=\"ui/app.css\"");
    }

    @Test
    void theScriptPutsEveryValueInThePageAsTextNeverAsHtml() throws IOException {
        String script = resource("app.js");

        assertThat(script).doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write").doesNotContain("eval(").doesNotContain("new Function")
                .doesNotContainPattern("setTimeout\\(\\s*['\"]").contains("textContent");
        // A token is kept in the tab's session storage and sent as a header: never in the URL.
        assertThat(script).contains("sessionStorage").doesNotContainPattern("[?&](token|jwt)=");
    }

    private static ApiResponse get(String path) {
        APIGatewayV2HTTPEvent request = ApiEvents.request("GET", path).build();
        return ApiResponse.of(request, PAGE.handleRequest(request, null));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = BatchPageTest.class.getResourceAsStream("/ui/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
