package dev.batchapi.api;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The API's paths that answer 405 to other methods, and the methods each serves: template.yaml's routes
 * of the paths with a catch-all route (a test holds the two equal), so that a 405 can say in its Allow
 * header what the path does serve.
 */
enum ApiPath {
    BATCHES("/api/v1/batches", "GET", "POST"),
    BATCH("/api/v1/batches/{batchId}", "GET", "DELETE"),
    BATCH_LOCAL_LOG("/api/v1/batches/{batchId}/localLog", "GET");

    private final String template;
    private final List<String> methods;
    private final Pattern pattern;

    ApiPath(String template, String... methods) {
        this.template = template;
        this.methods = List.of(methods);
        this.pattern = Pattern.compile(template.replaceAll("\\{\\w+}", "[^/]+"));
    }

    String template() {
        return template;
    }

    List<String> methods() {
        return methods;
    }

    /** The path a request's path is an instance of; empty if the API has no such path. */
    static Optional<ApiPath> of(String path) {
        return Arrays.stream(values()).filter(apiPath -> path != null && apiPath.pattern.matcher(path).matches()).findFirst();
    }
}
