package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.batchapi.config.Config;
import dev.batchapi.support.ApiEvents;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.TestApi;
import dev.batchapi.text.Echo;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every message that quotes request text quotes at most its start: 100 KB sent where the request can
 * carry that much, else the most it can carry (a JSON string holds 64 K characters, a part's headers
 * 8 KiB), through the real functions.
 */
class BoundedEchoIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final String HUGE = "q".repeat(100 * 1024);
    /** The most a JSON string of a create may hold. */
    private static final String LONGEST_JSON_STRING = "q".repeat(60 * 1024);
    private static final String SPARK = "\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"";

    private final TestApi api = new TestApi(aws.context());

    @Test
    void listFiltersAndPagingAreQuotedBounded() {
        assertBounded(() -> api.list("alice", "batchState", HUGE), 400, "Invalid batchState qqq");
        assertBounded(() -> api.list("alice", "size", HUGE), 400, "Invalid size: 'qqq");
        assertBounded(() -> api.list("alice", "from", HUGE), 400, "Invalid from: 'qqq");
        assertBounded(() -> api.list("alice", "createTime", HUGE), 400, "Invalid createTime: 'qqq");
        assertBounded(() -> api.list("alice", "desc", HUGE), 400, "Invalid desc: 'qqq");
    }

    @Test
    void batchIdsAreQuotedBounded() {
        assertBounded(() -> api.get("alice", HUGE), 404, "Invalid batchId: qqq");
        assertBounded(() -> api.kill("alice", HUGE), 404, "Invalid batchId: qqq");
        assertBounded(() -> api.localLog("alice", HUGE, 0, 10), 404, "Invalid batchId: qqq");
        assertBounded(() -> api.localLog("alice", UUID.randomUUID().toString(), HUGE, 10), 400, "Invalid from: 'qqq");
    }

    @Test
    void aProxyUserOfAKillIsQuotedBounded() {
        String batch = api.create("alice", "{" + SPARK + "}").string("id");

        assertBounded(() -> api.killEvent(ApiEvents.request("DELETE", "/api/v1/batches/" + batch)
                .pathParameter("batchId", batch).query("hive.server2.proxy.user", HUGE).asIamUser("bob").build()),
                403, "Failed to validate proxy privilege of bob for qqq");
    }

    @Test
    void createFieldsAreQuotedBounded() {
        assertBounded(() -> api.createEvent(ApiEvents.request("POST", "/api/v1/batches").asIamUser("alice")
                .body("text/" + HUGE, "{}".getBytes(StandardCharsets.UTF_8)).build()), 415, "Content-Type text/qqq");
        assertBounded(() -> api.create("alice", "{\"batchType\":\"" + LONGEST_JSON_STRING + "\"}"), 400,
                "batchType is longer than 64 characters");
        assertBounded(() -> api.create("alice", "{" + SPARK + ",\"conf\":{\"" + LONGEST_JSON_STRING + "\":null}}"), 400,
                "conf value of qqq");
        assertBounded(() -> api.create("alice", "{" + SPARK + ",\"conf\":{\"kyuubi.batch.id\":\"" + "q".repeat(16 * 1024)
                + "\"}}"), 400, "kyuubi.batch.id=qqq");
        assertBounded(() -> api.create("alice", "{" + SPARK + ",\"conf\":{\"" + "q".repeat(200) + "!\":\"v\"}}"), 400,
                "conf key 'qqq");
        assertBounded(() -> api.create("alice", "{" + SPARK + ",\"extraResourcesMap\":{\"spark.jars\":\""
                + IntStream.range(0, 1500).mapToObj(i -> "f" + i).collect(Collectors.joining(",")) + "\"}}"), 400,
                "extraResourcesMap names files to upload [f0, f1, f10, ");
        assertBounded(() -> api.create("alice", "{" + SPARK + ",\"extraResourcesMap\":{\"spark.jars\":\""
                + "q".repeat(250) + "!\"}}"), 400, "extraResourcesMap file of spark.jars 'qqq");
        assertBounded(() -> api.create("alice", "{" + SPARK + "}" + HUGE), 400, "Unrecognized token 'qqq");
    }

    @Test
    void multipartPartNamesAreQuotedBounded() {
        String name = "q".repeat(7 * 1024);
        String boundary = "b" + UUID.randomUUID();
        String twice = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\nx\r\n";
        byte[] body = (twice + twice + "--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);

        assertBounded(() -> api.createEvent(ApiEvents.request("POST", "/api/v1/batches").asIamUser("alice")
                .body("multipart/form-data; boundary=" + boundary, body).build()), 400, "the part qqq");
    }

    @Test
    void anUnknownMethodAndPathAreQuotedBounded() {
        MethodNotAllowedHandler handler = new MethodNotAllowedHandler(Config.fromEnvironment(Map.of(
                "AWS_REGION", "us-east-1", "BATCH_TABLE", "batches", "EMR_CLUSTER_ID", "j-ABC", "AUTH_MODE", "NONE")));

        APIGatewayV2HTTPEvent request = ApiEvents.request(HUGE, "/api/v1/batches/" + HUGE).build();

        assertBounded(() -> ApiResponse.of(request, handler.handleRequest(request, null)), 405, "Method qqq");
    }

    /** The message quotes the start of what was sent, and no more than Echo's bound of it. */
    private static void assertBounded(Supplier<ApiResponse> call, int status, String start) {
        ApiResponse response = call.get();
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.message()).contains(start).hasSizeLessThan(600)
                .doesNotContain("q".repeat(Echo.MAX_CODE_POINTS + 1));
    }
}
