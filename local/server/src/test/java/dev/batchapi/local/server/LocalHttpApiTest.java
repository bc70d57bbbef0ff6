package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.batchapi.local.sam.SamTemplate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Requests become the payload 2.0 events API Gateway sends, on the route template.yaml names. */
class LocalHttpApiTest {

    private final AtomicReference<APIGatewayV2HTTPEvent> received = new AtomicReference<>();
    private final AtomicReference<String> receivedBy = new AtomicReference<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<LocalHttpFront> fronts = new ArrayList<>();
    private String base;

    @BeforeEach
    void serve() throws Exception {
        LocalHttpApi api = new LocalHttpApi(List.of(
                function("GetThing", new SamTemplate.Route("GET", "/api/v1/things/{thingId}")),
                function("PostThing", new SamTemplate.Route("POST", "/api/v1/things")),
                function("Any", new SamTemplate.Route("ANY", "/api/v1/things"))), Optional.empty());
        base = serve(api);
    }

    private String serve(LocalHttpApi api) {
        LocalHttpFront front = LocalHttpFront.bind(0);
        front.start(api);
        fronts.add(front);
        return "http://127.0.0.1:" + front.port();
    }

    @AfterEach
    void stop() {
        fronts.forEach(LocalHttpFront::close);
    }

    @Test
    void aRequestAuthorizerSeesTheRequestFirstAndItsContextReachesTheFunction() throws Exception {
        AtomicReference<String> authorizerEvent = new AtomicReference<>();
        RequestStreamHandler allowOnlyWithAKey = (input, output, context) -> {
            String event = new String(input.readAllBytes(), StandardCharsets.UTF_8);
            authorizerEvent.set(event);
            output.write((event.contains("\"x-key\":\"open\"")
                    ? "{\"isAuthorized\":true,\"context\":{\"user\":\"alice\"}}"
                    : "{\"isAuthorized\":false}").getBytes(StandardCharsets.UTF_8));
        };
        LocalFunction authorizer = StubFunctions.of("Guard", Optional.empty(), allowOnlyWithAKey);
        String guarded = serve(new LocalHttpApi(List.of(function("GetThing",
                new SamTemplate.Route("GET", "/api/v1/things/{thingId}"))), Optional.of(authorizer)));

        HttpResponse<String> allowed = send(HttpRequest.newBuilder(URI.create(guarded + "/api/v1/things/7")).header("X-Key", "open"));
        HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(guarded + "/api/v1/things/8")));

        assertThat(allowed.statusCode()).isEqualTo(201);
        assertThat(received.get().getRequestContext().getAuthorizer().getLambda()).isEqualTo(Map.of("user", "alice"));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).isEqualTo("{\"message\":\"Forbidden\"}");
        assertThat(authorizerEvent.get()).contains("\"type\":\"REQUEST\"", "\"version\":\"2.0\"",
                "\"routeKey\":\"GET /api/v1/things/{thingId}\"", "\"rawPath\":\"/api/v1/things/8\"");
    }

    @Test
    void aPublicRouteReachesItsFunctionWithoutTheAuthorizer() throws Exception {
        AtomicReference<Integer> authorizerCalls = new AtomicReference<>(0);
        RequestStreamHandler refuseAll = (input, output, context) -> {
            authorizerCalls.set(authorizerCalls.get() + 1);
            output.write("{\"isAuthorized\":false}".getBytes(StandardCharsets.UTF_8));
        };
        String guarded = serve(new LocalHttpApi(List.of(
                function("Document", new SamTemplate.Route("GET", "/api/v1/document", false)),
                function("GetThing", new SamTemplate.Route("GET", "/api/v1/things/{thingId}"))),
                Optional.of(StubFunctions.of("Guard", Optional.empty(), refuseAll))));

        HttpResponse<String> open = send(HttpRequest.newBuilder(URI.create(guarded + "/api/v1/document")));
        HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(guarded + "/api/v1/things/7")));

        assertThat(open.statusCode()).isEqualTo(201);
        assertThat(receivedBy.get()).isEqualTo("Document");
        assertThat(received.get().getRequestContext().getAuthorizer()).isNull();
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(authorizerCalls.get()).isEqualTo(1);
    }

    @Test
    void hostAndOriginReachTheFunctionAndTheSchemeIsSaidAsApiGatewaySaysIt() throws Exception {
        send(HttpRequest.newBuilder(URI.create(base + "/api/v1/things")).header("Origin", "http://evil.example")
                .header("X-Forwarded-Proto", "https").header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        APIGatewayV2HTTPEvent event = received.get();
        String authority = URI.create(base).getAuthority();
        assertThat(event.getHeaders()).containsEntry("origin", "http://evil.example").containsEntry("host", authority)
                .containsEntry("sec-fetch-site", "cross-site").containsEntry("x-forwarded-proto", "http");
        assertThat(event.getRequestContext().getDomainName()).isEqualTo(authority);
    }

    @Test
    void aRequestBecomesThePayload2EventOfItsRoute() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(
                        base + "/api/v1/things/a%20b?size=5&batchUser=x&batchUser=y&hive.server2.proxy.user=al%2Bice"))
                .header("X-Custom", "One")
                .header("Authorization", "Basic YWxpY2U6")
                .GET());

        APIGatewayV2HTTPEvent event = received.get();
        assertThat(receivedBy.get()).isEqualTo("GetThing");
        assertThat(event.getVersion()).isEqualTo("2.0");
        assertThat(event.getRouteKey()).isEqualTo("GET /api/v1/things/{thingId}");
        assertThat(event.getRawPath()).isEqualTo("/api/v1/things/a%20b");
        assertThat(event.getPathParameters()).isEqualTo(Map.of("thingId", "a b"));
        assertThat(event.getQueryStringParameters()).isEqualTo(Map.of(
                "size", "5", "batchUser", "x,y", "hive.server2.proxy.user", "al+ice"));
        assertThat(event.getHeaders()).containsEntry("x-custom", "One").containsEntry("authorization", "Basic YWxpY2U6");
        assertThat(event.getRequestContext().getHttp().getMethod()).isEqualTo("GET");
        assertThat(event.getRequestContext().getHttp().getSourceIp()).isEqualTo("127.0.0.1");
        assertThat(event.getRequestContext().getStage()).isEqualTo("$default");
        assertThat(event.getRequestContext().getRequestId()).isNotBlank();
        assertThat(event.getBody()).isNull();
        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(response.body()).isEqualTo("{\"ok\":true}");
    }

    @Test
    void textBodiesArriveAsTextAndBinaryOnesInBase64() throws Exception {
        send(HttpRequest.newBuilder(URI.create(base + "/api/v1/things"))
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":\"é\"}")));
        APIGatewayV2HTTPEvent json = received.get();
        send(HttpRequest.newBuilder(URI.create(base + "/api/v1/things"))
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[] {0, 1, 2})));
        APIGatewayV2HTTPEvent multipart = received.get();

        assertThat(json.getBody()).isEqualTo("{\"a\":\"é\"}");
        assertThat(json.getIsBase64Encoded()).isFalse();
        assertThat(multipart.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(multipart.getBody())).containsExactly(0, 1, 2);
    }

    @Test
    void textLikeBodiesWhoseBytesAreNotUtf8ArriveInBase64AsSent() throws Exception {
        byte[] notUtf8 = {'{', '"', 'a', '"', ':', '"', (byte) 0xC3, '(', '"', '}'};
        send(HttpRequest.newBuilder(URI.create(base + "/api/v1/things"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(notUtf8)));
        APIGatewayV2HTTPEvent json = received.get();
        byte[] latin1 = "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1);
        send(HttpRequest.newBuilder(URI.create(base + "/api/v1/things"))
                .header("Content-Type", "text/plain; charset=iso-8859-1")
                .POST(HttpRequest.BodyPublishers.ofByteArray(latin1)));
        APIGatewayV2HTTPEvent text = received.get();

        assertThat(json.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(json.getBody())).isEqualTo(notUtf8);
        assertThat(text.getIsBase64Encoded()).isTrue();
        assertThat(Base64.getDecoder().decode(text.getBody())).isEqualTo(latin1);
    }

    @Test
    void pathParametersArePercentDecodedAndAPlusStaysAPlus() throws Exception {
        send(HttpRequest.newBuilder(URI.create(base + "/api/v1/things/a+b%2Bc%C3%A9")).GET());

        assertThat(received.get().getPathParameters()).isEqualTo(Map.of("thingId", "a+b+c\u00e9"));
        assertThat(received.get().getRawPath()).isEqualTo("/api/v1/things/a+b%2Bc%C3%A9");
    }

    @Test
    void aFunctionThatThrowsOrAnswersBrokenBase64IsApiGateways500() throws Exception {
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> throwing = (event, context) -> {
            throw new IllegalStateException("the function broke");
        };
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> brokenBase64 = (event, context) ->
                APIGatewayV2HTTPResponse.builder().withStatusCode(200).withIsBase64Encoded(true).withBody("@@@").build();
        String broken = serve(new LocalHttpApi(List.of(
                StubFunctions.of("Throws", Optional.of(new SamTemplate.Route("GET", "/api/v1/throws")), throwing),
                StubFunctions.of("Base64", Optional.of(new SamTemplate.Route("GET", "/api/v1/base64")), brokenBase64)),
                Optional.empty()));

        for (String path : List.of("/api/v1/throws", "/api/v1/base64")) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(broken + path)).GET());
            assertThat(response.statusCode()).as(path).isEqualTo(500);
            assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
            assertThat(response.body()).isEqualTo("{\"message\":\"Internal Server Error\"}");
        }
    }

    @Test
    void aMethodRouteWinsOverAnyAndAnyTakesTheRest() throws Exception {
        send(HttpRequest.newBuilder(URI.create(base + "/api/v1/things")).POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(receivedBy.get()).isEqualTo("PostThing");

        send(HttpRequest.newBuilder(URI.create(base + "/api/v1/things")).method("PATCH", HttpRequest.BodyPublishers.noBody()));
        assertThat(receivedBy.get()).isEqualTo("Any");
        assertThat(received.get().getRouteKey()).isEqualTo("ANY /api/v1/things");
    }

    @Test
    void unknownPathsAreApiGatewaysNotFoundAndPingIsKyuubis() throws Exception {
        HttpResponse<String> missing = send(HttpRequest.newBuilder(URI.create(base + "/api/v2/things")).GET());
        HttpResponse<String> ping = send(HttpRequest.newBuilder(URI.create(base + "/api/v1/ping")).GET());

        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("{\"message\":\"Not Found\"}");
        assertThat(ping.body()).isEqualTo("pong");
        assertThat(received.get()).isNull();
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private LocalFunction function(String name, SamTemplate.Route route) {
        RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> handler = (event, context) -> {
            received.set(event);
            receivedBy.set(context.getFunctionName());
            return APIGatewayV2HTTPResponse.builder()
                    .withStatusCode(201)
                    .withHeaders(Map.of("Content-Type", "application/json; charset=utf-8"))
                    .withBody("{\"ok\":true}")
                    .build();
        };
        return StubFunctions.of(name, Optional.of(route), handler);
    }
}
