package dev.batchapi.local.awsjson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP side of every stand-in, with a service made up for the test. */
class AwsJsonServerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PREFIX = "Fake_20240101";

    private final FakeService service = new FakeService();
    private final AwsJsonServer server = AwsJsonServer.start(service, 0);
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        server.close();
    }

    @Test
    void answersAnOperationWithItsJsonAndTheProtocolsHeaders() throws Exception {
        HttpResponse<String> answer = post("Echo", "{\"Name\":\"a\"}");

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(json(answer)).isEqualTo(JSON.readTree("{\"Echoed\":{\"Name\":\"a\"}}"));
        assertThat(answer.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.0");
        assertThat(answer.headers().firstValue("x-amzn-RequestId")).isPresent();
    }

    @Test
    void anEmptyBodyIsAnEmptyObject() throws Exception {
        assertThat(json(post("Echo", ""))).isEqualTo(JSON.readTree("{\"Echoed\":{}}"));
    }

    @Test
    void anErrorBodyCarriesTheCodeTheMessageAndTheServicesExtraMembers() throws Exception {
        HttpResponse<String> answer = post("Refuse", "{}");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(json(answer)).isEqualTo(JSON.readTree(
                "{\"__type\":\"ConditionalCheckFailedException\",\"message\":\"no\",\"Item\":{\"pk\":{\"S\":\"a\"}}}"));
    }

    @Test
    void refusesAnUnknownOperationBeforeReadingItsBody() throws Exception {
        HttpResponse<String> answer = post("Missing", "not even JSON");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(json(answer).get("__type").asText()).isEqualTo("UnknownOperationException");
        assertThat(json(answer).get("message").asText()).isEqualTo("Unknown operation " + PREFIX + ".Missing");
    }

    @Test
    void refusesATargetOfAnotherService() throws Exception {
        HttpResponse<String> answer = send(request("Other_20240101.Echo", "{}"));

        assertThat(json(answer).get("__type").asText()).isEqualTo("UnknownOperationException");
        assertThat(service.handled).isEmpty();
    }

    @Test
    void refusesABodyThatIsNotJsonOrNotAnObjectWithoutRunningTheOperation() throws Exception {
        for (String body : List.of("{\"Name\":", "[1, 2]", "42")) {
            HttpResponse<String> answer = post("Echo", body);

            assertThat(answer.statusCode()).as(body).isEqualTo(400);
            assertThat(json(answer).get("__type").asText()).as(body).isEqualTo("SerializationException");
        }
        assertThat(json(post("Echo", "[]")).get("message").asText()).isEqualTo("The request body must be a JSON object");
        assertThat(service.handled).isEmpty();
    }

    @Test
    void anUnexpectedExceptionIsAnInternalServerErrorThatKeepsItsDetailsToTheLog() throws Exception {
        HttpResponse<String> answer = post("Crash", "{}");

        assertThat(answer.statusCode()).isEqualTo(500);
        assertThat(json(answer)).isEqualTo(JSON.readTree(
                "{\"__type\":\"InternalServerError\",\"message\":\"Internal server error\"}"));
        assertThat(answer.body()).doesNotContain("IllegalStateException", "secret");
    }

    @Test
    void countsTheCallsOfEachOperationWhateverTheAnswerUntilReset() throws Exception {
        post("Echo", "{}");
        post("Echo", "[]");
        post("Refuse", "{}");
        post("Missing", "{}");

        assertThat(server.callCount("Echo")).isEqualTo(2);
        assertThat(server.callCounts()).containsExactly(Map.entry("Echo", 2L), Map.entry("Missing", 1L),
                Map.entry("Refuse", 1L));

        server.resetCallCounts();

        assertThat(server.callCount("Echo")).isZero();
        assertThat(server.callCounts()).isEmpty();
    }

    @Test
    void answersInjectedFaultsInTheOrderAskedForInsteadOfRunningTheOperation() throws Exception {
        server.failNext("Echo", 2, AwsFault.throttling("ThrottlingException", "Rate exceeded"));
        server.failNext("Echo", 1, AwsFault.internalError("Internal error"));

        List<HttpResponse<String>> answers = List.of(post("Echo", "{}"), post("Echo", "{}"), post("Echo", "{}"),
                post("Echo", "{}"));

        assertThat(answers).extracting(HttpResponse::statusCode).containsExactly(400, 400, 500, 200);
        assertThat(json(answers.get(0))).isEqualTo(JSON.readTree(
                "{\"__type\":\"ThrottlingException\",\"message\":\"Rate exceeded\"}"));
        assertThat(json(answers.get(2)).get("__type").asText()).isEqualTo("InternalServerError");
        assertThat(service.handled).containsExactly("Echo");
        assertThat(server.callCount("Echo")).isEqualTo(4);
    }

    @Test
    void aFaultHitsOnlyItsOperation() throws Exception {
        server.failNext("Refuse", 1, AwsFault.internalError("Internal error"));

        assertThat(post("Echo", "{}").statusCode()).isEqualTo(200);
    }

    @Test
    void refusesToInjectNothingOrIntoAnOperationTheServiceLacks() {
        AwsFault fault = AwsFault.internalError("Internal error");

        assertThatThrownBy(() -> server.failNext("Echo", 0, fault)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> server.failNext("Ecoh", 1, fault)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Ecoh");
    }

    @Test
    void aFaultAnswersAnErrorStatus() {
        assertThatThrownBy(() -> new AwsFault(200, "Ok", "fine")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void stopsServingWhenClosed() {
        server.close();

        assertThatThrownBy(() -> post("Echo", "{}")).isInstanceOf(IOException.class);
    }

    private HttpResponse<String> post(String operation, String body) throws IOException, InterruptedException {
        return send(request(PREFIX + "." + operation, body));
    }

    private HttpRequest request(String target, String body) {
        return HttpRequest.newBuilder(server.endpoint().resolve("/"))
                .header("X-Amz-Target", target)
                .header("Content-Type", "application/x-amz-json-1.0")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> answer) throws IOException {
        return JSON.readTree(answer.body());
    }

    /** Echo answers its request; Refuse fails as a service does; Crash fails as a bug does. */
    private static final class FakeService implements AwsJsonService {

        final List<String> handled = new CopyOnWriteArrayList<>();

        @Override
        public String targetPrefix() {
            return PREFIX;
        }

        @Override
        public String jsonVersion() {
            return "1.0";
        }

        @Override
        public Set<String> operations() {
            return Set.of("Echo", "Refuse", "Crash");
        }

        @Override
        public ObjectNode handle(String operation, JsonNode request) {
            handled.add(operation);
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            return switch (operation) {
                case "Echo" -> answer.set("Echoed", request);
                case "Refuse" -> {
                    answer.putObject("Item").putObject("pk").put("S", "a");
                    throw new AwsServiceException(400, "ConditionalCheckFailedException", "no", answer);
                }
                default -> throw new IllegalStateException("secret detail");
            };
        }
    }
}
