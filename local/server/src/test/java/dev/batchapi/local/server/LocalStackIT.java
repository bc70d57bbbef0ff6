package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack as a person uses it: the built jar started on its own, driven over HTTP, real
 * Spark jobs, a kill, a restart on the same data directory, SIGTERM while a Spark JVM runs, and no
 * process left behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private static final String DEMO_JAR = Path.of(System.getProperty("demo.jar")).toAbsolutePath().toString();
    private static final Duration SPARK_RUN = Duration.ofSeconds(120);

    @TempDir
    static Path dataDir;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Every process the stacks of this test started, to check that none outlives them. */
    private static final Set<ProcessHandle> started = ConcurrentHashMap.newKeySet();
    private static final List<String> created = new ArrayList<>();
    private static StackProcess stack;
    private static String api;

    @BeforeAll
    static void start() throws Exception {
        startStack();
    }

    @AfterAll
    static void stopAndLeaveNothingBehind() throws Exception {
        stopStack();
        assertThat(started).allSatisfy(process -> assertThat(process.isAlive()).as("pid %d", process.pid()).isFalse());
    }

    @Test
    @Order(1)
    void answersPingAndApiGatewaysErrors() throws Exception {
        assertThat(call("GET", "/ping", null).body()).isEqualTo("pong");
        assertThat(call("GET", "/nowhere", null)).satisfies(response -> {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
        });
        assertThat(call("PUT", "/batches", "{}")).satisfies(response -> {
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(json(response)).isEqualTo(Map.of("message", "Method PUT is not allowed on /api/v1/batches"));
        });
        assertThat(call("GET", "/batches?size=-1", null).statusCode()).isEqualTo(400);
    }

    @Test
    @Order(1)
    void aRequestTheFrontRefusesIsAnsweredInJsonAndLogged() throws Exception {
        int port = URI.create(api).getPort();
        RawHttp.Answer badQuery = RawHttp.send(port, "GET /api/v1/batches?size=%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        RawHttp.Answer badLength = RawHttp.send(port,
                "POST /api/v1/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n{}");

        LocalHttpFrontTest.assertJsonError(badQuery, 400);
        LocalHttpFrontTest.assertJsonError(badLength, 400);
        assertThat(call("GET", "/ping", null).body()).isEqualTo("pong");
        for (String logged : List.of(" http method=GET path=/api/v1/batches status=400 ms=",
                " http method=POST path=/api/v1/batches status=400 ms=")) {
            assertThat(stack.wrote(line -> line.contains(logged), Duration.ofSeconds(10))).as(logged).isTrue();
        }
    }

    @Test
    @Order(2)
    void sparkPiRunsThroughPendingRunningFinishedAndItsLogHasThePi() throws Exception {
        Map<String, Object> submitted = submit("demo.SparkPi", DEMO_JAR, "8");
        String id = (String) submitted.get("id");
        assertThat(submitted).containsEntry("state", "PENDING").containsEntry("user", "alice");

        // The step may start before the first poll: the create's own answer is the PENDING seen.
        List<String> seen = new ArrayList<>(List.of((String) submitted.get("state")));
        Map<String, Object> finished = awaitState(id, "FINISHED", seen);

        assertThat(seen).containsSubsequence("PENDING", "RUNNING", "FINISHED");
        assertThat((String) finished.get("appId")).startsWith("s-");
        assertThat(finished).containsEntry("appState", "FINISHED");
        assertThat(number(finished, "appStartTime")).isPositive();
        assertThat(number(finished, "endTime")).isGreaterThanOrEqualTo(number(finished, "appStartTime"));
        assertThat(logOf(id)).anyMatch(line -> line.matches("Pi is roughly 3\\.1\\d*"));
    }

    @Test
    @Order(3)
    void aKilledSleepIsCanceledAndItsSparkJvmIsGone() throws Exception {
        String id = (String) submit("demo.Sleep", DEMO_JAR, "600").get("id");
        awaitState(id, "RUNNING", new ArrayList<>());
        ProcessHandle sparkJvm = sparkJvmRunning("demo.Sleep");

        Map<String, Object> killed = json(call("DELETE", "/batches/" + id, null));

        assertThat(killed).containsEntry("success", true);
        assertThat(awaitState(id, "CANCELED", new ArrayList<>())).containsEntry("appState", "KILLED");
        assertThat(sparkJvm.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    @Order(4)
    void aMissingResourceEndsInErrorSayingWhy() throws Exception {
        String id = (String) submit("demo.SparkPi", "/nowhere/missing.jar").get("id");

        Map<String, Object> failed = awaitState(id, "ERROR", new ArrayList<>());

        assertThat(failed).containsEntry("appState", "FAILED");
        assertThat((String) failed.get("appDiagnostic")).contains("/nowhere/missing.jar does not exist");
    }

    @Test
    @Order(5)
    void pysparkWithoutASparkDistributionEndsInErrorSayingWhatToDo() throws Exception {
        HttpResponse<String> response = call("POST", "/batches",
                "{\"batchType\":\"PYSPARK\",\"resource\":\"/apps/job.py\"}");
        String id = (String) json(response).get("id");
        created.add(id);

        assertThat((String) awaitState(id, "ERROR", new ArrayList<>()).get("appDiagnostic"))
                .contains("PySpark needs a Spark distribution: start the local stack with SPARK_HOME set");
    }

    @Test
    @Order(6)
    void anUploadedJarRunsAsKyuubisMultipartCreateSendsIt() throws Exception {
        String boundary = "----kyuubi-local-stack-it";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"batchRequest\"\r\n"
                + "Content-Type: application/json\r\n\r\n"
                + "{\"batchType\":\"SPARK\",\"className\":\"demo.SparkPi\",\"args\":[\"2\"]}\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"resourceFile\"; filename=\"demo-apps.jar\"\r\n"
                + "Content-Type: application/java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Files.readAllBytes(Path.of(DEMO_JAR)));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));

        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/batches"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String id = (String) json(response).get("id");
        created.add(id);
        assertThat(awaitState(id, "FINISHED", new ArrayList<>())).containsEntry("user", "anonymous");
        assertThat(logOf(id)).anyMatch(line -> line.startsWith("Pi is roughly"));
        assertThat(dataDir.resolve("uploads").resolve(id).resolve("demo-apps.jar")).exists();
    }

    @Test
    @Order(7)
    void batchesOutliveARestartOnTheSameDataDirectory() throws Exception {
        stopStack();
        startStack();

        Map<String, Object> page = json(call("GET", "/batches?size=100", null));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> batches = (List<Map<String, Object>>) page.get("batches");
        assertThat(batches).extracting(batch -> batch.get("id")).containsExactlyElementsOf(created);
        assertThat(json(call("GET", "/batches/" + created.get(0), null))).containsEntry("state", "FINISHED");
    }

    @Test
    @Order(8)
    void sigtermStopsTheStackAndEverySparkJvmItStarted() throws Exception {
        String id = (String) submit("demo.Sleep", DEMO_JAR, "600").get("id");
        awaitState(id, "RUNNING", new ArrayList<>());
        ProcessHandle sparkJvm = sparkJvmRunning("demo.Sleep");
        List<ProcessHandle> descendants = stack.process().descendants().toList();

        stack.terminate(); // SIGTERM, as kill(1), a service manager or a script sends it

        assertThat(stack.awaitExit(Duration.ofSeconds(60))).as("the stack stopped").isTrue();
        assertThat(stack.process().exitValue()).as("the JVM's exit status after SIGTERM").isEqualTo(128 + 15);
        assertThat(stack.output()).contains("Local stack stopped.");
        assertThat(descendants).contains(sparkJvm).allSatisfy(process ->
                assertThat(process.onExit().get(30, TimeUnit.SECONDS).isAlive()).as("pid %d", process.pid()).isFalse());
    }

    private static void startStack() throws Exception {
        stack = StackProcess.start(Path.of("target", "local-stack-it.log"),
                "--data-dir", dataDir.toString(), "--step-concurrency", "2");
        api = stack.api();
    }

    private static void stopStack() throws Exception {
        stack.stop();
        started.addAll(stack.started());
    }

    private static Map<String, Object> submit(String mainClass, String resource, String... args) throws Exception {
        String body = Json.write(Map.of("batchType", "SPARK", "resource", resource, "className", mainClass,
                "args", List.of(args)));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/batches"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic YWxpY2U6c2VjcmV0") // alice:secret
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, Object> batch = json(response);
        created.add((String) batch.get("id"));
        return batch;
    }

    /** Follows the batch until it reaches {@code state}, noting every state it showed on the way. */
    private static Map<String, Object> awaitState(String id, String state, List<String> seen) throws Exception {
        long deadline = System.nanoTime() + SPARK_RUN.toNanos();
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

    private static ProcessHandle sparkJvmRunning(String mainClass) {
        return stack.process().descendants()
                .filter(process -> process.info().arguments().map(List::of).orElse(List.of()).contains(mainClass))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no Spark JVM runs " + mainClass));
    }

    @SuppressWarnings("unchecked")
    private static List<String> logOf(String id) throws Exception {
        return (List<String>) json(call("GET", "/batches/" + id + "/localLog?from=0&size=10000", null)).get("logRowSet");
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(api + path))
                .header("Authorization", "Basic YWxpY2U6c2VjcmV0")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) {
        return (Map<String, Object>) Json.parse(response.body(), new JsonLimits(32, Integer.MAX_VALUE));
    }

    private static long number(Map<String, Object> batch, String field) {
        return Long.parseLong(batch.get(field).toString());
    }
}
