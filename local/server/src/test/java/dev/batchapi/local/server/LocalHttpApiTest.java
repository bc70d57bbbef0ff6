package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpServer;
import dev.batchapi.local.sam.SamTemplate;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
    private final List<HttpServer> servers = new ArrayList<>();
    private String base;

    @BeforeEach
    void serve() throws Exception {
        LocalHttpApi api = new LocalHttpApi(List.of(
                function("GetThing", new SamTemplate.Route("GET", "/api/v1/things/{thingId}")),
                function("PostThing", new SamTemplate.Route("POST", "/api/v1/things")),
                function("Any", new SamTemplate.Route("ANY", "/api/v1/things"))), Optional.empty());
        base = serve(api);
    }

    private String serve(LocalHttpApi api) throws Exception {
        HttpServer started = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        started.createContext("/", api::handle);
        started.start();
        servers.add(started);
        return "http://127.0.0.1:" + started.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        servers.forEach(server -> server.stop(0));
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
        LocalFunction authorizer = new LocalFunction(new SamTemplate.Function("Guard", "x::handleRequest", 10, List.of(),
                List.of(), List.of(), List.of(), Optional.empty()), allowOnlyWithAKey, Clock.systemUTC());
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
        return new LocalFunction(new SamTemplate.Function(name, "x::handleRequest", 30, List.of(route), List.of(),
                List.of(), List.of(), Optional.empty()), handler, Clock.systemUTC());
    }
}
