package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.support.OpenApiContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The batch API of a running local stack, as one user (alice unless told) calls it over HTTP with
 * authentication off: the Basic user name is taken as given, as the README tells (curl -u alice:x).
 */
final class StackClient {

    /** How long a batch may take to reach a state: Spark and Flink JVMs start slowly on 2 busy cores. */
    static final Duration JOB_RUN = Duration.ofSeconds(120);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PING = "/api/v1/ping";

    private final String api;
    private final String authorization;

    /** @param api the stack's base URL, {@code http://127.0.0.1:<port>/api/v1} */
    StackClient(String api) {
        this(api, "alice");
    }

    StackClient(String api, String user) {
        this.api = api;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":secret").getBytes(StandardCharsets.UTF_8));
    }

    /** Creates a SPARK batch of {@code mainClass} in {@code resource}; the answer must be 200. */
    Map<String, Object> submit(String mainClass, String resource, String... args) throws Exception {
        return submitBatch("SPARK", mainClass, resource, args);
    }

    /** Creates a batch of {@code batchType} (SPARK, FLINK) of {@code mainClass} in {@code resource}; the answer must be 200. */
    Map<String, Object> submitBatch(String batchType, String mainClass, String resource, String... args) throws Exception {
        return submitBatch(batchType, mainClass, resource, Map.of(), args);
    }

    /** Creates a batch with {@code conf}; the answer must be 200. */
    Map<String, Object> submitBatch(String batchType, String mainClass, String resource, Map<String, String> conf,
            String... args) throws Exception {
        String body = Json.write(Map.of("batchType", batchType, "resource", resource, "className", mainClass,
                "conf", conf, "args", List.of(args)));
        HttpResponse<String> response = call("POST", "/batches", body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json(response);
    }

    /** Follows the batch until it reaches {@code state}, noting every state it showed on the way. */
    Map<String, Object> awaitState(String id, String state, List<String> seen) throws Exception {
        long deadline = System.nanoTime() + JOB_RUN.toNanos();
        while (true) {
            Map<String, Object> batch = json(call("GET", "/batches/" + id, null));
            String now = (String) batch.get("state");
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(now)) {
                seen.add(now);
            }
            if (now.equals(state)) {
                return batch;
            }
            assertThat(System.nanoTime()).as("batch %s reached %s, still %s", id, state, batch).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @SuppressWarnings("unchecked")
    List<String> logOf(String id) throws Exception {
        return (List<String>) json(call("GET", "/batches/" + id + "/localLog?from=0&size=10000", null)).get("logRowSet");
    }

    HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", authorization)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return checked(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    HttpResponse<String> send(HttpRequest request) throws Exception {
        return checked(HTTP.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    /**
     * The answer, which must be one the OpenAPI document describes for the request's method and path;
     * a route the document does not have must be API Gateway's 404 (the front's), but for the local
     * stack's own {@code /api/v1/ping}, which Kyuubi's REST frontend answers too.
     */
    static HttpResponse<String> checked(HttpResponse<String> response) {
        String path = response.request().uri().getRawPath();
        if (OpenApiContract.DOCUMENT.describes(response.request().method(), path)) {
            Map<String, String> headers = new HashMap<>();
            response.headers().map().forEach((name, values) -> headers.put(name, String.join(", ", values)));
            OpenApiContract.DOCUMENT.check(response.request().method(), path, response.statusCode(), headers, response.body());
        } else if (!path.equals(PING)) {
            assertThat(response.statusCode()).as("%s %s, a route the API does not have: %s", response.request().method(), path,
                    response.body()).isEqualTo(404);
        }
        return response;
    }

    /**
     * The states of a batch's events in the events file of the stack's data directory, each change once
     * (by its changeId: delivery is at least once), once there are {@code count} (or after 30 s).
     */
    @SuppressWarnings("unchecked")
    static List<String> awaitEventStates(Path dataDir, String batchId, int count) throws Exception {
        Path events = dataDir.resolve(LocalStateChangeEvents.EVENTS_FILE);
        List<String> states = List.of();
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); System.nanoTime() < deadline; ) {
            Map<String, String> byChange = new LinkedHashMap<>();
            if (Files.exists(events)) {
                for (String line : Files.readAllLines(events)) {
                    Map<String, Object> detail = (Map<String, Object>) ((Map<String, Object>) Json.parse(line,
                            new JsonLimits(32, Integer.MAX_VALUE))).get("detail");
                    Map<String, Object> batch = (Map<String, Object>) detail.get("batch");
                    if (batchId.equals(batch.get("id"))) {
                        byChange.putIfAbsent((String) detail.get("changeId"), (String) batch.get("state"));
                    }
                }
            }
            states = List.copyOf(byChange.values());
            if (states.size() >= count) {
                break;
            }
            Thread.sleep(100);
        }
        return states;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(HttpResponse<String> response) {
        return (Map<String, Object>) Json.parse(response.body(), new JsonLimits(32, Integer.MAX_VALUE));
    }

    /** The EMR cluster a batch's step runs on, as its appUrl (the step's log folder) names it. */
    /**
     * Whether a batch log line records its step on a cluster: the create writes it once EMR took the
     * step, unless the step's first event, which may come first on this machine, recorded it already.
     */
    static boolean recordsStep(String line, Object stepId, String clusterId) {
        return line.endsWith("Submitted as step " + stepId + " on EMR cluster " + clusterId)
                || line.endsWith("Found step " + stepId + " on EMR cluster " + clusterId);
    }

    static String clusterOf(Map<String, Object> batch) {
        Matcher url = Pattern.compile(".*/(j-[0-9A-Z]+)/steps/" + batch.get("appId") + "/$").matcher((String) batch.get("appUrl"));
        assertThat(url.matches()).as((String) batch.get("appUrl")).isTrue();
        return url.group(1);
    }

    static long number(Map<String, Object> batch, String field) {
        return Long.parseLong(batch.get(field).toString());
    }
}
