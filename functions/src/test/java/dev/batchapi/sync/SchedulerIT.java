package dev.batchapi.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.batch.BatchStore;
import dev.batchapi.batch.ClusterLoad;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.cluster.ClusterState;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReason;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReasonCode;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepState;
import dev.batchapi.store.DynamoDbBatchStore;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.Faults;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.MutableClock;
import dev.batchapi.support.StoreCalls;
import dev.batchapi.support.TestApi;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.emr.model.AddJobFlowStepsRequest;

/**
 * The scheduler through the real handlers on the stand-ins: the queue, its reasons, fair share,
 * refills by the invocation that frees a slot, retries, both timeouts and the kill of a queued batch.
 */
class SchedulerIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final String SPARK = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"";
    private static final Duration GRACE = Duration.ofSeconds(120);

    private final MutableClock clock = new MutableClock(Instant.now());
    private final BatchStore store = new DynamoDbBatchStore(aws::dynamoDb, LocalAws.TABLE, Duration.ofDays(1));
    private String cluster;
    private TestApi api;
    private SyncBatchStatesHandler schedule;
    private StepStatusChangeHandler events;

    /** A new cluster running {@code concurrency} steps at once, the functions keeping {@code settings}. */
    private void deploy(int concurrency, String... settings) {
        cluster = aws.emr().createCluster(ClusterSpec.named("scheduler").withStepConcurrencyLevel(concurrency));
        Map<String, String> env = new HashMap<>(Map.of(Config.CLUSTER_ID, cluster));
        for (int i = 0; i + 1 < settings.length; i += 2) {
            env.put(settings[i], settings[i + 1]);
        }
        AppContext context = aws.contextAt(clock, env);
        api = new TestApi(context);
        schedule = new SyncBatchStatesHandler(context);
        events = new StepStatusChangeHandler(context);
    }

    @Test
    void aBatchThatFindsItsClusterFullIsAcceptedQueuedAndSaysWhy() {
        deploy(10, Config.MAX_ACTIVE_STEPS, "2");
        submit("alice");
        submit("alice");

        ApiResponse created = api.create("alice", SPARK + "}");

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json()).containsEntry("state", "PENDING").containsEntry("appId", null)
                .containsEntry("appState", null);
        assertThat(queueInfo(created)).containsEntry("queue.state", "QUEUED")
                .containsEntry("queue.reason", "cluster at its limit (2 of 2 active steps)")
                .containsEntry("queue.cluster", "default")
                .containsEntry("queue.clusterActiveSteps", "2 of 2")
                .containsEntry("queue.clusterQueuedBatches", "1")
                .containsEntry("queue.userActiveSteps", "2")
                .containsEntry("queue.userQueuedBatches", "1")
                .containsKey("queue.deadline");
        String id = created.string("id");
        assertThat(queueInfo(api.get("alice", id))).isEqualTo(queueInfo(created));
        assertThat(stepsOf(id)).isEmpty();
        assertThat(logOf(id)).anyMatch(line -> line.endsWith("Queued for cluster default: cluster at its limit (2 of 2"
                + " active steps)"));
        // The list stays Kyuubi's: it says nothing of the queue.
        assertThat(api.list("alice").list("batches")).filteredOn(batch -> batch.get("id").equals(id))
                .singleElement().satisfies(batch -> assertThat(batch.get("batchInfo")).isEqualTo(Map.of()));
    }

    @Test
    void theStepEventOfAnEndedStepGivesItsSlotToTheNextQueuedBatchInTheSameInvocation() {
        Handover handover = aStepEndsWithABatchQueued("alice");
        String queued = handover.queued();
        Step step = handover.step();

        Map<String, Object> answer = Events.handle(events, Events.stepChange(cluster, step, "COMPLETED"));

        assertThat(answer).containsEntry("batchId", handover.ended()).containsEntry("state", "FINISHED");
        assertThat(stepsOf(queued)).hasSize(1);
        assertThat(api.get("alice", queued).json()).containsEntry("appId", stepOf(queued).id());
        assertThat(queueKeysOf(api.get("alice", queued))).isEmpty();
        assertThat(logOf(queued)).anyMatch(line -> line.contains("Dispatched from the queue as step " + stepOf(queued).id()));
    }

    @Test
    void aKillThatEndsABatchDispatchesTheNextQueuedOneInTheSameCall() {
        // One step runs at a time: the second waits PENDING in EMR, so its cancel ends it at once.
        deploy(1, Config.MAX_ACTIVE_STEPS, "2");
        submit("alice");
        String pendingInEmr = submit("alice");
        String queued = submit("bob");

        ApiResponse killed = api.kill("alice", pendingInEmr);

        assertThat(killed.json()).containsEntry("success", true);
        assertThat(api.get("alice", pendingInEmr).json()).containsEntry("state", "CANCELED");
        assertThat(stepsOf(queued)).hasSize(1);
        assertThat(api.get("bob", queued).json()).containsEntry("appId", stepOf(queued).id());
    }

    @Test
    void theScheduleFillsSlotsThatFreedWithoutAnEvent() {
        deploy(10, Config.MAX_ACTIVE_STEPS, "2");
        String first = submit("alice");
        submit("alice");
        String queued = submit("alice");
        aws.steps().completeStep(cluster, stepOf(first).id());

        Map<String, Object> report = runSchedule();

        assertThat(report.get("dispatched")).hasToString("1");
        assertThat(api.get("alice", first).json()).containsEntry("state", "FINISHED");
        assertThat(stepsOf(queued)).hasSize(1);
        assertThat(store.load(cluster)).satisfies(load -> {
            assertThat(load.active()).isEqualTo(2);
            assertThat(load.queued()).isZero();
        });
    }

    @Test
    void aQueuedBatchKilledIsCanceledAtOnceWithoutAskingEmrAndNeverGetsAStep() {
        deploy(10, Config.MAX_ACTIVE_STEPS, "1");
        String running = submit("alice");
        String queued = submit("alice");
        aws.emr().server().resetCallCounts();

        ApiResponse killed = api.kill("alice", queued);

        assertThat(killed.status()).isEqualTo(200);
        assertThat(killed.json()).containsEntry("success", true)
                .containsEntry("msg", "Succeeded to terminate: batch " + queued + " was canceled before it was submitted"
                        + " (it was queued)");
        assertThat(aws.emr().server().callCounts()).isEmpty();
        assertThat(api.get("alice", queued).json()).containsEntry("state", "CANCELED")
                .containsEntry("appDiagnostic", "Killed by alice before it was submitted");
        assertThat(queueKeysOf(api.get("alice", queued))).isEmpty();
        assertThat(store.load(cluster).queued()).isZero();

        aws.steps().completeStep(cluster, stepOf(running).id());
        runSchedule();

        assertThat(stepsOf(queued)).isEmpty();
        assertThat(api.get("alice", queued).json()).containsEntry("state", "CANCELED");
        assertThat(api.kill("alice", queued).json()).containsEntry("success", false);
    }

    @Test
    void aUserAtTheirShareWaitsWhileAnotherUsersBatchStarts() {
        deploy(10, Config.MAX_ACTIVE_STEPS, "3", Config.MAX_ACTIVE_PER_USER, "2");
        submit("alice");
        submit("alice");
        String third = submit("alice");

        String bobs = submit("bob");

        assertThat(queueInfo(api.get("alice", third))).containsEntry("queue.reason",
                "user at their share (alice has 2 of 2 active steps on this cluster)")
                .containsEntry("queue.userActiveSteps", "2 of 2");
        assertThat(stepsOf(bobs)).hasSize(1);
        assertThat(stepsOf(third)).isEmpty();
        assertThat(queueKeysOf(api.get("bob", bobs))).isEmpty();
    }

    @Test
    void oneUsersLongQueueNeverDelaysAnotherUsersFirstBatch() {
        deploy(10, Config.MAX_ACTIVE_STEPS, "2");
        String first = submit("alice");
        submit("alice");
        List<String> alicesQueue = List.of(submit("alice"), submit("alice"), submit("alice"));
        String bobs = submit("bob");
        Step step = stepOf(first);
        aws.steps().completeStep(cluster, step.id());

        Events.handle(events, Events.stepChange(cluster, step, "COMPLETED"));

        // Bob has no active step, alice one: bob's batch, the newest, takes the slot.
        assertThat(stepsOf(bobs)).hasSize(1);
        assertThat(alicesQueue).allSatisfy(id -> assertThat(stepsOf(id)).isEmpty());
    }

    @Test
    void aStepThatFailsOnItsOwnIsRetriedAsANewStepUntilAnAttemptSucceeds() {
        deploy(10);
        String id = api.create("alice", SPARK + ",\"conf\":{\"batchapi.maxAttempts\":\"3\"}}").string("id");
        Step firstStep = stepOf(id);
        runSchedule();

        aws.steps().failStep(cluster, firstStep.id(), FailureDetails.of("Unknown Error.", "boom 1", null));
        Events.handle(events, Events.stepChange(cluster, firstStep, "FAILED"));

        Step second = aws.emr().stepNamed(cluster, id + "#2").orElseThrow();
        ApiResponse retrying = api.get("alice", id);
        assertThat(retrying.json()).containsEntry("state", "RUNNING").containsEntry("appId", second.id())
                .containsEntry("appState", "PENDING")
                .containsEntry("appDiagnostic", "Attempt 1 of 3 failed: Unknown Error.: boom 1; attempt 2 is being submitted");

        aws.steps().failStep(cluster, second.id(), FailureDetails.of("Unknown Error.", "boom 2", null));
        runSchedule();
        Step third = aws.emr().stepNamed(cluster, id + "#3").orElseThrow();
        aws.steps().completeStep(cluster, third.id());
        runSchedule();

        assertThat(stepsOf(id)).extracting(Step::name).containsExactlyInAnyOrder(id, id + "#2", id + "#3");
        assertThat(api.get("alice", id).json()).containsEntry("state", "FINISHED").containsEntry("appId", third.id())
                .containsEntry("appDiagnostic", "2 of 3 attempts failed: attempt 1: Unknown Error.: boom 1;"
                        + " attempt 2: Unknown Error.: boom 2");
        assertThat(logOf(id)).anyMatch(line -> line.endsWith("Retried (attempt 2 of 3) as step " + second.id()
                        + " on EMR cluster " + cluster))
                .anyMatch(line -> line.endsWith("Attempt 2 of 3 failed: Unknown Error.: boom 2; attempt 3 is being submitted"))
                .anyMatch(line -> line.endsWith("Retried (attempt 3 of 3) as step " + third.id() + " on EMR cluster " + cluster));
    }

    @Test
    void theLastFailedAttemptEndsTheBatchErrorSayingHowManyFailedAndWhy() {
        deploy(10);
        String id = api.create("alice", SPARK + ",\"conf\":{\"batchapi.maxAttempts\":\"2\"}}").string("id");
        aws.steps().failStep(cluster, stepOf(id).id(), FailureDetails.of("Unknown Error.", "boom 1", null));
        runSchedule();
        Step second = aws.emr().stepNamed(cluster, id + "#2").orElseThrow();
        aws.steps().failStep(cluster, second.id(), FailureDetails.of("Unknown Error.", "boom 2", null));

        runSchedule();

        assertThat(stepsOf(id)).hasSize(2);
        assertThat(api.get("alice", id).json()).containsEntry("state", "ERROR").containsEntry("appState", "FAILED")
                .containsEntry("appId", second.id())
                .containsEntry("appDiagnostic", "2 of 2 attempts failed: attempt 1: Unknown Error.: boom 1;"
                        + " attempt 2: Unknown Error.: boom 2");
        assertThat(store.load(cluster).active()).isZero();
    }

    @Test
    void aKilledStepIsNotRetried() {
        deploy(10);
        String id = api.create("alice", SPARK + ",\"conf\":{\"batchapi.maxAttempts\":\"3\"}}").string("id");
        Step step = stepOf(id);
        runSchedule();
        api.kill("alice", id);
        aws.steps().stopStep(cluster, step.id());

        runSchedule();

        assertThat(stepsOf(id)).hasSize(1);
        assertThat(api.get("alice", id).json()).containsEntry("state", "CANCELED").containsEntry("appDiagnostic", "Killed by alice");
    }

    @Test
    void aRetryWhoseSyncDiedBeforeAddingTheStepIsSubmittedOnceAfterTheGrace() {
        deploy(10);
        String id = api.create("alice", SPARK + ",\"conf\":{\"batchapi.maxAttempts\":\"2\"}}").string("id");
        aws.steps().failStep(cluster, stepOf(id).id(), FailureDetails.of("Unknown Error.", "boom", null));
        aws.faults().crashBefore(request -> request instanceof AddJobFlowStepsRequest);
        runSchedule();
        assertThat(aws.emr().stepNamed(cluster, id + "#2")).isEmpty();

        runSchedule();
        assertThat(aws.emr().stepNamed(cluster, id + "#2")).isEmpty();
        // A claim counts as stale once it is older than the grace.
        clock.advance(GRACE.plusSeconds(1));
        runSchedule();
        runSchedule();

        Step second = aws.emr().stepNamed(cluster, id + "#2").orElseThrow();
        assertThat(stepsOf(id)).hasSize(2);
        assertThat(api.get("alice", id).json()).containsEntry("state", "RUNNING").containsEntry("appId", second.id());
    }

    @Test
    void aStepPastItsExecutionLimitIsCancelledAndTheBatchEndsErrorNamingTheLimit() {
        deploy(10, Config.MAX_ACTIVE_STEPS, "1");
        String id = api.create("alice", SPARK + ",\"conf\":{\"batchapi.executionTimeoutSeconds\":\"30\"}}").string("id");
        String queued = submit("bob");
        runSchedule();
        aws.emr().server().resetCallCounts();
        clock.advance(Duration.ofSeconds(29));
        runSchedule();
        assertThat(api.get("alice", id).json()).containsEntry("state", "RUNNING");

        clock.advance(Duration.ofSeconds(2));
        runSchedule();

        // The step is being cancelled; until EMR says it ended, it holds its slot.
        Step step = stepOf(id);
        assertThat(aws.emr().step(cluster, step.id()).state()).isEqualTo(StepState.CANCEL_PENDING);
        assertThat(api.get("alice", id).json()).containsEntry("state", "RUNNING");
        assertThat(stepsOf(queued)).isEmpty();
        runSchedule();
        assertThat(aws.emr().server().callCounts()).containsEntry("CancelSteps", 1L);

        aws.steps().stopStep(cluster, step.id());
        Events.handle(events, Events.stepChange(cluster, step, "CANCELLED"));

        assertThat(api.get("alice", id).json()).containsEntry("state", "ERROR").containsEntry("appState", "KILLED")
                .containsEntry("appDiagnostic", "Stopped: its step ran longer than batchapi.executionTimeoutSeconds=30"
                        + " (30s), so it was cancelled");
        assertThat(stepsOf(queued)).hasSize(1);
        assertThat(logOf(id)).anyMatch(line -> line.endsWith("Step " + step.id() + " ran longer than"
                        + " batchapi.executionTimeoutSeconds=30 (30s): it is being cancelled, and the batch ends ERROR once"
                        + " EMR reports it ended"))
                .anyMatch(line -> line.contains("State RUNNING -> ERROR (execution timeout)"));
    }

    @Test
    void aBatchKilledBetweenTwoAttemptsIsCanceledAndGetsNoFurtherStep() {
        deploy(10);
        String id = api.create("alice", SPARK + ",\"conf\":{\"batchapi.maxAttempts\":\"2\"}}").string("id");
        runSchedule();
        aws.steps().failStep(cluster, stepOf(id).id(), FailureDetails.of("Unknown Error.", "boom", null));
        aws.faults().crashBefore(request -> request instanceof AddJobFlowStepsRequest);
        // The sync's retry dies before its step: the sync logs the batch as failed and goes on.
        runSchedule();
        assertThat(api.get("alice", id).json()).containsEntry("state", "RUNNING").containsEntry("appState", "FAILED");

        ApiResponse killed = api.kill("alice", id);

        assertThat(killed.json()).containsEntry("success", true);
        assertThat(api.get("alice", id).json()).containsEntry("state", "CANCELED");
        clock.advance(GRACE.plusSeconds(1));
        runSchedule();
        assertThat(stepsOf(id)).hasSize(1);
        assertThat(store.load(cluster).active()).isZero();
    }

    @Test
    void aStepThatEndedOnItsOwnBeforeItsLimitKeepsItsOutcome() {
        deploy(10);
        String id = api.create("alice", SPARK + ",\"conf\":{\"batchapi.executionTimeoutSeconds\":\"30\"}}").string("id");
        aws.steps().completeStep(cluster, stepOf(id).id());
        clock.advance(Duration.ofMinutes(5));

        runSchedule();

        assertThat(api.get("alice", id).json()).containsEntry("state", "FINISHED");
    }

    @Test
    void aBatchThatWaitedPastItsQueueLimitEndsErrorAndNeverGetsAStep() {
        deploy(10, Config.MAX_ACTIVE_STEPS, "1");
        String running = submit("alice");
        String patient = api.create("alice", SPARK + ",\"conf\":{\"batchapi.queueTimeoutSeconds\":\"0\"}}").string("id");
        String impatient = api.create("alice", SPARK + ",\"conf\":{\"batchapi.queueTimeoutSeconds\":\"60\"}}").string("id");
        String byDefault = submit("alice");
        clock.advance(Duration.ofSeconds(61));

        runSchedule();

        assertThat(api.get("alice", impatient).json()).containsEntry("state", "ERROR").containsEntry("appState", null)
                .containsEntry("appDiagnostic", "Never started: it waited in the queue longer than"
                        + " batchapi.queueTimeoutSeconds=60 (1m); it was queued: cluster at its limit (1 of 1 active steps)");
        assertThat(api.get("alice", patient).json()).containsEntry("state", "PENDING");
        assertThat(api.get("alice", byDefault).json()).containsEntry("state", "PENDING");

        clock.advance(Duration.ofHours(6));
        runSchedule();

        assertThat(api.get("alice", byDefault).json()).containsEntry("state", "ERROR");
        assertThat(api.get("alice", byDefault).string("appDiagnostic")).contains("batchapi.queueTimeoutSeconds=21600 (6h)");
        assertThat(api.get("alice", patient).json()).containsEntry("state", "PENDING");
        assertThat(store.load(cluster).queued()).isEqualTo(1);

        aws.steps().completeStep(cluster, stepOf(running).id());
        runSchedule();

        assertThat(stepsOf(impatient)).isEmpty();
        assertThat(stepsOf(byDefault)).isEmpty();
        assertThat(stepsOf(patient)).hasSize(1);
    }

    @Test
    void theQueuedBatchesOfAClusterThatIsGoneEndErrorWithItsReason() {
        deploy(10, Config.MAX_ACTIVE_STEPS, "1");
        submit("alice");
        String queued = submit("bob");
        aws.emr().terminateCluster(cluster, ClusterState.TERMINATED,
                new ClusterStateChangeReason(Optional.of(ClusterStateChangeReasonCode.USER_REQUEST), "Terminated by user request"));

        runSchedule();

        assertThat(api.get("bob", queued).json()).containsEntry("state", "ERROR")
                .containsEntry("appDiagnostic", "Never started: EMR cluster " + cluster + " is TERMINATED: Terminated by"
                        + " user request");
        assertThat(store.load(cluster)).isEqualTo(new ClusterLoad(cluster, 0, 0, null, store.load(cluster).users()));
    }

    @Test
    void aCreateThatDiedAfterQueueingLeavesTheBatchQueuedAndTheCountersInStep() {
        deploy(10, Config.MAX_ACTIVE_STEPS, "1");
        String running = submit("alice");
        String id = UUID.randomUUID().toString();
        // The function dies at its first query, after the transaction that queued the batch.
        aws.faults().crashBefore(request -> request instanceof QueryRequest);
        assertThat(api.create("alice", SPARK + ",\"conf\":{\"kyuubi.batch.id\":\"" + id + "\"}}").status()).isEqualTo(500);

        assertThat(api.get("alice", id).json()).containsEntry("state", "PENDING");
        assertThat(store.load(cluster).queued()).isEqualTo(1);
        aws.steps().completeStep(cluster, stepOf(running).id());
        runSchedule();

        assertThat(stepsOf(id)).hasSize(1);
    }

    @Test
    void aDispatcherThatDiesBetweenItsClaimAndItsStepIsRolledForwardOnceAfterTheGrace() {
        Handover handover = aStepEndsWithABatchQueued("alice");
        String queued = handover.queued();
        Step step = handover.step();
        aws.faults().crashBefore(request -> request instanceof AddJobFlowStepsRequest);

        assertThatThrownBy(() -> Events.handle(events, Events.stepChange(cluster, step, "COMPLETED")))
                .isInstanceOf(Faults.SimulatedCrash.class);
        runSchedule();

        assertThat(stepsOf(queued)).isEmpty();
        assertThat(api.get("alice", queued).json()).containsEntry("state", "PENDING");
        assertThat(queueKeysOf(api.get("alice", queued))).isEmpty();
        clock.advance(GRACE.plusSeconds(1));
        runSchedule();
        runSchedule();

        assertThat(stepsOf(queued)).hasSize(1);
        assertThat(logOf(queued)).anyMatch(line -> line.contains("submitted now by the state sync as step "
                + stepOf(queued).id()));
        assertThat(store.load(cluster).active()).isEqualTo(1);
    }

    @Test
    void aDispatcherThatDiesBetweenItsStepAndItsRecordIsFoundByNameNeverSubmittedTwice() {
        Handover handover = aStepEndsWithABatchQueued("alice");
        String queued = handover.queued();
        Step step = handover.step();
        aws.faults().crashBefore(StoreCalls::recordsAStep);

        assertThatThrownBy(() -> Events.handle(events, Events.stepChange(cluster, step, "COMPLETED")))
                .isInstanceOf(Faults.SimulatedCrash.class);
        clock.advance(GRACE.plusSeconds(1));
        runSchedule();
        runSchedule();

        assertThat(stepsOf(queued)).hasSize(1);
        assertThat(api.get("alice", queued).json()).containsEntry("appId", stepOf(queued).id());
        assertThat(logOf(queued)).anyMatch(line -> line.endsWith("Found step " + stepOf(queued).id() + " on EMR cluster "
                + cluster));
    }

    @Test
    void aDispatcherThatDiesBeforeItsClaimChangesNothingAndTheNextFillDispatches() {
        Handover handover = aStepEndsWithABatchQueued("alice");
        String queued = handover.queued();
        Step step = handover.step();
        aws.faults().crashBefore(request -> request instanceof TransactWriteItemsRequest transaction && isClaim(transaction));

        assertThatThrownBy(() -> Events.handle(events, Events.stepChange(cluster, step, "COMPLETED")))
                .isInstanceOf(Faults.SimulatedCrash.class);
        assertThat(queueInfo(api.get("alice", queued))).containsEntry("queue.state", "QUEUED")
                .containsEntry("queue.reason", "next in line (the cluster has a free slot; a dispatch is starting its"
                        + " batches)");
        runSchedule();

        assertThat(stepsOf(queued)).hasSize(1);
    }

    @Test
    void aKillJustBeforeTheDispatchersClaimWinsAndTheBatchNeverGetsAStep() {
        Handover handover = aStepEndsWithABatchQueued("bob");
        String queued = handover.queued();
        Step step = handover.step();
        TestApi otherFunction = new TestApi(aws.contextAt(clock, Map.of(Config.CLUSTER_ID, cluster,
                Config.MAX_ACTIVE_STEPS, "1")));
        aws.faults().interleaveBefore(request -> request instanceof TransactWriteItemsRequest transaction && isClaim(transaction),
                () -> assertThat(otherFunction.kill("bob", queued).json()).containsEntry("success", true));

        Events.handle(events, Events.stepChange(cluster, step, "COMPLETED"));

        assertThat(api.get("bob", queued).json()).containsEntry("state", "CANCELED");
        assertThat(stepsOf(queued)).isEmpty();
        assertThat(store.load(cluster)).satisfies(load -> assertThat(load.active() + load.queued()).isZero());
    }

    @Test
    void aKillBetweenTheDispatchersClaimAndItsStepCancelsTheStepTheDispatcherAdds() {
        Handover handover = aStepEndsWithABatchQueued("bob");
        String queued = handover.queued();
        Step step = handover.step();
        TestApi otherFunction = new TestApi(aws.contextAt(clock, Map.of(Config.CLUSTER_ID, cluster,
                Config.MAX_ACTIVE_STEPS, "1")));
        aws.faults().interleaveBefore(request -> request instanceof AddJobFlowStepsRequest,
                () -> assertThat(otherFunction.kill("bob", queued).json()).containsEntry("success", true));

        Events.handle(events, Events.stepChange(cluster, step, "COMPLETED"));

        assertThat(api.get("bob", queued).json()).containsEntry("state", "CANCELED");
        assertThat(stepsOf(queued)).singleElement().satisfies(added ->
                assertThat(aws.emr().step(cluster, added.id()).state()).isIn(StepState.CANCEL_PENDING, StepState.CANCELLED));
        assertThat(store.load(cluster).active()).isZero();
    }

    /** The dispatcher's claim: the transaction that takes a slot for a queued batch. */
    private static boolean isClaim(TransactWriteItemsRequest transaction) {
        return transaction.transactItems().get(0).update() != null
                && transaction.transactItems().get(0).update().expressionAttributeNames().containsValue("dispatchClaimedAt");
    }

    /** What a cluster of one slot hands over: the step of its running batch ended, unseen, and another batch waits. */
    private record Handover(String ended, String queued, Step step) {
    }

    private Handover aStepEndsWithABatchQueued(String queuedUser) {
        deploy(10, Config.MAX_ACTIVE_STEPS, "1");
        String ended = submit("alice");
        String queued = submit(queuedUser);
        Step step = stepOf(ended);
        aws.steps().completeStep(cluster, step.id());
        return new Handover(ended, queued, step);
    }

    private String submit(String user) {
        ApiResponse created = api.create(user, SPARK + "}");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.string("id");
    }

    private Map<String, Object> runSchedule() {
        return Events.handle(schedule, Events.SCHEDULED);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> queueInfo(ApiResponse batch) {
        return (Map<String, String>) batch.json().get("batchInfo");
    }

    /** The queue's keys of a batch's batchInfo: none once it left the queue, whatever else it shows. */
    private static List<String> queueKeysOf(ApiResponse batch) {
        return queueInfo(batch).keySet().stream().filter(key -> key.startsWith("queue.")).toList();
    }

    private Step stepOf(String batchId) {
        return stepsOf(batchId).stream().findFirst().orElseThrow();
    }

    private List<Step> stepsOf(String batchId) {
        return aws.stepsOf(cluster, batchId);
    }

    private List<String> logOf(String batchId) {
        return api.logLines("admin", batchId);
    }
}
