package dev.batchapi.local.emr.cluster;

import static dev.batchapi.local.emr.EmrFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.emr.EmrEmulator;
import dev.batchapi.local.emr.EmrFixture;
import dev.batchapi.local.emr.run.ManualStepTimer;
import dev.batchapi.local.emr.run.ScriptedStepRunner;
import dev.batchapi.local.emr.run.StepCallback;
import dev.batchapi.local.emr.run.StepLaunch;
import dev.batchapi.local.emr.run.StepProcess;
import dev.batchapi.local.emr.run.StepRunner;
import dev.batchapi.local.emr.run.StepScript;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepCancellationOption;
import dev.batchapi.local.emr.step.StepEvent;
import dev.batchapi.local.emr.step.StepState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;

/** How a cluster schedules its steps, through the SDK as the product sees it. */
class LiveClusterTest {

    private final EmrFixture fixture = new EmrFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private List<StepState> statesOf(String clusterId) {
        return fixture.emulator.steps(clusterId).stream().map(Step::state).toList();
    }

    private String addStep(String clusterId, String name, ActionOnFailure action) {
        return fixture.emr.addJobFlowSteps(request -> request.jobFlowId(clusterId)
                .steps(EmrFixture.sparkStep(name).toBuilder().actionOnFailure(action).build())).stepIds().get(0);
    }

    @Test
    void startsStepsInSubmissionOrderAtMostConcurrencyLevelAtOnce() {
        String clusterId = fixture.cluster(2);
        List<String> stepIds = fixture.addSteps(clusterId, "a", "b", "c", "d", "e");
        assertThat(statesOf(clusterId)).containsExactly(
                StepState.RUNNING, StepState.RUNNING, StepState.PENDING, StepState.PENDING, StepState.PENDING);

        fixture.runner.completeStep(clusterId, stepIds.get(1));
        assertThat(statesOf(clusterId)).containsExactly(
                StepState.RUNNING, StepState.COMPLETED, StepState.RUNNING, StepState.PENDING, StepState.PENDING);

        fixture.runner.failStep(clusterId, stepIds.get(0), FailureDetails.of("Unknown Error.", null, null));
        assertThat(statesOf(clusterId)).containsExactly(
                StepState.FAILED, StepState.COMPLETED, StepState.RUNNING, StepState.RUNNING, StepState.PENDING);
    }

    @Test
    void theClusterRunsWhileAnyStepRunsAndWaitsWhenNoneDoes() {
        String clusterId = fixture.cluster(2);
        List<String> stepIds = fixture.addSteps(clusterId, "a", "b");

        fixture.runner.completeStep(clusterId, stepIds.get(0));
        assertThat(fixture.emulator.cluster(clusterId).state()).isEqualTo(ClusterState.RUNNING);

        fixture.runner.completeStep(clusterId, stepIds.get(1));
        assertThat(fixture.emulator.cluster(clusterId).state()).isEqualTo(ClusterState.WAITING);
    }

    @Test
    void aStartingClusterKeepsItsStepsPendingUntilItIsReady() {
        String clusterId = fixture.emulator.createCluster(ClusterSpec.named("booting").withInitialState(ClusterState.BOOTSTRAPPING));
        String stepId = fixture.addStep(clusterId, "a");
        assertThat(fixture.stateOf(clusterId, stepId)).isEqualTo(StepState.PENDING);
        assertThat(fixture.emulator.cluster(clusterId).status().timeline().ready()).isEmpty();

        fixture.emulator.markClusterReady(clusterId);

        assertThat(fixture.stateOf(clusterId, stepId)).isEqualTo(StepState.RUNNING);
        assertThat(fixture.emulator.cluster(clusterId).state()).isEqualTo(ClusterState.RUNNING);
        assertThat(fixture.emulator.cluster(clusterId).status().timeline().ready()).isPresent();
    }

    @Test
    void continueGoesOnWithTheNextStepAfterAFailure() {
        String clusterId = fixture.cluster(1);
        String failing = addStep(clusterId, "failing", ActionOnFailure.CONTINUE);
        String next = addStep(clusterId, "next", ActionOnFailure.CONTINUE);

        fixture.runner.failStep(clusterId, failing, FailureDetails.of("Unknown Error.", null, null));

        assertThat(fixture.stateOf(clusterId, next)).isEqualTo(StepState.RUNNING);
    }

    @Test
    void cancelAndWaitCancelsThePendingStepsWhenAStepFails() {
        String clusterId = fixture.cluster(1);
        String failing = addStep(clusterId, "failing", ActionOnFailure.CANCEL_AND_WAIT);
        fixture.addSteps(clusterId, "b", "c");

        fixture.runner.failStep(clusterId, failing, FailureDetails.of("Unknown Error.", null, null));

        assertThat(statesOf(clusterId)).containsExactly(StepState.FAILED, StepState.CANCELLED, StepState.CANCELLED);
        assertThat(fixture.emulator.cluster(clusterId).state()).isEqualTo(ClusterState.WAITING);
        String later = fixture.addStep(clusterId, "later");
        assertThat(fixture.stateOf(clusterId, later)).as("the cluster runs steps again").isEqualTo(StepState.RUNNING);
    }

    @Test
    void terminateClusterShutsTheClusterDownWhenAStepFails() {
        for (ActionOnFailure action : List.of(ActionOnFailure.TERMINATE_CLUSTER, ActionOnFailure.TERMINATE_JOB_FLOW)) {
            String clusterId = fixture.cluster(1);
            String failing = addStep(clusterId, "failing", action);
            fixture.addSteps(clusterId, "b");

            fixture.runner.failStep(clusterId, failing, FailureDetails.of("Unknown Error.", null, null));

            Cluster cluster = fixture.emulator.cluster(clusterId);
            assertThat(cluster.state()).as(action.toString()).isEqualTo(ClusterState.TERMINATED_WITH_ERRORS);
            assertThat(cluster.status().reason().code()).hasValue(ClusterStateChangeReasonCode.STEP_FAILURE);
            assertThat(statesOf(clusterId)).containsExactly(StepState.FAILED, StepState.CANCELLED);
        }
    }

    @Test
    void aReportForAStepTheClusterAlreadyEndedIsIgnored() {
        // The kill of the step's process waits on a timer the test holds, so the process can still
        // report after the cluster has ended the step.
        ManualStepTimer timer = new ManualStepTimer();
        try (EmrFixture manual = new EmrFixture(new ScriptedStepRunner(timer))) {
            String clusterId = manual.cluster(1);
            String stepId = manual.addStep(clusterId, "a");
            manual.emulator.terminateCluster(clusterId, ClusterState.TERMINATED,
                    ClusterStateChangeReason.of(ClusterStateChangeReasonCode.INSTANCE_FAILURE, "lost the master"));

            manual.runner.completeStep(clusterId, stepId);
            timer.runDue();

            assertThat(manual.stateOf(clusterId, stepId)).isEqualTo(StepState.INTERRUPTED);
        }
    }

    @Test
    void theRunnerGetsWhatItNeedsToLaunchTheStep() {
        RecordingStepRunner runner = new RecordingStepRunner();
        try (EmrEmulator emulator = EmrEmulator.start(runner); EmrClient emr = EmrFixture.clientFor(emulator)) {
            String clusterId = emulator.createCluster(ClusterSpec.named("c").withLogUri("s3://logs/"));

            String stepId = emr.addJobFlowSteps(request -> request.jobFlowId(clusterId)
                    .steps(EmrFixture.sparkStep("batch")).executionRoleArn("arn:aws:iam::000000000000:role/r")).stepIds().get(0);

            assertThat(runner.launches).singleElement().satisfies(launch -> {
                assertThat(launch.clusterId()).isEqualTo(clusterId);
                assertThat(launch.stepId()).isEqualTo(stepId);
                assertThat(launch.name()).isEqualTo("batch");
                assertThat(launch.hadoopJarStep().jar()).isEqualTo("command-runner.jar");
                assertThat(launch.hadoopJarStep().args()).startsWith("spark-submit");
                assertThat(launch.executionRoleArn()).hasValue("arn:aws:iam::000000000000:role/r");
                assertThat(launch.logUri()).hasValue("s3://logs/");
            });
        }
    }

    @Test
    void theRunnerIsInterruptedWithSigtermSigkillAndSigkillOnShutdown() {
        RecordingStepRunner runner = new RecordingStepRunner();
        try (EmrEmulator emulator = EmrEmulator.start(runner); EmrClient emr = EmrFixture.clientFor(emulator)) {
            String clusterId = emulator.createCluster(ClusterSpec.named("c").withStepConcurrencyLevel(2));
            List<String> stepIds = emr.addJobFlowSteps(request -> request.jobFlowId(clusterId)
                    .steps(EmrFixture.sparkStep("cancelled"), EmrFixture.sparkStep("shut-down"))).stepIds();

            emr.cancelSteps(request -> request.clusterId(clusterId).stepIds(stepIds.get(0)));
            emr.cancelSteps(request -> request.clusterId(clusterId).stepIds(stepIds.get(0))
                    .stepCancellationOption(software.amazon.awssdk.services.emr.model.StepCancellationOption.TERMINATE_PROCESS));
            emr.terminateJobFlows(request -> request.jobFlowIds(clusterId));

            assertThat(runner.interrupts.get(stepIds.get(0))).containsExactly(
                    StepCancellationOption.SEND_INTERRUPT, StepCancellationOption.TERMINATE_PROCESS, StepCancellationOption.TERMINATE_PROCESS);
            assertThat(runner.interrupts.get(stepIds.get(1))).containsExactly(StepCancellationOption.TERMINATE_PROCESS);
            assertThat(emulator.steps(clusterId)).extracting(Step::state)
                    .containsExactly(StepState.CANCELLED, StepState.INTERRUPTED);
        }
    }

    @Test
    void aStepTheRunnerCannotStartFailsAndTheNextOneStarts() {
        StepRunner broken = (launch, callback) -> {
            if (launch.name().equals("broken")) {
                throw new IllegalStateException("spark-submit: not found");
            }
            return option -> { };
        };
        try (EmrEmulator emulator = EmrEmulator.start(broken); EmrClient emr = EmrFixture.clientFor(emulator)) {
            String clusterId = emulator.createCluster(ClusterSpec.named("c"));

            emr.addJobFlowSteps(request -> request.jobFlowId(clusterId)
                    .steps(EmrFixture.sparkStep("broken"), EmrFixture.sparkStep("fine")));

            List<Step> steps = emulator.steps(clusterId);
            assertThat(steps).extracting(Step::state).containsExactly(StepState.FAILED, StepState.RUNNING);
            assertThat(steps.get(0).failureDetails()).hasValueSatisfying(details -> {
                assertThat(details.reason()).hasValue("Step failed to start");
                assertThat(details.message()).hasValue("spark-submit: not found");
            });
        }
    }

    @Test
    void aRunnerThatReportsFromInsideStartIsRefused() {
        StepRunner hasty = (launch, callback) -> {
            callback.completed();
            return option -> { };
        };
        try (EmrEmulator emulator = EmrEmulator.start(hasty); EmrClient emr = EmrFixture.clientFor(emulator)) {
            String clusterId = emulator.createCluster(ClusterSpec.named("c"));

            emr.addJobFlowSteps(request -> request.jobFlowId(clusterId).steps(EmrFixture.sparkStep("a")));

            Step step = emulator.steps(clusterId).get(0);
            assertThat(step.state()).isEqualTo(StepState.FAILED);
            assertThat(step.failureDetails().flatMap(FailureDetails::message)).hasValueSatisfying(
                    message -> assertThat(message).contains("from inside start or interrupt"));
        }
    }

    @Test
    void manyThreadsSubmittingAndEndingStepsNeverBreakTheRules() throws Exception {
        String clusterId = fixture.cluster(3);
        fixture.runner.script(launch -> true, StepScript.completesAfter(Duration.ofMillis(1)));
        Map<String, StepState> lastSeen = new HashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostRunning = new AtomicInteger();
        List<String> startOrder = new CopyOnWriteArrayList<>();
        fixture.emulator.addStepListener(event -> trackRunning(event, lastSeen, running, mostRunning, startOrder));

        ExecutorService submitters = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<String>>> submitted = new ArrayList<>();
            for (int thread = 0; thread < 8; thread++) {
                submitted.add(submitters.submit(() -> IntStream.range(0, 10)
                        .mapToObj(call -> fixture.addSteps(clusterId, "x", "y"))
                        .flatMap(List::stream)
                        .toList()));
            }
            List<String> stepIds = new ArrayList<>();
            for (Future<List<String>> ids : submitted) {
                stepIds.addAll(ids.get());
            }

            assertThat(stepIds).hasSize(160).doesNotHaveDuplicates();
            eventually(() -> assertThat(startOrder).hasSize(160));
            eventually(() -> assertThat(statesOf(clusterId)).containsOnly(StepState.COMPLETED));
            assertThat(mostRunning.get()).isLessThanOrEqualTo(3);
            assertThat(startOrder).as("started in submission order")
                    .containsExactlyElementsOf(fixture.emulator.steps(clusterId).stream().map(Step::id).toList());
        } finally {
            submitters.shutdownNow();
        }
    }

    /** Listeners run on one thread, so plain collections are safe here. */
    private static void trackRunning(StepEvent event, Map<String, StepState> lastSeen, AtomicInteger running,
            AtomicInteger mostRunning, List<String> startOrder) {
        StepState before = lastSeen.put(event.stepId(), event.state());
        if (event.state() == StepState.RUNNING) {
            startOrder.add(event.stepId());
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
        } else if (before == StepState.RUNNING && event.state().isTerminal()) {
            running.decrementAndGet();
        }
    }

    /** Records what the scheduler asks of a runner; its steps run until the test is over. */
    private static final class RecordingStepRunner implements StepRunner {

        final List<StepLaunch> launches = new CopyOnWriteArrayList<>();
        final Map<String, List<StepCancellationOption>> interrupts = new ConcurrentHashMap<>();

        @Override
        public StepProcess start(StepLaunch launch, StepCallback callback) {
            launches.add(launch);
            List<StepCancellationOption> received = interrupts.computeIfAbsent(launch.stepId(), id -> new CopyOnWriteArrayList<>());
            return received::add;
        }
    }
}
