package dev.batchapi.support;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import dev.batchapi.local.sam.SamTemplate;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's OpenAPI document (the functions' resource {@code /openapi.json}) as a test oracle: an
 * answer to a request is checked against the operation the document gives its method and path,
 * the response it gives the status, that response's headers and its body's schema (JSON Schema, the
 * OpenAPI 3.1 dialect). A route, method or status the document does not describe fails the check as
 * surely as a body that breaks its schema. API Gateway's catch-all {@code ANY} route of a path is the
 * path item's {@code x-amazon-apigateway-any-method} operation, as API Gateway writes it.
 */
public final class OpenApiContract {

    public static final String ANY_METHOD = "x-amazon-apigateway-any-method";
    /** The IRI the document is known by while its schemas are resolved; its {@code $ref}s are relative to it. */
    private static final String DOCUMENT_IRI = "https://batchapi.dev/openapi.json";
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
    private static final Pattern PARAMETER = Pattern.compile("\\{[^/}]+}");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The document the functions serve, read once for every test of the JVM. */
    public static final OpenApiContract DOCUMENT = new OpenApiContract(resource("/openapi.json"));

    private final String text;
    private final JsonNode document;
    private final SchemaRegistry schemas;
    private final String basePath;

    public OpenApiContract(String text) {
        this.text = text;
        this.document = JSON.readTree(text);
        this.schemas = SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(),
                builder -> builder.schemas(Map.of(DOCUMENT_IRI, text)));
        this.basePath = document.path("servers").path(0).path("url").asString("");
    }

    /** The document as stored. */
    public String text() {
        return text;
    }

    public JsonNode document() {
        return document;
    }

    /**
     * The routes the document describes, written as template.yaml writes API Gateway's: the full
     * path, and {@code ANY} for a catch-all operation; a route is authorized unless its operation's
     * security is empty.
     */
    public Set<SamTemplate.Route> routes() {
        Set<SamTemplate.Route> routes = new LinkedHashSet<>();
        document.path("paths").properties().forEach(path -> {
            for (String method : METHODS) {
                operationRoute(method.toUpperCase(Locale.ROOT), path.getKey(), path.getValue().get(method)).ifPresent(routes::add);
            }
            operationRoute("ANY", path.getKey(), path.getValue().get(ANY_METHOD)).ifPresent(routes::add);
        });
        return routes;
    }

    private Optional<SamTemplate.Route> operationRoute(String method, String path, JsonNode operation) {
        if (operation == null) {
            return Optional.empty();
        }
        JsonNode security = operation.get("security");
        return Optional.of(new SamTemplate.Route(method, basePath + path, security == null || !security.isEmpty()));
    }

    /**
     * Checks an answer: {@code path} is the request's (a template such as
     * {@code /api/v1/batches/{batchId}} is one too), {@code headers} the answer's, any case.
     *
     * @throws AssertionError saying every way the answer breaks the document
     */
    public void check(String method, String path, int status, Map<String, String> headers, String body) {
        String request = method + " " + path + " answered " + status;
        String pathKey = pathKey(path).orElseThrow(() -> new AssertionError(request + ": the document has no such path"));
        JsonNode pathItem = document.path("paths").get(pathKey);
        String operationKey = pathItem.has(method.toLowerCase(Locale.ROOT)) ? method.toLowerCase(Locale.ROOT) : ANY_METHOD;
        if (!pathItem.has(operationKey)) {
            throw new AssertionError(request + ": the document has no " + method + " on " + pathKey);
        }
        String responsePointer = "/paths/" + escape(pathKey) + "/" + escape(operationKey) + "/responses/" + status;
        JsonNode response = document.at(responsePointer);
        if (response.isMissingNode()) {
            throw new AssertionError(request + ": the document gives " + method + " " + pathKey + " no " + status + " response");
        }
        if (response.has("$ref")) {
            responsePointer = response.get("$ref").asString().substring(1);
            response = document.at(responsePointer);
        }
        Map<String, String> answered = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            answered.putAll(headers);
        }
        List<String> problems = new ArrayList<>();
        checkHeaders(responsePointer, response, answered, problems);
        checkBody(responsePointer, response, answered.get("Content-Type"), body, problems);
        if (!problems.isEmpty()) {
            throw new AssertionError(request + " (" + responsePointer + ") breaks the document: " + String.join("; ", problems)
                    + "\nbody: " + excerpt(body));
        }
    }

    private void checkHeaders(String responsePointer, JsonNode response, Map<String, String> answered, List<String> problems) {
        response.path("headers").properties().forEach(header -> {
            String value = answered.get(header.getKey());
            if (value == null) {
                if (header.getValue().path("required").asBoolean(false)) {
                    problems.add("no " + header.getKey() + " header");
                }
                return;
            }
            String pointer = responsePointer + "/headers/" + escape(header.getKey()) + "/schema";
            validate(pointer, JSON.getNodeFactory().stringNode(value))
                    .forEach(error -> problems.add(header.getKey() + ": " + value + ": " + error.getMessage()));
        });
    }

    private void checkBody(String responsePointer, JsonNode response, String contentType, String body, List<String> problems) {
        JsonNode content = response.get("content");
        if (content == null) {
            if (body != null && !body.isEmpty()) {
                problems.add("a body where the document gives none");
            }
            return;
        }
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!content.has(mediaType)) {
            problems.add("Content-Type " + contentType + " is not one of " + content.propertyNames());
            return;
        }
        JsonNode instance;
        if (!mediaType.endsWith("json")) {
            // A file of the batch page: its text is the instance (a string schema).
            instance = JSON.getNodeFactory().stringNode(body == null ? "" : body);
        } else {
            try {
                instance = JSON.readTree(body == null ? "" : body);
            } catch (RuntimeException e) {
                problems.add("the body is not JSON: " + e.getMessage());
                return;
            }
        }
        validate(responsePointer + "/content/" + escape(mediaType) + "/schema", instance)
                .forEach(error -> problems.add(error.getInstanceLocation() + ": " + error.getMessage()));
    }

    /**
     * Checks a JSON text against one of the document's component schemas (one not tied to a route: a
     * state-change event).
     *
     * @throws AssertionError saying where and how it breaks the schema
     */
    public void checkComponent(String schemaName, String json) {
        List<String> problems = validate("/components/schemas/" + escape(schemaName), JSON.readTree(json)).stream()
                .map(error -> error.getInstanceLocation() + ": " + error.getMessage())
                .toList();
        if (!problems.isEmpty()) {
            throw new AssertionError(schemaName + " is broken by: " + String.join("; ", problems) + "\n" + excerpt(json));
        }
    }

    /** Validates an instance against the schema at a JSON pointer of the document. */
    private List<Error> validate(String schemaPointer, JsonNode instance) {
        Schema schema = schemas.getSchema(SchemaLocation.of(DOCUMENT_IRI + "#" + schemaPointer));
        return schema.validate(instance);
    }

    /** Whether the document has an operation for the method on the path (its own, or the path's catch-all). */
    public boolean describes(String method, String path) {
        return pathKey(path).map(key -> document.path("paths").get(key))
                .filter(item -> item.has(method.toLowerCase(Locale.ROOT)) || item.has(ANY_METHOD)).isPresent();
    }

    /** The document's key of the path a request's path is an instance of, if any. */
    private Optional<String> pathKey(String path) {
        if (path == null || !path.startsWith(basePath)) {
            return Optional.empty();
        }
        String relative = path.substring(basePath.length());
        List<String> keys = new ArrayList<>();
        document.path("paths").propertyNames().forEach(keys::add);
        return keys.stream().filter(key -> key.equals(relative)).findFirst()
                .or(() -> keys.stream().filter(key -> pattern(key).matcher(relative).matches()).findFirst());
    }

    private static Pattern pattern(String pathKey) {
        StringBuilder regex = new StringBuilder();
        int last = 0;
        var parameters = PARAMETER.matcher(pathKey);
        while (parameters.find()) {
            regex.append(Pattern.quote(pathKey.substring(last, parameters.start()))).append("[^/]+");
            last = parameters.end();
        }
        return Pattern.compile(regex.append(Pattern.quote(pathKey.substring(last))).toString());
    }

    /** A JSON pointer token (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    private static String excerpt(String body) {
        return body == null ? "(none)" : body.length() > 500 ? body.substring(0, 500) + "…" : body;
    }

    private static String resource(String name) {
        try (InputStream in = OpenApiContract.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("no resource " + name + " on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
