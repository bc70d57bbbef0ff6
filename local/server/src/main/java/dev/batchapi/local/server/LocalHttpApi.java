package dev.batchapi.local.server;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.local.sam.SamTemplate;
import dev.batchapi.telemetry.OpsLog;
import dev.batchapi.text.UnicodeText;
import java.io.IOException;
import java.nio.ByteBuffer;
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
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.URIUtil;
import org.eclipse.jetty.util.UrlEncoded;

/**
 * API Gateway's HTTP API, locally: template.yaml's routes, each request turned into the payload
 * format 2.0 event API Gateway sends (lower-case headers, decoded query parameters joined by commas,
 * path parameters, a base64 body for binary content or bytes that are not UTF-8) and the function's
 * answer turned back into HTTP. A path no route serves is API Gateway's 404 {"message":"Not Found"};
 * a query that is not ASCII or not validly percent-encoded is its 400. With a request authorizer
 * (BASIC mode), each routed request goes to it first, as a payload 2.0 authorizer event, and the
 * context it answers reaches the function in {@code requestContext.authorizer.lambda}; its refusal is
 * API Gateway's 403 {"message":"Forbidden"}. A public route (authorization NONE) skips the authorizer. Served by {@link LocalHttpFront}, which refuses what is
 * not HTTP or over API Gateway's limits before it gets here.
 */
final class LocalHttpApi extends Handler.Abstract {

    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final JsonLimits ANSWER_LIMITS = new JsonLimits(8, 64 * 1024);
    private static final Pattern TEXT_TYPES = Pattern.compile(
            "text/.*|application/(json|xml|javascript|x-www-form-urlencoded)|.*\\+(json|xml)");
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7e]*");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{(\\w+)}");

    private final List<BoundRoute> routes;
    private final Optional<LocalFunction> authorizer;

    LocalHttpApi(List<LocalFunction> functions, Optional<LocalFunction> authorizer) {
        this.authorizer = authorizer;
        List<BoundRoute> bound = new ArrayList<>();
        for (LocalFunction function : functions) {
            for (SamTemplate.Route route : function.declared().routes()) {
                bound.add(new BoundRoute(route, pattern(route.path()), parameterNames(route.path()), function));
            }
        }
        // A route for the method wins over ANY on the same path, as in API Gateway.
        bound.sort(Comparator.comparing(route -> route.route().method().equals("ANY")));
        this.routes = List.copyOf(bound);
    }

    /**
     * Checks the target, then reads the whole body before routing, as API Gateway does; a body that
     * fails (over the size limit, a malformed chunk) fails the request with its own status, which
     * Jetty answers through {@link JsonErrorHandler}.
     */
    @Override
    public boolean handle(Request request, Response response, Callback callback) throws IOException {
        String method = request.getMethod();
        String path = request.getHttpURI().getPath();
        if (method.equals("CONNECT")) {
            // Its target is a host to tunnel to, not a resource of the API: no method serves it, which
            // an empty Allow says (RFC 9110 §10.2.1), as every 405 must say what is allowed (§15.5.6).
            response.getHeaders().put(HttpHeader.ALLOW, "");
            Response.writeError(request, response, callback, HttpStatus.METHOD_NOT_ALLOWED_405);
            return true;
        }
        Optional<Map<String, String>> query = query(request.getHttpURI().getQuery());
        if (query.isEmpty()) {
            Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400);
            return true;
        }
        byte[] body = BufferUtil.toArray(Content.Source.asByteBuffer(request));
        if (path.equals("/api/v1/ping") && method.equals("GET")) {
            // Kyuubi's liveness check, answered by its REST frontend itself.
            send(response, callback, 200, Map.of("Content-Type", "text/plain"), "pong".getBytes(StandardCharsets.UTF_8));
        } else {
            Optional<Match> match = route(method, path);
            if (match.isPresent()) {
                invoke(request, response, callback, match.get(), query.get(), body);
            } else {
                Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404);
            }
        }
        return true;
    }

    /** A function (or authorizer) that throws, or answers what is not HTTP, is API Gateway's 500 for a failed integration. */
    private void invoke(Request request, Response response, Callback callback, Match match, Map<String, String> query,
            byte[] body) {
        APIGatewayV2HTTPResponse answer;
        byte[] answerBody;
        try {
            APIGatewayV2HTTPEvent event = event(request, match, query, body);
            if (authorizer.isPresent() && match.route().authorized()) {
                Optional<Map<String, Object>> context = authorize(authorizer.get(), event);
                if (context.isEmpty()) {
                    Response.writeError(request, response, callback, HttpStatus.FORBIDDEN_403);
                    return;
                }
                event.getRequestContext().setAuthorizer(
                        APIGatewayV2HTTPEvent.RequestContext.Authorizer.builder().withLambda(context.get()).build());
            }
            answer = match.function().invoke(event);
            String text = answer.getBody() == null ? "" : answer.getBody();
            answerBody = answer.getIsBase64Encoded() ? Base64.getDecoder().decode(text) : text.getBytes(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            OpsLog.error("http.function.failed", e, "function", match.function().declared().logicalId());
            Response.writeError(request, response, callback, HttpStatus.INTERNAL_SERVER_ERROR_500);
            return;
        }
        send(response, callback, answer.getStatusCode(),
                answer.getHeaders() == null ? Map.of() : answer.getHeaders(), answerBody);
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
                for (int group = 1; group <= route.parameterNames().size(); group++) {
                    // Jetty has refused a path whose percent-encoding is malformed or not UTF-8.
                    parameters.put(route.parameterNames().get(group - 1), URIUtil.decodePath(matcher.group(group)));
                }
                return Optional.of(new Match(route.route(), route.function(), parameters));
            }
        }
        return Optional.empty();
    }

    private static APIGatewayV2HTTPEvent event(Request request, Match match, Map<String, String> query, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (HttpField field : request.getHeaders()) {
            headers.merge(field.getLowerCaseName(), field.getValue(), (first, next) -> first + "," + next);
        }
        // API Gateway says so to a function, whatever the caller sent: the functions' cross-site check reads it.
        headers.put("x-forwarded-proto", "http");
        String contentType = headers.getOrDefault("content-type", "").split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        // Text-like content whose bytes are not UTF-8 goes base64-encoded, so the function sees the bytes sent.
        Optional<String> text = contentType.isEmpty() || TEXT_TYPES.matcher(contentType).matches()
                ? UnicodeText.decodeUtf8(body) : Optional.empty();
        String routeKey = match.route().method() + " " + match.route().path();
        Instant now = Instant.now();
        String path = request.getHttpURI().getPath();
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey(routeKey)
                .withRawPath(path)
                .withRawQueryString(Optional.ofNullable(request.getHttpURI().getQuery()).orElse(""))
                .withHeaders(headers)
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withPathParameters(match.pathParameters().isEmpty() ? null : match.pathParameters())
                .withBody(body.length == 0 ? null : text.orElseGet(() -> Base64.getEncoder().encodeToString(body)))
                .withIsBase64Encoded(body.length > 0 && text.isEmpty())
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withAccountId("000000000000")
                        .withApiId("local")
                        .withDomainName(headers.getOrDefault("host", LocalHttpFront.HOST))
                        .withRequestId(UUID.randomUUID().toString())
                        .withRouteKey(routeKey)
                        .withStage("$default")
                        .withTime(REQUEST_TIME.format(now))
                        .withTimeEpoch(now.toEpochMilli())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(request.getMethod())
                                .withPath(path)
                                .withProtocol(request.getConnectionMetaData().getProtocol())
                                .withSourceIp(Request.getRemoteAddr(request))
                                .withUserAgent(headers.get("user-agent"))
                                .build())
                        .build())
                .build();
    }

    /**
     * Decoded query parameters, a repeated name's values joined by commas as API Gateway does; empty
     * when the query is not a URI's (a character outside visible ASCII, a malformed percent-encoding,
     * bytes that are not UTF-8).
     */
    static Optional<Map<String, String>> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery == null) {
            return Optional.of(query);
        }
        if (!VISIBLE_ASCII.matcher(rawQuery).matches()) {
            return Optional.empty();
        }
        try {
            UrlEncoded.decodeUtf8To(rawQuery, 0, rawQuery.length(),
                    (name, value) -> query.merge(name, value, (first, next) -> first + "," + next));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return Optional.of(query);
    }

    private static void send(Response response, Callback callback, int status, Map<String, String> headers, byte[] body) {
        response.setStatus(status);
        headers.forEach(response.getHeaders()::put);
        response.write(true, ByteBuffer.wrap(body), callback);
    }

    private static Pattern pattern(String path) {
        StringBuilder regex = new StringBuilder();
        Matcher parameters = PATH_PARAMETER.matcher(path);
        int last = 0;
        while (parameters.find()) {
            regex.append(Pattern.quote(path.substring(last, parameters.start()))).append("([^/]+)");
            last = parameters.end();
        }
        regex.append(Pattern.quote(path.substring(last)));
        return Pattern.compile(regex.toString());
    }

    /** The names of a route path's parameters, in order: {@code batchId} of {@code /api/v1/batches/{batchId}}. */
    private static List<String> parameterNames(String path) {
        return PATH_PARAMETER.matcher(path).results().map(parameter -> parameter.group(1)).toList();
    }

    private record BoundRoute(SamTemplate.Route route, Pattern pattern, List<String> parameterNames, LocalFunction function) {
    }

    private record Match(SamTemplate.Route route, LocalFunction function, Map<String, String> pathParameters) {
    }
}
