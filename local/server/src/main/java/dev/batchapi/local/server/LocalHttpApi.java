package dev.batchapi.local.server;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.sun.net.httpserver.HttpExchange;
import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.local.sam.SamTemplate;
import dev.batchapi.telemetry.OpsLog;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API Gateway's HTTP API, locally: template.yaml's routes, each request turned into the payload
 * format 2.0 event API Gateway sends (lower-case headers, decoded query parameters joined by commas,
 * path parameters, a base64 body for binary content) and the function's answer turned back into HTTP.
 * A path no route serves is API Gateway's 404 {"message":"Not Found"}; a body over its 10 MB limit
 * is its 413. With a request authorizer (BASIC mode), each routed request goes to it first, as a
 * payload 2.0 authorizer event, and the context it answers reaches the function in
 * {@code requestContext.authorizer.lambda}; its refusal is API Gateway's 403 {"message":"Forbidden"}.
 */
final class LocalHttpApi {

    private static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final JsonLimits ANSWER_LIMITS = new JsonLimits(8, 64 * 1024);
    private static final Pattern TEXT_TYPES = Pattern.compile(
            "text/.*|application/(json|xml|javascript|x-www-form-urlencoded)|.*\\+(json|xml)");

    private final List<BoundRoute> routes;
    private final Optional<LocalFunction> authorizer;

    LocalHttpApi(List<LocalFunction> functions, Optional<LocalFunction> authorizer) {
        this.authorizer = authorizer;
        List<BoundRoute> bound = new ArrayList<>();
        for (LocalFunction function : functions) {
            for (SamTemplate.Route route : function.declared().routes()) {
                bound.add(new BoundRoute(route, pattern(route.path()), function));
            }
        }
        // A route for the method wins over ANY on the same path, as in API Gateway.
        bound.sort(Comparator.comparing(route -> route.route().method().equals("ANY")));
        this.routes = List.copyOf(bound);
    }

    void handle(HttpExchange exchange) throws IOException {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        int status;
        try (exchange) {
            byte[] body = readBody(exchange);
            if (body == null) {
                status = send(exchange, 413, "application/json", "{\"message\":\"Request Entity Too Large\"}");
            } else if (path.equals("/api/v1/ping") && method.equals("GET")) {
                // Kyuubi's liveness check, answered by its REST frontend itself.
                status = send(exchange, 200, "text/plain", "pong");
            } else {
                status = route(method, path)
                        .map(match -> invoke(exchange, match, body))
                        .orElseGet(() -> send(exchange, 404, "application/json", "{\"message\":\"Not Found\"}"));
            }
        }
        OpsLog.info("http", "method", method, "path", path, "status", status,
                "ms", (System.nanoTime() - started) / 1_000_000);
    }

    /** A function (or authorizer) that throws is API Gateway's 500 for a failed integration. */
    private int invoke(HttpExchange exchange, Match match, byte[] body) {
        try {
            APIGatewayV2HTTPEvent event = event(exchange, match, body);
            if (authorizer.isPresent()) {
                Optional<Map<String, Object>> context = authorize(authorizer.get(), event);
                if (context.isEmpty()) {
                    return send(exchange, 403, "application/json", "{\"message\":\"Forbidden\"}");
                }
                event.getRequestContext().setAuthorizer(
                        APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withLambda(context.get()).build());
            }
            return answer(exchange, match.function().invoke(event));
        } catch (RuntimeException e) {
            OpsLog.error("http.function.failed", e, "function", match.function().declared().logicalId());
            return send(exchange, 500, "application/json", "{\"message\":\"Internal Server Error\"}");
        }
    }

    /** The authorizer's context for the request, or empty when it refused it. */
    @SuppressWarnings("unchecked")
    private static Optional<Map<String, Object>> authorize(LocalFunction authorizer, APIGatewayV2HTTPEvent request) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("type", "REQUEST");
        event.put("routeArn", "arn:aws:execute-api:us-east-1:000000000000:local/$default/"
                + request.getRouteKey().replace(' ', '/'));
        event.put("routeKey", request.getRouteKey());
        event.put("rawPath", request.getRawPath());
        event.put("rawQueryString", request.getRawQueryString());
        event.put("headers", request.getHeaders());
        event.put("queryStringParameters", request.getQueryStringParameters());
        event.put("pathParameters", request.getPathParameters());
        Map<String, Object> answer = (Map<String, Object>) Json.parse(authorizer.invoke(Json.write(event)), ANSWER_LIMITS);
        if (!Boolean.TRUE.equals(answer.get("isAuthorized"))) {
            return Optional.empty();
        }
        return Optional.of(new LinkedHashMap<>((Map<String, Object>) answer.getOrDefault("context", Map.of())));
    }

    private Optional<Match> route(String method, String path) {
        for (BoundRoute route : routes) {
            Matcher matcher = route.pattern().matcher(path);
            if (matcher.matches() && (route.route().method().equals("ANY") || route.route().method().equals(method))) {
                Map<String, String> parameters = new LinkedHashMap<>();
                Matcher names = Pattern.compile("\\{(\\w+)}").matcher(route.route().path());
                for (int group = 1; names.find(); group++) {
                    parameters.put(names.group(1), URLDecoder.decode(matcher.group(group), StandardCharsets.UTF_8));
                }
                return Optional.of(new Match(route.route(), route.function(), parameters));
            }
        }
        return Optional.empty();
    }

    private static APIGatewayV2HTTPEvent event(HttpExchange exchange, Match match, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String rawQuery = Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse("");
        Map<String, String> query = query(rawQuery);
        String contentType = headers.getOrDefault("content-type", "").split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        boolean binary = body.length > 0 && !contentType.isEmpty() && !TEXT_TYPES.matcher(contentType).matches();
        String routeKey = match.route().method() + " " + match.route().path();
        Instant now = Instant.now();
        String path = exchange.getRequestURI().getRawPath();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withRawQueryString(rawQuery)
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(match.pathParameters().isEmpty() ? null : match.pathParameters())
                .withBody(body.length == 0 ? null
                        : binary ? Base64.getEncoder().encodeToString(body) : new String(body, StandardCharsets.UTF_8))
                .withIsBase64Encoded(binary)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId("000000000000")
                        .withApiId("local")
                        .withDomainName(headers.getOrDefault("host", "127.0.0.1"))
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(routeKey)
                        .withStage("$default")
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(exchange.getRequestMethod())
                                .withPath(path)
                                .withProtocol(exchange.getProtocol())
                                .withSourceIp(exchange.getRemoteAddress().getAddress().getHostAddress())
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .build();
    }

    /** Decoded query parameters; a repeated name's values joined by commas, as API Gateway does. */
    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            String[] parts = pair.split("=", 2);
            String name = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
            String value = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
            query.merge(name, value, (first, next) -> first + "," + next);
        }
        return query;
    }

    private static int answer(HttpExchange exchange, APIGatewayV2HTTPResponse response) {
        String body = response.getBody() == null ? "" : response.getBody();
        byte[] bytes = response.getIsBase64Encoded()
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        }
        return send(exchange, response.getStatusCode(), null, bytes);
    }

    private static int send(HttpExchange exchange, int status, String contentType, String body) {
        return send(exchange, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    private static int send(HttpExchange exchange, int status, String contentType, byte[] body) {
        try {
            if (contentType != null) {
                exchange.getResponseHeaders().set("Content-Type", contentType);
            }
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            if (body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
            return status;
        } catch (IOException e) {
            // the client went away; nothing to answer
            return status;
        }
    }

    /** The body, or null if it is larger than API Gateway accepts. */
    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            return body.length > MAX_BODY_BYTES ? null : body;
        }
    }

    private static Pattern pattern(String path) {
        StringBuilder regex = new StringBuilder();
        Matcher parameters = Pattern.compile("\\{\\w+}").matcher(path);
        int last = 0;
        while (parameters.find()) {
            regex.append(Pattern.quote(path.substring(last, parameters.start()))).append("([^/]+)");
            last = parameters.end();
        }
        regex.append(Pattern.quote(path.substring(last)));
        return Pattern.compile(regex.toString());
    }

    private record BoundRoute(SamTemplate.Route route, Pattern pattern, LocalFunction function) {
    }

    private record Match(SamTemplate.Route route, LocalFunction function, Map<String, String> pathParameters) {
    }
}
