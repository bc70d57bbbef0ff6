package dev.batchapi.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.batch.Deadline;
import dev.batchapi.batch.SyncReport;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.local.emr.api.EmrFault;
import dev.batchapi.local.emr.api.EmrOperation;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.cluster.ClusterState;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReason;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReasonCode;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepState;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.AtOnce;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.MutableClock;
import dev.batchapi.support.StoreCalls;
import dev.batchapi.support.TestApi;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.emr.model.AddJobFlowStepsRequest;
import software.amazon.awssdk.services.emr.model.ListStepsRequest;

/** The scheduled sync and the step events, through their handlers, on the local stand-ins. */
class BatchSyncIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final String SPARK = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}";
    private static final Duration GRACE = Duration.ofSeconds(120);
    private static final String ALICE_ROLE = "arn:aws:iam::123456789012:role/emr-runtime/alice";
    /** How many times the SDK tries an EMR call that fails with a server error. */
    private static final int SDK_ATTEMPTS = 3;

    private final MutableClock clock = new MutableClock(Instant.now());
    private String cluster;
    private TestApi api;
    private SyncBatchStatesHandler schedule;
    private StepStatusChangeHandler events;

    @BeforeEach
    void freshCluster() {
        // Ten steps run at once, so each test's steps start RUNNING as soon as they are added.
        cluster = aws.emr().createCluster(ClusterSpec.named("sync").withStepConcurrencyLevel(10));
        AppContext context = contextOn(cluster);
        api = new TestApi(context);
        schedule = new SyncBatchStatesHandler(context);
        events = new StepStatusChangeHandler(context);
    }

    @Test
    void aCompletedStepTakesTheBatchThroughRunningToFinishedWithItsTimes() {
        String id = submit();
        Step step = stepOf(id);

        runSchedule();
        ApiResponse running = api.get("alice", id);
        aws.steps().completeStep(cluster, step.id());
        runSchedule();
        ApiResponse finished = api.get("alice", id);

        assertThat(running.json()).containsEntry("state", "RUNNING").containsEntry("appState", "RUNNING")
                .containsEntry("appId", step.id());
        assertThat(running.number("appStartTime")).isPositive();
        assertThat(running.number("endTime")).isZero();
        assertThat(finished.json()).containsEntry("state", "FINISHED").containsEntry("appState", "FINISHED")
                .containsEntry("appDiagnostic", null);
        assertThat(finished.number("appStartTime")).isEqualTo(running.number("appStartTime"));
        assertThat(finished.number("endTime")).isGreaterThanOrEqualTo(finished.number("appStartTime"));
        assertThat(logOf(id)).anyMatch(line -> line.contains("State PENDING -> RUNNING (step " + step.id() + " RUNNING)"))
                .anyMatch(line -> line.contains("State RUNNING -> FINISHED (step " + step.id() + " COMPLETED)"));
    }

    @Test
    void aFailedStepEndsTheBatchInErrorWithItsFailureDetails() {
        String id = submit();
        aws.steps().failStep(cluster, stepOf(id).id(),
                FailureDetails.of("Unknown Error.", "Exception in thread main: boom", "s3://logs/" + cluster + "/steps/x/stderr.gz"));

        runSchedule();

        ApiResponse batch = api.get("alice", id);
        assertThat(batch.json()).containsEntry("state", "ERROR").containsEntry("appState", "FAILED")
                .containsEntry("appDiagnostic",
                        "Unknown Error.: Exception in thread main: boom (log: s3://logs/" + cluster + "/steps/x/stderr.gz)");
        assertThat(batch.number("endTime")).isPositive();
    }

    @Test
    void aStepCancelledOutsideTheApiCancelsTheBatch() {
        String id = submit();
        Step step = stepOf(id);
        aws.emrClient().cancelSteps(request -> request.clusterId(cluster).stepIds(step.id()));
        aws.steps().stopStep(cluster, step.id());

        Map<String, Object> answer = stepEvent(step, "CANCELLED");

        assertThat(answer).isEqualTo(Map.of("batchId", id, "state", "CANCELED", "appState", "KILLED"));
        assertThat(api.get("alice", id).json()).containsEntry("appDiagnostic", "The EMR step was cancelled");
    }

    @Test
    void aTerminatedClusterEndsItsActiveBatchesWithItsReason() {
        String running = submit();
        String neverSubmitted = submitCrashingBefore(AddJobFlowStepsRequest.class);
        aws.emr().terminateCluster(cluster, ClusterState.TERMINATED_WITH_ERRORS,
                ClusterStateChangeReason.of(ClusterStateChangeReasonCode.INSTANCE_FAILURE, "Master node lost"));

        runSchedule();

        String reason = "EMR cluster " + cluster + " is TERMINATED_WITH_ERRORS: Master node lost";
        assertThat(api.get("alice", running).json()).containsEntry("state", "ERROR").containsEntry("appState", "KILLED")
                .containsEntry("appDiagnostic", reason);
        assertThat(api.get("alice", neverSubmitted).json()).containsEntry("state", "ERROR")
                .containsEntry("appState", "NOT_FOUND").containsEntry("appDiagnostic", reason);
    }

    @Test
    void aKillRacingASyncThatSawRunningEndsCanceledNeverRunningAgain() {
        String id = submit();
        Step step = stepOf(id);
        // The sync has seen the step RUNNING; just before it writes that, the kill lands and EMR confirms it.
        aws.faults().interleaveBefore(request -> request instanceof UpdateItemRequest update
                        && update.key().get("pk").s().equals(id)
                        && update.expressionAttributeValues().containsValue(AttributeValue.fromS("RUNNING")),
                () -> {
                    assertThat(api.kill("alice", id).json()).containsEntry("success", true);
                    aws.steps().stopStep(cluster, step.id());
                    assertThat(stepEvent(step, "CANCELLED")).containsEntry("state", "CANCELED");
                });

        runSchedule();
        stepEvent(step, "RUNNING");
        runSchedule();

        assertThat(api.get("alice", id).json()).containsEntry("state", "CANCELED").containsEntry("appState", "KILLED")
                .containsEntry("appDiagnostic", "Killed by alice");
        List<String> log = logOf(id);
        assertThat(log.subList(indexOf(log, "-> CANCELED"), log.size())).noneMatch(line -> line.contains("-> RUNNING"));
    }

    @Test
    void aLateOrRepeatedEventAfterTheEndChangesNothing() {
        String id = submit();
        Step step = stepOf(id);
        aws.steps().completeStep(cluster, step.id());
        assertThat(stepEvent(step, "COMPLETED")).containsEntry("state", "FINISHED");
        var before = aws.tableItems();
        aws.emr().server().resetCallCounts();

        assertThat(stepEvent(step, "RUNNING")).containsEntry("state", "FINISHED");
        assertThat(stepEvent(step, "PENDING")).containsEntry("state", "FINISHED");
        assertThat(stepEvent(step, "COMPLETED")).containsEntry("state", "FINISHED");

        assertThat(aws.tableItems()).isEqualTo(before);
        assertThat(aws.emr().server().callCounts()).isEmpty();
    }

    @Test
    void anEventUpdatesTheBatchInOneFunctionCallWithinMilliseconds() {
        String id = submit();
        Step step = stepOf(id);
        aws.steps().completeStep(cluster, step.id());

        long started = System.nanoTime();
        Map<String, Object> answer = stepEvent(step, "COMPLETED");
        long took = System.nanoTime() - started;

        assertThat(answer).containsEntry("state", "FINISHED");
        assertThat(api.get("alice", id).json()).containsEntry("state", "FINISHED");
        System.out.printf("freshness: step change to batch FINISHED through one event call: %.1f ms%n", took / 1e6);
    }

    @Test
    void aStepAddedButNeverRecordedIsFoundByNameAndAttached() {
        String id = submitCrashingBefore(UpdateItemRequest.class);
        Step step = stepOf(id);

        runSchedule();

        assertThat(api.get("alice", id).json()).containsEntry("state", "RUNNING").containsEntry("appId", step.id())
                .containsEntry("appState", "RUNNING");
        assertThat(logOf(id)).anyMatch(line -> line.endsWith("Found step " + step.id() + " on EMR cluster " + cluster));
    }

    @Test
    void aCreateThatDiedBeforeItsStepIsSubmittedByTheSyncAfterTheGraceAndRuns() {
        String id = submitCrashingBefore(AddJobFlowStepsRequest.class);
        clock.advance(GRACE);
        aws.emr().server().resetCallCounts();

        runSchedule();
        Map<String, Long> emrCalls = aws.emr().server().callCounts();
        Step step = stepOf(id);
        ApiResponse dispatched = api.get("alice", id);
        runSchedule();
        ApiResponse running = api.get("alice", id);
        aws.steps().completeStep(cluster, step.id());
        runSchedule();

        assertThat(stepsOf(id)).hasSize(1);
        // What a dispatch adds to the run's calls (which cover other tests' clusters too): its AddJobFlowSteps.
        assertThat(emrCalls).containsEntry("AddJobFlowSteps", 1L);
        assertThat(dispatched.json()).containsEntry("state", "PENDING").containsEntry("appId", step.id())
                .containsEntry("appState", "PENDING");
        assertThat(running.json()).containsEntry("state", "RUNNING").containsEntry("appId", step.id());
        assertThat(api.get("alice", id).json()).containsEntry("state", "FINISHED").containsEntry("appState", "FINISHED");
        assertThat(logOf(id)).anyMatch(line -> line.endsWith("Its submitter did not add this batch's step; submitted now by"
                + " the state sync as step " + step.id() + " on EMR cluster " + cluster));
        assertThat(api.get("alice", id).body()).doesNotContain("dispatchClaimedAt");
    }

    @Test
    void aRecordWithoutAStepIsLeftToItsCreateUntilTheGraceHasPassed() {
        String id = submitCrashingBefore(AddJobFlowStepsRequest.class);
        clock.advance(GRACE.minusSeconds(1));
        aws.emr().server().resetCallCounts();

        runSchedule();

        assertThat(api.get("alice", id).json()).containsEntry("state", "PENDING").containsEntry("appId", null);
        assertThat(stepsOf(id)).isEmpty();
        assertThat(aws.emr().server().callCounts()).doesNotContainKey("AddJobFlowSteps");
        assertThat(batchItem(id)).doesNotContainKey("dispatchClaimedAt");
    }

    @Test
    void aSyncThatClaimsFirstSubmitsAndTheOtherSeesTheClaimTaken() {
        String id = submitCrashingBefore(AddJobFlowStepsRequest.class);
        clock.advance(GRACE);
        // The second sync runs whole just before the first one's claim.
        aws.faults().interleaveBefore(BatchSyncIT::isDispatchClaim, this::runSchedule);

        runSchedule();

        assertThat(stepsOf(id)).hasSize(1);
        assertThat(api.get("alice", id).json()).containsEntry("appId", stepOf(id).id());
        assertThat(logOf(id)).filteredOn(line -> line.contains("submitted now by the state sync")).hasSize(1);
    }

    @Test
    void aSyncThatFindsAFreshClaimLeavesTheBatchToItsClaimant() {
        String id = submitCrashingBefore(AddJobFlowStepsRequest.class);
        clock.advance(GRACE);
        // The second sync runs whole after the first one's claim, before its step is added.
        aws.faults().interleaveBefore(request -> request instanceof AddJobFlowStepsRequest, this::runSchedule);

        runSchedule();

        assertThat(stepsOf(id)).hasSize(1);
        assertThat(api.get("alice", id).json()).containsEntry("appId", stepOf(id).id());
    }

    @Test
    void syncsRunningAtOnceGiveEachBatchExactlyOneStep() throws Exception {
        List<String> ids = List.of(submitCrashingBefore(AddJobFlowStepsRequest.class),
                submitCrashingBefore(AddJobFlowStepsRequest.class), submitCrashingBefore(AddJobFlowStepsRequest.class));
        clock.advance(GRACE);
        List<Callable<Map<String, Object>>> syncs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            SyncBatchStatesHandler function = new SyncBatchStatesHandler(contextOn(cluster));
            syncs.add(() -> Events.handle(function, Events.SCHEDULED));
        }
        AtOnce.run(syncs);

        assertThat(ids).allSatisfy(id -> {
            assertThat(stepsOf(id)).hasSize(1);
            assertThat(api.get("alice", id).json()).containsEntry("appId", stepOf(id).id());
        });
    }

    @Test
    void aDispatchThatDiedBeforeAddingItsStepIsRetriedOnlyOnceItsClaimIsStale() {
        String id = submitCrashingBefore(AddJobFlowStepsRequest.class);
        clock.advance(GRACE);
        aws.faults().crashBefore(request -> request instanceof AddJobFlowStepsRequest);
        runSchedule();
        long claimedAt = Long.parseLong(batchItem(id).get("dispatchClaimedAt").n());
        aws.emr().server().resetCallCounts();

        clock.advance(GRACE);
        runSchedule();
        Map<String, Long> withinTheClaimsGrace = aws.emr().server().callCounts();
        clock.advance(Duration.ofSeconds(1));
        runSchedule();

        assertThat(claimedAt).isEqualTo(clock.millis() - GRACE.toMillis() - 1000);
        assertThat(withinTheClaimsGrace).doesNotContainKey("AddJobFlowSteps");
        assertThat(stepsOf(id)).hasSize(1);
        assertThat(api.get("alice", id).json()).containsEntry("appId", stepOf(id).id());
    }

    @Test
    void aDispatchThatDiedBeforeRecordingItsStepIsFoundByNameNeverSubmittedTwice() {
        String id = submitCrashingBefore(AddJobFlowStepsRequest.class);
        clock.advance(GRACE);
        aws.faults().crashBefore(StoreCalls::recordsAStep);
        runSchedule();
        Step step = stepOf(id);

        clock.advance(GRACE.multipliedBy(2));
        runSchedule();

        assertThat(stepsOf(id)).hasSize(1);
        assertThat(api.get("alice", id).json()).containsEntry("appId", step.id()).containsEntry("state", "RUNNING");
        assertThat(logOf(id)).anyMatch(line -> line.endsWith("Found step " + step.id() + " on EMR cluster " + cluster));
    }

    @Test
    void anUnansweredDispatchIsLookedForByNameAndRetriedAfterTheGrace() {
        String id = submitCrashingBefore(AddJobFlowStepsRequest.class);
        clock.advance(GRACE);
        aws.emr().failNext(EmrOperation.ADD_JOB_FLOW_STEPS, SDK_ATTEMPTS, EmrFault.internalError());
        runSchedule();
        ApiResponse unanswered = api.get("alice", id);

        clock.advance(GRACE.plusSeconds(1));
        runSchedule();

        assertThat(unanswered.json()).containsEntry("state", "PENDING").containsEntry("appId", null);
        assertThat(stepsOf(id)).hasSize(1);
        assertThat(api.get("alice", id).json()).containsEntry("appId", stepOf(id).id());
        assertThat(logOf(id)).anyMatch(line -> line.contains("EMR did not confirm the submission to cluster " + cluster));
    }

    @Test
    void theSyncSubmitsUnderTheRuntimeRoleTheCreateWouldHaveUsed() {
        AppContext withRoles = contextWithRoles("alice");
        api = new TestApi(withRoles);
        schedule = new SyncBatchStatesHandler(withRoles);
        String id = submitCrashingBefore(AddJobFlowStepsRequest.class);
        clock.advance(GRACE);

        runSchedule();

        assertThat(aws.emrClient().describeStep(request -> request.clusterId(cluster).stepId(stepOf(id).id()))
                .step().executionRoleArn()).isEqualTo(ALICE_ROLE);
        assertThat(logOf(id)).anyMatch(line -> line.endsWith("submitted now by the state sync as step " + stepOf(id).id()
                + " on EMR cluster " + cluster + " under runtime role " + ALICE_ROLE));
    }

    @Test
    void aBatchWhoseUserLostTheirRuntimeRoleSinceItsCreateEndsErrorWithTheReason() {
        String id = submitCrashingBefore(AddJobFlowStepsRequest.class);
        schedule = new SyncBatchStatesHandler(contextWithRoles("bob"));
        clock.advance(GRACE);

        runSchedule();

        assertThat(api.get("alice", id).json()).containsEntry("state", "ERROR")
                .containsEntry("appDiagnostic", "Submission failed: No EMR runtime role is configured for user alice");
        assertThat(stepsOf(id)).isEmpty();
    }

    @Test
    void aKillBeforeTheDispatchCancelsTheBatchAndItNeverGetsAStep() {
        String id = submitCrashingBefore(AddJobFlowStepsRequest.class);
        ApiResponse killed = api.kill("alice", id);

        clock.advance(GRACE);
        runSchedule();

        assertThat(killed.json()).containsEntry("success", true);
        assertThat(api.get("alice", id).json()).containsEntry("state", "CANCELED");
        assertThat(stepsOf(id)).isEmpty();
    }

    @Test
    void aKillBetweenTheDispatchClaimAndItsStepCancelsTheStepTheDispatchAdds() {
        String id = submitCrashingBefore(AddJobFlowStepsRequest.class);
        clock.advance(GRACE);
        List<ApiResponse> kills = new ArrayList<>();
        aws.faults().interleaveBefore(request -> request instanceof AddJobFlowStepsRequest,
                () -> kills.add(api.kill("alice", id)));

        runSchedule();

        assertThat(kills).singleElement().satisfies(kill -> assertThat(kill.json()).containsEntry("success", true));
        assertThat(api.get("alice", id).json()).containsEntry("state", "CANCELED")
                .containsEntry("appDiagnostic", "Killed by alice before it was submitted");
        assertThat(stepsOf(id)).singleElement().satisfies(step -> assertThat(step.state())
                .isIn(StepState.CANCEL_PENDING, StepState.CANCELLED));
        assertThat(logOf(id)).anyMatch(line -> line.endsWith("cancelled: the batch was already CANCELED"));
    }

    @Test
    void aKillAfterTheDispatchAddedItsStepButBeforeItWasRecordedCancelsThatStep() {
        String id = submitCrashingBefore(AddJobFlowStepsRequest.class);
        clock.advance(GRACE);
        List<ApiResponse> kills = new ArrayList<>();
        aws.faults().interleaveBefore(StoreCalls::recordsAStep, () -> kills.add(api.kill("alice", id)));

        runSchedule();
        Step step = stepOf(id);
        aws.steps().stopStep(cluster, step.id());
        runSchedule();

        assertThat(kills).singleElement().satisfies(kill -> assertThat(kill.json()).containsEntry("success", true));
        assertThat(stepsOf(id)).hasSize(1);
        assertThat(api.get("alice", id).json()).containsEntry("state", "CANCELED").containsEntry("appId", step.id());
    }

    @Test
    void aDispatchEmrRefusesEndsTheBatchErrorWithTheReason() {
        String id = submitCrashingBefore(AddJobFlowStepsRequest.class);
        clock.advance(GRACE);
        // The cluster ends after the sync read it as running, before the step is added.
        aws.faults().interleaveBefore(request -> request instanceof AddJobFlowStepsRequest,
                () -> aws.emr().terminateCluster(cluster, ClusterState.TERMINATED,
                        ClusterStateChangeReason.of(ClusterStateChangeReasonCode.USER_REQUEST, "Terminated by user")));

        runSchedule();

        ApiResponse batch = api.get("alice", id);
        assertThat(batch.json()).containsEntry("state", "ERROR").containsEntry("appId", null).containsEntry("appDiagnostic",
                "Submission failed: EMR refused the step: A job flow that is shutting down, terminated, or finished"
                        + " may not be modified.");
        assertThat(stepsOf(id)).isEmpty();
    }

    @Test
    void aStepEmrNoLongerKnowsEndsTheBatchNotFound() {
        String id = submit();
        // The step ages out of EMR's history: the record points at an id EMR does not know.
        aws.setBatchAttribute(id, "stepId", "s-AGEDOUT000000");

        runSchedule();

        assertThat(api.get("alice", id).json()).containsEntry("state", "ERROR").containsEntry("appState", "NOT_FOUND")
                .containsEntry("appDiagnostic", "EMR no longer knows step s-AGEDOUT000000 "
                        + "(it aged out of the cluster's step history, or its cluster is gone)");
    }

    @Test
    void aClusterEmrNoLongerKnowsEndsItsBatchesInEmrsWordsNamingNoClass() {
        String id = submit();
        // As after the local stack forgot its cluster: the batch's cluster is unknown to EMR.
        aws.setBatchAttribute(id, "clusterId", "j-FORGOTTEN0000");

        runSchedule();

        ApiResponse batch = api.get("alice", id);
        assertThat(batch.json()).containsEntry("state", "ERROR").containsEntry("appDiagnostic",
                "EMR cluster j-FORGOTTEN0000 is no longer known to EMR: Cluster id 'j-FORGOTTEN0000' is not valid.");
        assertThat(batch.body()).doesNotContain("Exception");
        assertThat(api.localLog("alice", id, 0, 100).body()).doesNotContain("Exception");
    }

    @Test
    void oneFailingClusterNeverStopsTheRest() {
        String broken = aws.emr().createCluster(ClusterSpec.named("broken").withStepConcurrencyLevel(10));
        String onBroken = new TestApi(contextOn(broken)).create("alice", SPARK).string("id");
        String healthy = submit();
        aws.steps().completeStep(cluster, stepOf(healthy).id());
        aws.faults().interleaveBefore(request -> request instanceof ListStepsRequest list && list.clusterId().equals(broken),
                () -> {
                    throw SdkClientException.create("Connection reset");
                });

        Map<String, Object> report = runSchedule();

        assertThat(new BigDecimal(report.get("failed").toString()).intValue()).isPositive();
        assertThat(api.get("alice", healthy).json()).containsEntry("state", "FINISHED");
        assertThat(api.get("alice", onBroken).json()).containsEntry("state", "PENDING");
        runSchedule();
        assertThat(api.get("alice", onBroken).json()).containsEntry("state", "RUNNING");
    }

    @Test
    void aRunPastItsDeadlineLeavesEverythingForTheNextRun() {
        submit();
        AppContext context = contextOn(cluster);

        SyncReport report = context.sync().syncActive(Deadline.after(clock, Duration.ZERO));

        assertThat(report.active()).isPositive();
        assertThat(report.leftForNextRun()).isEqualTo(report.active());
        assertThat(report.changed()).isZero();
    }

    @Test
    void eventsThatAreNotOursOrNotStepChangesAreIgnored() {
        assertThat(Events.handle(events, "{\"detail\":{\"clusterId\":\"" + cluster + "\",\"stepId\":\"s-1\",\"name\":\"Setup\"}}"))
                .isEqualTo(Map.of("ignored", "step s-1 is not a batch of this API"));
        assertThat(Events.handle(events, "{\"detail-type\":\"EMR Cluster State Change\",\"detail\":{}}"))
                .isEqualTo(Map.of("ignored", "not an EMR step status change"));
        assertThat(Events.handle(events, "not json")).isEqualTo(Map.of("ignored", "malformed event"));
    }

    private String submit() {
        return api.create("alice", SPARK).string("id");
    }

    /** Creates a batch whose function dies just before the first call of the given kind after the record. */
    private String submitCrashingBefore(Class<?> call) {
        String id = UUID.randomUUID().toString();
        aws.faults().crashBefore(request -> call.isInstance(request)
                && (!(request instanceof UpdateItemRequest) || StoreCalls.recordsAStep(request)));
        assertThat(api.create("alice", SPARK.replace("}", ",\"conf\":{\"kyuubi.batch.id\":\"" + id + "\"}}")).status())
                .isEqualTo(500);
        return id;
    }

    /** A context whose only runtime role is {@value #ALICE_ROLE}, for {@code user}. */
    private AppContext contextWithRoles(String user) {
        return aws.contextAt(clock, Map.of(Config.CLUSTER_ID, cluster,
                "RUNTIME_ROLE_USERS", user, "RUNTIME_ROLE_ARNS", ALICE_ROLE));
    }

    private AppContext contextOn(String clusterId) {
        return aws.contextAt(clock, Map.of(Config.CLUSTER_ID, clusterId));
    }

    private Map<String, Object> runSchedule() {
        return Events.handle(schedule, Events.SCHEDULED);
    }

    /** The sync's claim of a batch's submit. */
    private static boolean isDispatchClaim(SdkRequest request) {
        return request instanceof UpdateItemRequest update && update.expressionAttributeNames().containsValue("dispatchClaimedAt");
    }

    private Map<String, AttributeValue> batchItem(String batchId) {
        return aws.tableItems().stream()
                .filter(item -> item.get("pk").s().equals(batchId) && item.get("sk").s().equals("BATCH"))
                .findFirst().orElseThrow();
    }

    private Map<String, Object> stepEvent(Step step, String state) {
        return Events.handle(events, Events.stepChange(cluster, step, state));
    }

    private Step stepOf(String batchId) {
        return stepsOf(batchId).stream().findFirst().orElseThrow();
    }

    private List<Step> stepsOf(String batchId) {
        return aws.stepsOf(cluster, batchId);
    }

    private List<String> logOf(String batchId) {
        return api.logLines("alice", batchId);
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line contains " + text + ": " + lines);
    }
}
