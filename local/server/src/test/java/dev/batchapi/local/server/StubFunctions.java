package dev.batchapi.local.server;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.batchapi.local.sam.SamTemplate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Functions of a made-up template, for the HTTP front's tests: each is whatever handler it is given. */
final class StubFunctions {

    private StubFunctions() {
    }

    /** A function with one route, or none (an authorizer), around {@code handler}. */
    static LocalFunction of(String name, Optional<SamTemplate.Route> route, Object handler) {
        return new LocalFunction(new SamTemplate.Function(name, "x::handleRequest", 30, route.stream().toList(), List.of(),
                List.of(), List.of(), List.of(), Optional.empty()), handler, Clock.systemUTC());
    }

    /**
     * The front of a small API: GET /api/v1/things/{thingId}, POST and ANY /api/v1/things, each
     * answering JSON; ANY's 405 says in Allow that /api/v1/things takes POST.
     */
    static LocalHttpFront serveThings() {
        LocalHttpFront front = LocalHttpFront.bind(0);
        front.start(new LocalHttpApi(List.of(
                of("GetThing", Optional.of(new SamTemplate.Route("GET", "/api/v1/things/{thingId}")), answering(200)),
                of("PostThing", Optional.of(new SamTemplate.Route("POST", "/api/v1/things")), answering(200)),
                of("Any", Optional.of(new SamTemplate.Route("ANY", "/api/v1/things")), answering(405))), Optional.empty()));
        return front;
    }

    private static RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> answering(
            int status) {
        return (event, context) -> APIGatewayV2HTTPResponse.builder()
                .withStatusCode(status)
                .withHeaders(status == 200 ? Map.of("Content-Type", "application/json")
                        : Map.of("Content-Type", "application/json", "Allow", "POST"))
                .withBody(status == 200 ? "{\"ok\":true}" : "{\"message\":\"Method " + event.getRequestContext().getHttp().getMethod()
                        + " is not allowed\"}")
                .build();
    }
}
