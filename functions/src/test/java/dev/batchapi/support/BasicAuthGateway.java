package dev.batchapi.support;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.batchapi.auth.BasicAuthorizerHandler;
import dev.batchapi.config.AppContext;
import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * API Gateway in BASIC mode: each request goes to the authorizer function first (payload 2.0, with
 * the request's headers), and the context it answers travels with the request to the route's
 * function as {@code requestContext.authorizer.lambda}, replacing anything the request carried there.
 */
public final class BasicAuthGateway {

    private final BasicAuthorizerHandler authorizer;

    public BasicAuthGateway(AppContext context) {
        this.authorizer = new BasicAuthorizerHandler(context);
    }

    /** The authorizer's answer to a request with these headers: {"isAuthorized": …, "context": {…}}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> answer(Map<String, String> headers, String routeKey) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("type", "REQUEST");
        event.put("routeArn", "arn:aws:execute-api:us-east-1:123456789012:api/$default/" + routeKey.replace(' ', '/'));
        event.put("routeKey", routeKey);
        event.put("headers", headers);
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            authorizer.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
            return (Map<String, Object>) Json.parse(out.toString(StandardCharsets.UTF_8), new JsonLimits(8, 4096));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    public APIGatewayV2HTTPEvent authorize(APIGatewayV2HTTPEvent event) {
        Map<String, Object> answer = answer(event.getHeaders(), event.getRequestContext().getHttp().getMethod() + " "
                + event.getRawPath());
        if (!Boolean.TRUE.equals(answer.get("isAuthorized"))) {
            throw new AssertionError("the BASIC authorizer never refuses itself: the function answers 401");
        }
        event.getRequestContext().setAuthorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder()
                .withLambda(new LinkedHashMap<>((Map<String, Object>) answer.get("context")))
                .build());
        return event;
    }
}
