package dev.batchapi.local.server;

import static dev.batchapi.local.server.StackClient.clusterOf;
import static dev.batchapi.local.server.StackClient.json;
import static dev.batchapi.local.server.StackClient.number;
import static dev.batchapi.local.server.StackClient.recordsStep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.json.Json;
import dev.batchapi.support.OpenApiContract;
import java.io.ByteArrayOutputStream;
import java.net.URI;
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
 * The local stack as a person uses it: the built jar started on its own, driven over HTTP, hostile
 * requests, real Spark and Flink jobs, kills, a restart on the same data directory, SIGTERM while
 * a Spark and a Flink JVM run, and no process left behind.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackIT {

    private static final String DEMO_JAR = Path.of(System.getProperty("demo.jar")).toAbsolutePath().toString();

    @TempDir
    static Path dataDir;
    /** Every process the stacks of this test started, to check that none outlives them. */
    private static final Set<ProcessHandle> started = ConcurrentHashMap.newKeySet();
    private static final List<String> created = new ArrayList<>();
    private static StackProcess stack;
    private static StackClient client;
    /** The etl cluster's id, as the batches that ran on it show it. */
    private static String etlCluster;

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
        assertThat(client.call("GET", "/ping", null).body()).isEqualTo("pong");
        assertThat(client.call("GET", "/nowhere", null)).satisfies(response -> {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(response.body()).isEqualTo("{\"message\":\"Not Found\"}");
        });
        assertThat(client.call("PUT", "/batches", "{}")).satisfies(response -> {
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(json(response)).isEqualTo(Map.of("message", "Method PUT is not allowed on /api/v1/batches"));
        });
        assertThat(client.call("GET", "/batches?size=-1", null).statusCode()).isEqualTo(400);
    }

    @Test
    @Order(1)
    void servesTheOpenApiDocumentAsTheJarHoldsIt() throws Exception {
        HttpResponse<String> document = client.call("GET", "/openapi.json", null);

        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(document.body()).isEqualTo(OpenApiContract.DOCUMENT.text());
        // Only GET: another method is API Gateway's 404, as on AWS (the path has no catch-all route).
        assertThat(client.call("POST", "/openapi.json", "{}").statusCode()).isEqualTo(404);
    }

    @Test
    @Order(1)
    void servesTheBatchPageAndItsFilesWithTheirPolicyAndNoOtherFile() throws Exception {
        HttpResponse<String> page = client.call("GET", "/ui", null);
        HttpResponse<String> script = client.call("GET", "/ui/app.js", null);
        HttpResponse<String> style = client.call("GET", "/ui/app.css", null);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(policy ->
                assertThat(policy).startsWith("default-src 'none'; script-src 'self'").doesNotContain("unsafe-"));
        assertThat(page.body()).contains("<script src=\"ui/app.js\" defer></script>");
        assertThat(script.headers().firstValue("Content-Type")).contains("text/javascript; charset=utf-8");
        assertThat(style.headers().firstValue("Content-Type")).contains("text/css; charset=utf-8");
        assertThat(client.call("GET", "/ui/secrets.txt", null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(1)
    void aRequestTheFrontRefusesIsAnsweredInJsonAndLogged() throws Exception {
        int port = URI.create(stack.api()).getPort();
        RawHttp.Answer badQuery = RawHttp.send(port, "GET /api/v1/batches?size=%ZZ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        RawHttp.Answer badLength = RawHttp.send(port,
                "POST /api/v1/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n{}");

        LocalHttpFrontTest.assertJsonError(badQuery, 400);
        LocalHttpFrontTest.assertJsonError(badLength, 400);
        assertThat(client.call("GET", "/ping", null).body()).isEqualTo("pong");
        for (String logged : List.of(" http method=GET path=/api/v1/batches status=400 ms=",
                " http method=POST path=/api/v1/batches status=400 ms=")) {
            assertThat(stack.wrote(line -> line.contains(logged), Duration.ofSeconds(10))).as(logged).isTrue();
        }
    }

    /**
     * A page of another site must not make this machine run a jar: not by a cross-site POST (the
     * functions see its Origin through the front and refuse it), not by DNS rebinding (the front
     * refuses a Host that is not this machine's).
     */
    @Test
    @Order(1)
    void aForeignPageCanNeitherCreateNorDeleteNorReachTheStackUnderItsOwnHostName() throws Exception {
        List<Object> listedBefore = listedIds();
        URI api = URI.create(stack.api());
        String body = "{\"batchType\":\"SPARK\",\"resource\":\"" + DEMO_JAR + "\",\"className\":\"demo.SparkPi\"}";

        HttpResponse<String> forged = client.send(HttpRequest.newBuilder(URI.create(stack.api() + "/batches"))
                .header("Content-Type", "text/plain").header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        HttpResponse<String> noOrigin = client.send(HttpRequest.newBuilder(URI.create(stack.api() + "/batches"))
                .header("Content-Type", "application/json").header("Sec-Fetch-Site", "cross-site")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        HttpResponse<String> ownPage = client.send(HttpRequest.newBuilder(URI.create(stack.api() + "/batches/"
                        + "00000000-0000-4000-8000-000000000000"))
                .header("Origin", "http://" + api.getAuthority()).DELETE().build());
        RawHttp.Answer rebound = RawHttp.send(api.getPort(), "POST /api/v1/batches HTTP/1.1\r\nHost: evil.example:" + api.getPort()
                + "\r\nOrigin: http://evil.example:" + api.getPort() + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body);

        assertThat(message(forged, 403)).startsWith("Refused a request whose Origin header names another site");
        assertThat(message(noOrigin, 403)).startsWith("Refused a cross-site request (Sec-Fetch-Site: cross-site)");
        assertThat(ownPage.statusCode()).as("past the cross-site check, to the batch lookup: " + ownPage.body()).isEqualTo(404);
        LocalHttpFrontTest.assertJsonError(rebound, 421);
        assertThat(listedIds()).as("no batch made").isEqualTo(listedBefore);
    }

    /**
     * Bodies a hostile or broken client sends, through the front to the real create function: each
     * a 400 in JSON saying what is wrong, a method the path does not take a 405 saying in Allow what
     * it does take, and no batch made by any of them.
     */
    @Test
    @Order(1)
    void hostileCreatesReachTheFunctionsThroughTheFrontAndAreRefusedSayingWhy() throws Exception {
        List<Object> listedBefore = listedIds();
        byte[] emptyPart = "--B\r\nContent-Disposition: form-data; name=\"batchRequest\"\r\n\r\n--B--\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream notUtf8 = new ByteArrayOutputStream();
        notUtf8.writeBytes("{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\",\"name\":\""
                .getBytes(StandardCharsets.US_ASCII));
        notUtf8.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xFE, 'f', 'z', '"', '}'});

        HttpResponse<String> multipart = post("multipart/form-data; boundary=B", emptyPart);
        HttpResponse<String> latin1 = post("application/json", notUtf8.toByteArray());
        HttpResponse<String> nextLine = client.call("POST", "/batches",
                "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\\u0085\"}");
        HttpResponse<String> put = client.call("PUT", "/batches", "{}");
        // The local stack runs this machine's files but keeps the policy's internet and kerberos rules.
        HttpResponse<String> packages = client.call("POST", "/batches", "{\"batchType\":\"SPARK\",\"resource\":\""
                + DEMO_JAR + "\",\"className\":\"demo.SparkPi\",\"conf\":{\"spark.jars.packages\":\"org.example:lib:1.0\"}}");

        assertThat(message(multipart, 400)).startsWith("Malformed multipart/form-data body");
        assertThat(message(latin1, 400)).isEqualTo("The request body is not valid UTF-8");
        assertThat(message(nextLine, 400)).startsWith("className contains a control character");
        assertThat(message(put, 405)).isEqualTo("Method PUT is not allowed on /api/v1/batches");
        assertThat(message(packages, 400)).isEqualTo("conf spark.jars.packages is not allowed: rule internet (fetches from"
                + " the internet); an admin can relax it with RELAXED_POLICY_RULES=internet");
        assertThat(put.headers().allValues("Allow")).containsExactly("GET, POST");
        assertThat(listedIds()).as("no batch made").isEqualTo(listedBefore);
    }

    @Test
    @Order(2)
    void sparkPiRunsThroughPendingRunningFinishedAndItsLogHasThePi() throws Exception {
        Map<String, Object> submitted = submit("demo.SparkPi", DEMO_JAR, "8");
        String id = (String) submitted.get("id");
        assertThat(submitted).containsEntry("state", "PENDING").containsEntry("user", "alice");

        // The step may start before the first poll: the create's own answer is the PENDING seen.
        List<String> seen = new ArrayList<>(List.of((String) submitted.get("state")));
        Map<String, Object> finished = client.awaitState(id, "FINISHED", seen);

        assertThat(seen).containsSubsequence("PENDING", "RUNNING", "FINISHED");
        assertThat((String) finished.get("appId")).startsWith("s-");
        assertThat(finished).containsEntry("appState", "FINISHED");
        assertThat(number(finished, "appStartTime")).isPositive();
        assertThat(number(finished, "endTime")).isGreaterThanOrEqualTo(number(finished, "appStartTime"));
        assertThat(client.logOf(id)).anyMatch(line -> line.matches("Pi is roughly 3\\.1\\d*"));
        assertThat(StackClient.awaitEventStates(dataDir, id, 3)).containsExactly("PENDING", "RUNNING", "FINISHED");
        assertThat(Files.readString(Path.of("target", "local-stack-it.log")))
                .contains("event detailType=Batch State Change batchId=" + id + " user=alice from=RUNNING state=FINISHED");
    }

    @Test
    @Order(3)
    void aKilledSleepIsCanceledAndItsSparkJvmIsGone() throws Exception {
        String id = (String) submit("demo.Sleep", DEMO_JAR, "600").get("id");
        client.awaitState(id, "RUNNING", new ArrayList<>());
        ProcessHandle sparkJvm = stack.stepJvmRunning("demo.Sleep");

        Map<String, Object> killed = json(client.call("DELETE", "/batches/" + id, null));

        assertThat(killed).containsEntry("success", true);
        assertThat(client.awaitState(id, "CANCELED", new ArrayList<>())).containsEntry("appState", "KILLED");
        assertThat(sparkJvm.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    @Order(4)
    void aBatchNamingTheEtlClusterRunsThereAndAnUnknownLabelIsRefused() throws Exception {
        String id = submitPiOn("etl");

        Map<String, Object> finished = client.awaitState(id, "FINISHED", new ArrayList<>());

        // appUrl is <logUri><cluster>/steps/<step>/: the step ran on a cluster other than the default one's.
        String etl = clusterOf(finished);
        etlCluster = etl;
        assertThat(etl).isNotEqualTo(clusterOf(json(client.call("GET", "/batches/" + created.get(0), null))));
        assertThat(client.logOf(id)).anyMatch(line -> recordsStep(line, finished.get("appId"), etl))
                .anyMatch(line -> line.matches("Pi is roughly 3\\.1\\d*"));
        String refused = message(client.call("POST", "/batches", piOn("etl2")), 400);
        assertThat(refused).isEqualTo("batchapi.cluster etl2 is not a cluster of this deployment: it has default, etl");
        assertThat(listedIds()).hasSameElementsAs(created);
    }

    @Test
    @Order(4)
    void aMissingResourceEndsInErrorSayingWhy() throws Exception {
        String id = (String) submit("demo.SparkPi", "/nowhere/missing.jar").get("id");

        Map<String, Object> failed = client.awaitState(id, "ERROR", new ArrayList<>());

        assertThat(failed).containsEntry("appState", "FAILED");
        assertThat((String) failed.get("appDiagnostic")).contains("/nowhere/missing.jar does not exist");
    }

    @Test
    @Order(5)
    void pysparkWithoutASparkDistributionEndsInErrorSayingWhatToDo() throws Exception {
        HttpResponse<String> response = client.call("POST", "/batches",
                "{\"batchType\":\"PYSPARK\",\"resource\":\"/apps/job.py\"}");
        String id = (String) json(response).get("id");
        created.add(id);

        assertThat((String) client.awaitState(id, "ERROR", new ArrayList<>()).get("appDiagnostic"))
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

        HttpResponse<String> response = post("multipart/form-data; boundary=" + boundary, body.toByteArray());

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String id = (String) json(response).get("id");
        created.add(id);
        assertThat(client.awaitState(id, "FINISHED", new ArrayList<>())).containsEntry("user", "anonymous");
        assertThat(client.logOf(id)).anyMatch(line -> line.startsWith("Pi is roughly"));
        assertThat(dataDir.resolve("uploads").resolve("anonymous").resolve(id).resolve("demo-apps.jar")).exists();
    }

    @Test
    @Order(7)
    void flinkSumRunsOnAMiniClusterToFinishedAndItsLogHasTheSum() throws Exception {
        long submittedAt = System.nanoTime();
        Map<String, Object> submitted = submitBatch("FLINK", "demo.FlinkSum", DEMO_JAR, "1000");
        String id = (String) submitted.get("id");

        List<String> seen = new ArrayList<>(List.of((String) submitted.get("state")));
        Map<String, Object> finished = client.awaitState(id, "FINISHED", seen);

        System.out.printf("FLINK demo.FlinkSum 1000: submit to FINISHED in %d ms%n",
                Duration.ofNanos(System.nanoTime() - submittedAt).toMillis());
        assertThat(seen).containsSubsequence("PENDING", "RUNNING", "FINISHED");
        assertThat(finished).containsEntry("batchType", "FLINK").containsEntry("appState", "FINISHED");
        assertThat(client.logOf(id)).contains("Sum of 1..1000 is 500500");
    }

    @Test
    @Order(8)
    void aKilledFlinkJobIsCanceledAndItsFlinkJvmIsGone() throws Exception {
        String id = (String) submitBatch("FLINK", "demo.FlinkSleep", DEMO_JAR, "600").get("id");
        client.awaitState(id, "RUNNING", new ArrayList<>());
        ProcessHandle flinkJvm = stack.stepJvmRunning("demo.FlinkSleep");

        Map<String, Object> killed = json(client.call("DELETE", "/batches/" + id, null));

        assertThat(killed).containsEntry("success", true);
        assertThat(client.awaitState(id, "CANCELED", new ArrayList<>())).containsEntry("appState", "KILLED");
        assertThat(flinkJvm.onExit().get(30, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    @Order(9)
    void aFlinkJobWhoseClassIsMissingEndsInErrorSayingSo() throws Exception {
        String id = (String) submitBatch("FLINK", "demo.NoSuchJob", DEMO_JAR).get("id");

        Map<String, Object> failed = client.awaitState(id, "ERROR", new ArrayList<>());

        assertThat(failed).containsEntry("appState", "FAILED");
        assertThat((String) failed.get("appDiagnostic"))
                .contains("The program's entry point class 'demo.NoSuchJob' was not found in the jar file.");
    }

    @Test
    @Order(10)
    void batchesOutliveARestartOnTheSameDataDirectory() throws Exception {
        stopStack();
        startStack();

        Map<String, Object> page = json(client.call("GET", "/batches?size=100", null));

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> batches = (List<Map<String, Object>>) page.get("batches");
        assertThat(batches).extracting(batch -> batch.get("id")).containsExactlyElementsOf(created);
        assertThat(json(client.call("GET", "/batches/" + created.get(0), null))).containsEntry("state", "FINISHED");
        // The etl cluster is found again by its name: a new batch naming it runs where the first one ran.
        assertThat(clusterOf(client.awaitState(submitPiOn("etl"), "FINISHED", new ArrayList<>()))).isEqualTo(etlCluster);
    }

    @Test
    @Order(11)
    void sigtermStopsTheStackAndEverySparkAndFlinkJvmItStarted() throws Exception {
        String sparkSleep = (String) submit("demo.Sleep", DEMO_JAR, "600").get("id");
        String flinkSleep = (String) submitBatch("FLINK", "demo.FlinkSleep", DEMO_JAR, "600").get("id");
        client.awaitState(sparkSleep, "RUNNING", new ArrayList<>());
        client.awaitState(flinkSleep, "RUNNING", new ArrayList<>());
        List<ProcessHandle> stepJvms = List.of(stack.stepJvmRunning("demo.Sleep"), stack.stepJvmRunning("demo.FlinkSleep"));
        List<ProcessHandle> descendants = stack.process().descendants().toList();

        stack.terminate(); // SIGTERM, as kill(1), a service manager or a script sends it

        assertThat(stack.awaitExit(Duration.ofSeconds(60))).as("the stack stopped").isTrue();
        assertThat(stack.process().exitValue()).as("the JVM's exit status after SIGTERM").isEqualTo(128 + 15);
        assertThat(stack.output()).contains("Local stack stopped.");
        assertThat(descendants).containsAll(stepJvms).allSatisfy(process ->
                assertThat(process.onExit().get(30, TimeUnit.SECONDS).isAlive()).as("pid %d", process.pid()).isFalse());
    }

    private static HttpResponse<String> post(String contentType, byte[] body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(stack.api() + "/batches"))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build());
    }

    /** The message of an error answer, which must have this status and be JSON. */
    private static String message(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(response.body()).hasValueSatisfying(type ->
                assertThat(type).startsWith("application/json"));
        return (String) json(response).get("message");
    }

    /** Creates a SparkPi batch that names the cluster; the answer must be 200. */
    private static String submitPiOn(String cluster) throws Exception {
        HttpResponse<String> response = client.call("POST", "/batches", piOn(cluster));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        String id = (String) json(response).get("id");
        created.add(id);
        return id;
    }

    private static String piOn(String cluster) {
        return Json.write(Map.of("batchType", "SPARK", "resource", DEMO_JAR, "className", "demo.SparkPi",
                "args", List.of("2"), "conf", Map.of("batchapi.cluster", cluster)));
    }

    private static List<Object> listedIds() throws Exception {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> batches = (List<Map<String, Object>>) json(client.call("GET", "/batches?size=100", null))
                .get("batches");
        return batches.stream().map(batch -> batch.get("id")).toList();
    }

    private static void startStack() throws Exception {
        stack = StackProcess.start(Path.of("target", "local-stack-it.log"),
                "--data-dir", dataDir.toString(), "--step-concurrency", "2", "--clusters", "etl");
        client = new StackClient(stack.api());
    }

    private static void stopStack() throws Exception {
        stack.stop();
        started.addAll(stack.started());
    }

    private static Map<String, Object> submit(String mainClass, String resource, String... args) throws Exception {
        return submitBatch("SPARK", mainClass, resource, args);
    }

    private static Map<String, Object> submitBatch(String batchType, String mainClass, String resource, String... args)
            throws Exception {
        Map<String, Object> batch = client.submitBatch(batchType, mainClass, resource, args);
        created.add((String) batch.get("id"));
        return batch;
    }
}
