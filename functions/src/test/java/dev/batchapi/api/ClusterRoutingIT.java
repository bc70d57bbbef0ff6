package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.json.Json;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepState;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.StoreCalls;
import dev.batchapi.support.TestApi;
import dev.batchapi.sync.EventHandler;
import dev.batchapi.sync.StepStatusChangeHandler;
import dev.batchapi.sync.SyncBatchStatesHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * {@code batchapi.cluster} through the real functions, on a deployment of three emulated clusters:
 * the default one, {@code etl} (whose step logs go to a LogUri of its own) and {@code adhoc}. Each
 * batch is created, followed, killed and read on the cluster it chose.
 */
class ClusterRoutingIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final String SPARK = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"";

    // Ten steps run at once on each, so a step is RUNNING as soon as it is added.
    private final String main = aws.emr().createCluster(ClusterSpec.named("main").withStepConcurrencyLevel(10)
            .withLogUri("s3://" + LocalAws.LOG_BUCKET + "/logs/"));
    private final String etl = aws.emr().createCluster(ClusterSpec.named("etl").withStepConcurrencyLevel(10)
            .withLogUri("s3://" + LocalAws.LOG_BUCKET + "/etl-logs/"));
    private final String adhoc = aws.emr().createCluster(ClusterSpec.named("adhoc").withStepConcurrencyLevel(10));
    private final AppContext context = aws.context(Map.of(Config.CLUSTER_ID, main,
            Config.EXTRA_CLUSTER_LABELS, "etl,adhoc", Config.EXTRA_CLUSTER_IDS, etl + "," + adhoc));
    private final TestApi api = new TestApi(context);

    @Test
    void aBatchNamingAClusterRunsThereWithoutTheSettingReachingSpark() {
        ApiResponse created = api.create("alice", SPARK + ",\"conf\":{\"batchapi.cluster\":\"etl\","
                + "\"spark.executor.memory\":\"2g\"}}");

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String id = created.string("id");
        Step step = stepOf(etl, id).orElseThrow();
        assertThat(created.json()).containsEntry("appId", step.id()).containsEntry("state", "PENDING");
        assertThat(created.string("appUrl")).contains(etl);
        assertThat(step.config().hadoopJarStep().args()).containsSubsequence("--conf", "spark.executor.memory=2g")
                .noneMatch(arg -> arg.contains("batchapi"));
        assertThat(stepOf(main, id)).isEmpty();
        assertThat(stepOf(adhoc, id)).isEmpty();
        assertThat(logOf(id)).anyMatch(line -> line.endsWith("Submitted as step " + step.id() + " on EMR cluster " + etl));
    }

    @Test
    void withoutTheSettingOrNamingTheDefaultABatchRunsOnTheDefaultCluster() {
        String unnamed = api.create("alice", SPARK + "}").string("id");
        String named = api.create("alice", SPARK + ",\"conf\":{\"batchapi.cluster\":\"default\"}}").string("id");

        for (String id : List.of(unnamed, named)) {
            assertThat(stepOf(main, id)).isPresent();
            assertThat(stepOf(etl, id)).isEmpty();
            assertThat(api.get("alice", id).string("appUrl")).contains(main);
        }
    }

    @Test
    void anUnknownClusterIsA400ListingTheLabelsAndNothingIsStoredOrSubmitted() {
        assertRefused(SPARK + ",\"conf\":{\"batchapi.cluster\":\"etl2\"}}",
                "batchapi.cluster etl2 is not a cluster of this deployment: it has default, etl, adhoc");
        // The label is echoed as every echo of the request is: bounded.
        assertRefused(SPARK + ",\"conf\":{\"batchapi.cluster\":\"" + "x".repeat(100) + "\"}}",
                "batchapi.cluster " + "x".repeat(64) + "… is not a cluster of this deployment: it has default, etl, adhoc");
    }

    @Test
    void aSchedulingSettingOutsideItsRuleIsA400NamingTheKeyAndTheRuleAndStoresNothing() {
        assertRefused(SPARK + ",\"conf\":{\"batchapi.maxAttempts\":\"0\"}}",
                "conf batchapi.maxAttempts=0 is not valid: it must be a whole number from 1 to 10");
        assertRefused(SPARK + ",\"conf\":{\"batchapi.maxAttempts\":11}}",
                "conf batchapi.maxAttempts=11 is not valid: it must be a whole number from 1 to 10");
        assertRefused(SPARK + ",\"conf\":{\"batchapi.executionTimeoutSeconds\":\"1h\"}}",
                "conf batchapi.executionTimeoutSeconds=1h is not valid: it must be a whole number from 0 to 31536000"
                        + " (0: no limit)");
        assertRefused(SPARK + ",\"conf\":{\"batchapi.queueTimeoutSeconds\":-5}}",
                "conf batchapi.queueTimeoutSeconds=-5 is not valid: it must be a whole number from 0 to 31536000"
                        + " (0: no limit)");
        // Echoed as every echo of the request is: bounded.
        assertRefused(SPARK + ",\"conf\":{\"batchapi.queueTimeoutSeconds\":\"" + "9".repeat(100) + "\"}}",
                "conf batchapi.queueTimeoutSeconds=" + "9".repeat(64) + "… is not valid: it must be a whole number"
                        + " from 0 to 31536000 (0: no limit)");
    }

    @Test
    void anUnknownBatchapiKeyIsA400NamingItAndTheKnownSettings() {
        assertRefused(SPARK + ",\"conf\":{\"batchapi.maxattempts\":\"2\"}}",
                "conf batchapi.maxattempts is not a setting of this API: the batchapi.* settings are batchapi.cluster,"
                        + " batchapi.maxAttempts, batchapi.executionTimeoutSeconds, batchapi.queueTimeoutSeconds");
    }

    @Test
    void theSubmissionPolicysConfKeyRulesDoNotCoverTheApisSettings() {
        TestApi strict = new TestApi(aws.context(Map.of(Config.CLUSTER_ID, main,
                Config.EXTRA_CLUSTER_LABELS, "etl", Config.EXTRA_CLUSTER_IDS, etl,
                Config.ALLOWED_CONF_KEYS, "spark.executor.*", Config.DENIED_CONF_KEYS, "batchapi.*")));

        ApiResponse created = strict.create("alice", SPARK + ",\"conf\":{\"batchapi.cluster\":\"etl\"}}");

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(stepOf(etl, created.string("id"))).isPresent();
    }

    @Test
    void aKillStopsTheStepOnTheBatchsCluster() {
        String id = onEtl();
        Step step = stepOf(etl, id).orElseThrow();

        ApiResponse killed = api.kill("alice", id);

        assertThat(killed.status()).isEqualTo(200);
        assertThat(killed.json()).containsEntry("success", true);
        assertThat(aws.emr().step(etl, step.id()).state()).isIn(StepState.CANCEL_PENDING, StepState.CANCELLED);
    }

    @Test
    void aBatchWhoseStepIdWasNeverRecordedIsFoundByNameOnItsCluster() {
        String id = createCrashingBeforeItsStepIsRecorded("etl");
        Step step = stepOf(etl, id).orElseThrow();

        ApiResponse killed = api.kill("alice", id);

        assertThat(killed.json()).containsEntry("success", true);
        assertThat(aws.emr().step(etl, step.id()).state()).isIn(StepState.CANCEL_PENDING, StepState.CANCELLED);
        assertThat(api.get("alice", id).json()).containsEntry("appId", step.id());
    }

    @Test
    void theSyncFindsAStepWhoseIdWasNeverRecordedOnTheBatchsCluster() {
        String id = createCrashingBeforeItsStepIsRecorded("adhoc");
        Step step = stepOf(adhoc, id).orElseThrow();
        assertThat(api.get("alice", id).json()).containsEntry("appId", null);

        runSchedule();

        assertThat(api.get("alice", id).json()).containsEntry("appId", step.id()).containsEntry("state", "RUNNING");
    }

    @Test
    void theScheduledSyncFollowsTheBatchesOfEveryCluster() {
        String onMain = api.create("alice", SPARK + "}").string("id");
        String onEtl = onEtl();
        String onAdhoc = api.create("alice", SPARK + ",\"conf\":{\"batchapi.cluster\":\"adhoc\"}}").string("id");
        aws.steps().completeStep(main, stepOf(main, onMain).orElseThrow().id());
        aws.steps().completeStep(etl, stepOf(etl, onEtl).orElseThrow().id());

        runSchedule();

        assertThat(api.get("alice", onMain).json()).containsEntry("state", "FINISHED");
        assertThat(api.get("alice", onEtl).json()).containsEntry("state", "FINISHED");
        assertThat(api.get("alice", onAdhoc).json()).containsEntry("state", "RUNNING");
    }

    @Test
    void aStepEventOfAnotherClusterBringsItsBatchUpToDate() {
        String id = onEtl();
        Step step = stepOf(etl, id).orElseThrow();
        aws.steps().completeStep(etl, step.id());

        handle(new StepStatusChangeHandler(context), Json.write(Map.of("detail-type", "EMR Step Status Change",
                "source", "aws.emr", "detail", Map.of("clusterId", etl, "stepId", step.id(), "name", step.name(),
                        "state", "COMPLETED"))));

        assertThat(api.get("alice", id).json()).containsEntry("state", "FINISHED");
    }

    @Test
    void theLocalLogReadsTheStepOutputWhereTheBatchsClusterPutsIt() {
        String id = onEtl();
        Step step = stepOf(etl, id).orElseThrow();
        aws.s3().putObject(request -> request.bucket(LocalAws.LOG_BUCKET)
                .key("etl-logs/" + etl + "/steps/" + step.id() + "/stdout"), RequestBody.fromString("rows loaded\n"));

        assertThat(logOf(id)).endsWith("==> stdout of step " + step.id() + " <==", "rows loaded");
    }

    /** A create on the cluster whose function dies after EMR took the step, before the step id is stored. */
    private String createCrashingBeforeItsStepIsRecorded(String label) {
        String id = UUID.randomUUID().toString();
        aws.faults().crashBefore(StoreCalls::recordsAStep);
        assertThat(api.create("alice", SPARK + ",\"conf\":{\"batchapi.cluster\":\"" + label + "\",\"kyuubi.batch.id\":\""
                + id + "\"}}").status()).isEqualTo(500);
        return id;
    }

    private String onEtl() {
        return api.create("alice", SPARK + ",\"conf\":{\"batchapi.cluster\":\"etl\"}}").string("id");
    }

    private void assertRefused(String body, String message) {
        var items = aws.tableItems();
        int steps = aws.emr().steps(main).size() + aws.emr().steps(etl).size() + aws.emr().steps(adhoc).size();

        ApiResponse response = api.create("alice", body);

        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.message()).isEqualTo(message);
        assertThat(aws.tableItems()).isEqualTo(items);
        assertThat(aws.emr().steps(main).size() + aws.emr().steps(etl).size() + aws.emr().steps(adhoc).size())
                .isEqualTo(steps);
    }

    private static Optional<Step> stepOf(String cluster, String batchId) {
        return aws.stepsOf(cluster, batchId).stream().findFirst();
    }

    private List<String> logOf(String batchId) {
        return api.logLines("alice", batchId);
    }

    private void runSchedule() {
        handle(new SyncBatchStatesHandler(context), "{\"detail-type\":\"Scheduled Event\",\"source\":\"aws.events\",\"detail\":{}}");
    }

    private static void handle(EventHandler handler, String event) {
        try {
            handler.handleRequest(new ByteArrayInputStream(event.getBytes(StandardCharsets.UTF_8)),
                    new ByteArrayOutputStream(), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
