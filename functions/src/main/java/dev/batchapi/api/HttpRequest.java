package dev.batchapi.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.batchapi.errors.BadRequestException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parts of an API Gateway HTTP API request (payload format 2.0) the handlers read. Header names
 * are lower case (API Gateway sends them so); the body is decoded when API Gateway base64-encoded it.
 *
 * @param authorizer what API Gateway's authorizer established about the caller
 * @param domainName the domain name the request was sent to (API Gateway's, or a custom domain's), if known
 */
public record HttpRequest(
        String method,
        String path,
        Map<String, String> pathParameters,
        Map<String, String> query,
        Map<String, String> headers,
        byte[] body,
        String requestId,
        AuthorizerContext authorizer,
        String domainName) {

    static HttpRequest from(APIGatewayV2HTTPEvent event) {
        var context = event.getRequestContext();
        var http = context == null ? null : context.getHttp();
        var authorizer = context == null ? null : context.getAuthorizer();
        Map<String, String> headers = new HashMap<>();
        if (event.getHeaders() != null) {
            event.getHeaders().forEach((name, value) -> headers.put(name.toLowerCase(Locale.ROOT), value));
        }
        return new HttpRequest(
                http == null ? null : http.getMethod(),
                http != null && http.getPath() != null ? http.getPath() : event.getRawPath(),
                copy(event.getPathParameters()),
                copy(event.getQueryStringParameters()),
                Map.copyOf(headers),
                body(event),
                context == null ? null : context.getRequestId(),
                authorizer(authorizer),
                context == null ? null : context.getDomainName());
    }

    private static AuthorizerContext authorizer(APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer) {
        if (authorizer == null) {
            return AuthorizerContext.NONE;
        }
        return new AuthorizerContext(
                authorizer.getIam() == null ? null : authorizer.getIam().getUserArn(),
                authorizer.getJwt() == null ? null : withoutNullValues(authorizer.getJwt().getClaims()),
                withoutNullValues(authorizer.getLambda()));
    }

    private static <V> Map<String, V> withoutNullValues(Map<String, V> map) {
        if (map == null) {
            return null;
        }
        Map<String, V> copy = new HashMap<>(map);
        copy.values().removeIf(Objects::isNull);
        return copy;
    }

    public String pathParameter(String name) {
        return pathParameters.get(name);
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name));
    }

    private static byte[] body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null) {
            return new byte[0];
        }
        if (event.getIsBase64Encoded()) {
            try {
                return Base64.getDecoder().decode(body);
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("The request body is not valid base64");
            }
        }
        return body.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? Map.of() : Map.copyOf(map);
    }
}
