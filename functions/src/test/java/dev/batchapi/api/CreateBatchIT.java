package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.emr.api.EmrFault;
import dev.batchapi.local.emr.api.EmrOperation;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.cluster.ClusterState;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReason;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReasonCode;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepState;
import dev.batchapi.support.ApiEvents;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.StoreCalls;
import dev.batchapi.support.TestApi;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.emr.model.AddJobFlowStepsRequest;

class CreateBatchIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    /** The SDK's standard retry mode tries a call three times before it gives up. */
    private static final int SDK_ATTEMPTS = 3;
    private static final String DUPLICATED = "kyuubi.batch.duplicated";

    private final TestApi api = new TestApi(aws.context());

    @Test
    void createsAPendingBatchAndSubmitsItAsASparkStep() {
        long before = System.currentTimeMillis();

        ApiResponse response = api.create("alice", """
                {"batchType":"spark","resource":"s3://b/app.jar","className":"org.example.Pi","name":"pi",
                 "conf":{"spark.executor.memory":"2g","spark.executor.instances":2,"spark.dynamicAllocation.enabled":false},
                 "args":["100", 7],"extraResourcesMap":{}}""");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.headers()).containsEntry("Content-Type", "application/json; charset=utf-8");
        Map<String, Object> batch = response.json();
        String id = (String) batch.get("id");
        assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(batch.keySet()).containsExactly("id", "user", "batchType", "name", "appStartTime", "appId",
                "appUrl", "appState", "appDiagnostic", "kyuubiInstance", "state", "createTime", "endTime", "batchInfo");
        assertThat(batch).containsEntry("user", "alice").containsEntry("batchType", "SPARK").containsEntry("name", "pi")
                .containsEntry("state", "PENDING").containsEntry("appState", "PENDING")
                .containsEntry("appDiagnostic", null).containsEntry("kyuubiInstance", null);
        assertThat(batch.get("batchInfo")).isEqualTo(Map.of("batch.resource", "s3://b/app.jar",
                "batch.className", "org.example.Pi", "batch.args", "[\"100\",\"7\"]",
                "batch.conf.spark.dynamicAllocation.enabled", "false", "batch.conf.spark.executor.instances", "2",
                "batch.conf.spark.executor.memory", "2g", "batchapi.cluster", "default", "batchapi.maxAttempts", "1",
                "batchapi.executionTimeoutSeconds", "0", "batchapi.queueTimeoutSeconds", "21600"));
        assertThat(response.number("createTime")).isBetween(before, System.currentTimeMillis());
        assertThat(response.number("endTime")).isZero();
        assertThat(response.number("appStartTime")).isZero();

        Step step = aws.emr().stepNamed(aws.clusterId(), id + " pi").orElseThrow();
        assertThat(batch).containsEntry("appId", step.id());
        assertThat((String) batch.get("appUrl")).contains(aws.clusterId());
        assertThat(step.config().actionOnFailure().name()).isEqualTo("CONTINUE");
        assertThat(step.config().hadoopJarStep().jar()).isEqualTo("command-runner.jar");
        assertThat(step.config().hadoopJarStep().args()).containsExactly("spark-submit", "--deploy-mode", "cluster",
                "--class", "org.example.Pi", "--name", "pi",
                "--conf", "spark.dynamicAllocation.enabled=false",
                "--conf", "spark.executor.instances=2",
                "--conf", "spark.executor.memory=2g",
                "s3://b/app.jar", "100", "7");
        assertThat(api.get("alice", id).json()).isEqualTo(batch);
    }

    @Test
    void submitsPysparkAndFlinkWithTheirOwnCommands() {
        String pyspark = api.create("alice", """
                {"batchType":"PYSPARK","resource":"s3://b/job.py","className":"ignored.Main","args":["a"]}""").string("id");
        String flink = api.create("alice", """
                {"batchType":"FLINK","resource":"s3://b/wc.jar","className":"org.example.WordCount",
                 "conf":{"parallelism.default":"4"}}""").string("id");

        assertThat(argsOf(pyspark)).containsExactly("spark-submit", "--deploy-mode", "cluster", "s3://b/job.py", "a");
        assertThat(argsOf(flink)).containsExactly("flink", "run-application", "-t", "yarn-application",
                "-c", "org.example.WordCount", "-Dparallelism.default=4", "s3://b/wc.jar");
    }

    @Test
    void sparkConfKeysReachSparkSubmitAsKyuubiNamesThem() {
        String id = api.create("alice", """
                {"batchType":"SPARK","resource":"s3://b/app.jar","className":"a.B",
                 "conf":{"kyuubi.client.version":"1.10.2","hadoop.fs.s3a.endpoint":"e","spark.executor.cores":"2",
                         "kyuubi.batch.id":"%s"}}""".formatted(UUID.randomUUID())).string("id");

        assertThat(argsOf(id)).containsExactly("spark-submit", "--deploy-mode", "cluster", "--class", "a.B",
                "--conf", "spark.executor.cores=2",
                "--conf", "spark.hadoop.hadoop.fs.s3a.endpoint=e",
                "--conf", "spark.kyuubi.client.version=1.10.2",
                "s3://b/app.jar");
    }

    @Test
    void aResubmitWithTheSameBatchIdAnswersTheExistingBatchAndSubmitsNothing() {
        String id = UUID.randomUUID().toString().toUpperCase();
        String body = """
                {"batchType":"SPARK","resource":"a.jar","className":"a.B","conf":{"kyuubi.batch.id":"%s"}}""".formatted(id);

        ApiResponse first = api.create("alice", body);
        ApiResponse second = api.create("alice", body);

        assertThat(first.string("id")).isEqualTo(id.toLowerCase());
        assertThat(batchInfo(first)).doesNotContainKey(DUPLICATED);
        assertThat(second.status()).isEqualTo(200);
        assertThat(batchInfo(second)).containsEntry(DUPLICATED, "true").containsAllEntriesOf(batchInfo(first));
        assertThat(second.json()).containsEntry("id", id.toLowerCase()).containsEntry("appId", first.string("appId"));
        assertThat(stepsOf(id.toLowerCase())).hasSize(1);
    }

    @Test
    void eightConcurrentCreatesWithOneBatchIdGiveOneBatchAndOneStep() throws Exception {
        String id = UUID.randomUUID().toString();
        String body = """
                {"batchType":"SPARK","resource":"a.jar","className":"a.B","conf":{"kyuubi.batch.id":"%s"}}""".formatted(id);
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<ApiResponse>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                // a function instance each, as Lambda would run them
                TestApi instance = new TestApi(aws.context());
                Callable<ApiResponse> create = () -> {
                    start.await();
                    return instance.create("alice", body);
                };
                answers.add(pool.submit(create));
            }
            start.countDown();
            List<ApiResponse> responses = new ArrayList<>();
            for (Future<ApiResponse> answer : answers) {
                responses.add(answer.get());
            }

            assertThat(responses).allSatisfy(response -> {
                assertThat(response.status()).isEqualTo(200);
                assertThat(response.string("id")).isEqualTo(id);
            });
            assertThat(responses).filteredOn(r -> !batchInfo(r).containsKey(DUPLICATED)).hasSize(1);
            assertThat(stepsOf(id)).hasSize(1);
            assertThat(aws.tableItems()).filteredOn(item -> item.get("pk").s().equals(id)
                    && item.get("sk").s().equals("BATCH")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aCrashBetweenTheStepAndItsIdLeavesNoDuplicateStep() {
        String id = UUID.randomUUID().toString();
        String body = """
                {"batchType":"SPARK","resource":"a.jar","className":"a.B","conf":{"kyuubi.batch.id":"%s"}}""".formatted(id);
        aws.faults().crashBefore(StoreCalls::recordsAStep);

        ApiResponse crashed = api.create("alice", body);

        assertThat(crashed.status()).isEqualTo(500);
        assertThat(crashed.message()).startsWith("Internal error").doesNotContain("Exception").doesNotContain("dev.batchapi");
        assertThat(stepsOf(id)).hasSize(1);
        ApiResponse stored = api.get("alice", id);
        assertThat(stored.json()).containsEntry("state", "PENDING").containsEntry("appId", null);

        // The client retries with its batch id: it gets the batch, and EMR still has one step.
        ApiResponse retried = api.create("alice", body);
        assertThat(retried.status()).isEqualTo(200);
        assertThat(batchInfo(retried)).containsEntry(DUPLICATED, "true");
        assertThat(stepsOf(id)).hasSize(1);
    }

    @Test
    void aKillThatLandsWhileTheStepIsAddedCancelsTheNewStep() {
        String id = UUID.randomUUID().toString();
        TestApi otherInstance = new TestApi(aws.context());
        aws.faults().interleaveBefore(request -> request instanceof AddJobFlowStepsRequest,
                () -> assertThat(otherInstance.kill("alice", id).json()).containsEntry("success", true));

        ApiResponse created = api.create("alice", """
                {"batchType":"SPARK","resource":"a.jar","className":"a.B","conf":{"kyuubi.batch.id":"%s"}}""".formatted(id));

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json()).containsEntry("state", "CANCELED").containsEntry("appId", null);
        Step step = stepsOf(id).get(0);
        assertThat(step.state()).isIn(StepState.CANCELLED, StepState.CANCEL_PENDING);
        assertThat(api.localLog("alice", id, 0, 20).list("logRowSet").toString())
                .contains("Step " + step.id() + " cancelled: the batch was already CANCELED");
    }

    @Test
    void aRefusedStepEndsTheBatchInErrorWithTheReason() {
        String terminated = aws.emr().createCluster(ClusterSpec.named("gone"));
        aws.emr().terminateCluster(terminated, ClusterState.TERMINATED,
                ClusterStateChangeReason.of(ClusterStateChangeReasonCode.USER_REQUEST, "Terminated by test"));
        TestApi onTerminated = new TestApi(aws.context(Map.of("EMR_CLUSTER_ID", terminated)));

        ApiResponse response = onTerminated.create("alice", """
                {"batchType":"SPARK","resource":"a.jar","className":"a.B"}""");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).containsEntry("state", "ERROR").containsEntry("appId", null);
        assertThat(response.string("appDiagnostic")).isEqualTo("Submission failed: EMR refused the step: "
                + "A job flow that is shutting down, terminated, or finished may not be modified.");
        assertThat(response.number("endTime")).isPositive();
        assertThat(api.localLog("alice", response.string("id"), 0, 10).list("logRowSet").toString())
                .contains("failed: EMR refused the step");
    }

    @Test
    void throttlingBeyondTheSdksRetriesLeavesThePendingBatchForTheSyncToSubmitAgain() {
        aws.emr().failNext(EmrOperation.ADD_JOB_FLOW_STEPS, SDK_ATTEMPTS, EmrFault.throttling());
        long callsBefore = aws.emr().server().callCount("AddJobFlowSteps");

        ApiResponse response = api.create("alice", """
                {"batchType":"SPARK","resource":"a.jar","className":"a.B"}""");

        // EMR did not add the step and would later: the batch is not lost for a throttle.
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).containsEntry("state", "PENDING").containsEntry("appId", null)
                .containsEntry("appDiagnostic", null);
        assertThat(aws.emr().server().callCount("AddJobFlowSteps") - callsBefore).isEqualTo(SDK_ATTEMPTS);
        assertThat(api.localLog("alice", response.string("id"), 0, 10).list("logRowSet").toString())
                .contains("EMR did not confirm the submission");
    }

    @Test
    void anUnansweredSubmitLeavesThePendingBatchForTheSync() {
        aws.emr().failNext(EmrOperation.ADD_JOB_FLOW_STEPS, SDK_ATTEMPTS, EmrFault.internalError());

        ApiResponse response = api.create("alice", """
                {"batchType":"SPARK","resource":"a.jar","className":"a.B"}""");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).containsEntry("state", "PENDING").containsEntry("appId", null);
        assertThat(api.localLog("alice", response.string("id"), 0, 10).list("logRowSet").toString())
                .contains("EMR did not confirm the submission");
    }

    @Test
    void anAdminMaySubmitAsAnotherUserWithEitherProxyKey() {
        ApiResponse kyuubiKey = api.create(LocalAws.ADMIN, """
                {"batchType":"SPARK","resource":"a.jar","className":"a.B","conf":{"kyuubi.session.proxy.user":"bob"}}""");
        ApiResponse hiveKey = api.create(LocalAws.ADMIN, """
                {"batchType":"SPARK","resource":"a.jar","className":"a.B","conf":{"hive.server2.proxy.user":"carol"}}""");

        assertThat(kyuubiKey.json()).containsEntry("user", "bob");
        assertThat(hiveKey.json()).containsEntry("user", "carol");
        assertThat(argsOf(kyuubiKey.string("id"))).noneMatch(arg -> arg.contains("proxy.user"));
    }

    @Test
    void aNonAdminNamingAnotherUserIsForbiddenAndNothingIsStored() {
        assertRefused(() -> api.create("alice", """
                {"batchType":"SPARK","resource":"a.jar","className":"a.B","conf":{"kyuubi.session.proxy.user":"bob"}}"""),
                403, "Failed to validate proxy privilege of alice for bob");
    }

    @Test
    void withAuthenticationOffTheBasicUserSubmitsAndMayNameAProxyUser() {
        TestApi open = new TestApi(aws.context(Map.of("AUTH_MODE", "NONE")));

        ApiResponse asBob = open.createEvent(ApiEvents.request("POST", "/api/v1/batches")
                .json("{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}")
                .withBasicAuth("bob", "whatever").build());
        ApiResponse anonymous = open.createEvent(ApiEvents.request("POST", "/api/v1/batches")
                .json("{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\","
                        + "\"conf\":{\"hive.server2.proxy.user\":\"carol\"}}").build());

        assertThat(asBob.json()).containsEntry("user", "bob");
        assertThat(anonymous.json()).containsEntry("user", "carol");
    }

    @Test
    void everyValidationErrorIsA400NamingTheFieldAndStoresNothing() {
        assertRefused(() -> api.create("alice", "{\"resource\":\"a.jar\",\"className\":\"a.B\"}"),
                400, "batchType is a required parameter");
        assertRefused(() -> api.create("alice", "{\"batchType\":\"HIVE\",\"resource\":\"a.jar\"}"),
                400, "batchType HIVE is not in the supported list: [SPARK, PYSPARK, FLINK]");
        assertRefused(() -> api.create("alice", "{\"batchType\":\"SPARK\",\"className\":\"a.B\"}"),
                400, "resource is a required parameter");
        assertRefused(() -> api.create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\"}"),
                400, "className is a required parameter for SPARK");
        assertRefused(() -> api.create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B --x\"}"),
                400, "className must be a fully qualified Java class name");
        assertRefused(() -> api.create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"--jars\",\"className\":\"a.B\"}"),
                400, "resource must be a path or URI, not start with '-'");
        assertRefused(() -> api.create("alice", """
                {"batchType":"SPARK","resource":"a.jar","className":"a.B","conf":{"--master":"local"}}"""),
                400, "conf key '--master' is not a valid property name");
        assertRefused(() -> api.create("alice", """
                {"batchType":"SPARK","resource":"a.jar","className":"a.B","conf":{"kyuubi.batch.id":"nope"}}"""),
                400, "kyuubi.batch.id=nope must be an UUID");
        assertRefused(() -> api.create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\",\"args\":\"x\"}"),
                400, "args must be a JSON array of strings");
        assertRefused(() -> api.create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\",\"args\":[null]}"),
                400, "args[0] must be a string, number or boolean, not null");
        assertRefused(() -> api.create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\",\"conf\":[]}"),
                400, "conf must be a JSON object of strings");
        assertRefused(() -> api.create("alice", """
                {"batchType":"SPARK","resource":"a.jar","className":"a.B","conf":{"spark.x":{"a":1}}}"""),
                400, "conf value of spark.x must be a string, number or boolean");
        assertRefused(() -> api.create("alice", "{\"batchType\":7,\"resource\":\"a.jar\"}"), 400, "batchType must be a string");
        assertRefused(() -> api.create("alice", "{\"batchType\":\"SPARK\","), 400,
                "Malformed JSON at position 21: unexpected end of input");
        assertRefused(() -> api.create("alice", "[]"), 400, "The request body must be a JSON object");
        assertRefused(() -> api.create("alice", ""), 400, "The request body is required");
        assertRefused(() -> api.create("alice", """
                {"batchType":"SPARK","resource":"a.jar","className":"a.B","args":["%s"]}""".formatted("x".repeat(11_000))),
                400, "EMR accepts at most 10240");
    }

    @Test
    void bodiesOfTheWrongTypeOrSizeAreRefused() {
        String json = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}";
        assertRefused(() -> api.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(json)
                .header("content-type", "text/plain").asIamUser("alice").build()),
                415, "Content-Type text/plain is not supported: send the batch request as application/json or multipart/form-data");
        assertRefused(() -> api.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(json)
                .header("content-type", "multipart/form-data; boundary=x").asIamUser("alice").build()),
                400, "Malformed multipart/form-data body: no part");
        assertRefused(() -> api.createEvent(ApiEvents.request("POST", "/api/v1/batches")
                .json("{\"name\":\"" + "x".repeat(1024 * 1024) + "\"}").asIamUser("alice").build()),
                413, "The request body is larger than 1048576 bytes");
        assertRefused(() -> api.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(json).build()),
                401, "The request carries no verified IAM identity");
    }

    @Test
    void aJsonBodyWithoutAContentTypeIsRefused() {
        assertRefused(() -> api.createEvent(ApiEvents.request("POST", "/api/v1/batches")
                .json("{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}")
                .header("content-type", null).asIamUser("alice").build()),
                415, "The request has no Content-Type: send the batch request as application/json or multipart/form-data");
    }

    /** The call is refused with its status and message, and the table is exactly as before it. */
    private void assertRefused(Supplier<ApiResponse> call, int status, String message) {
        var itemsBefore = aws.tableItems();
        ApiResponse response = call.get();
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.message()).contains(message);
        assertThat(response.json()).containsOnlyKeys("message");
        assertThat(aws.tableItems()).isEqualTo(itemsBefore);
    }

    private static List<Step> stepsOf(String batchId) {
        return aws.emr().steps(aws.clusterId()).stream().filter(step -> step.name().startsWith(batchId)).toList();
    }

    private static List<String> argsOf(String batchId) {
        return stepsOf(batchId).get(0).config().hadoopJarStep().args();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> batchInfo(ApiResponse batch) {
        return (Map<String, String>) batch.json().get("batchInfo");
    }
}
