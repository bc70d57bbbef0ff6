package dev.batchapi.local.emr.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.local.emr.EmrFixture;
import dev.batchapi.local.emr.cluster.ClusterState;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReason;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReasonCode;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emr.model.StepCancellationOption;

/** Scripted steps: what a test makes each step do, on a timer the test moves by hand. */
class ScriptedStepRunnerTest {

    private static final Duration LONG = Duration.ofMinutes(1);
    private static final Duration MILLISECOND = Duration.ofMillis(1);
    private static final FailureDetails OOM = FailureDetails.of("Unknown Error.", "java.lang.OutOfMemoryError", "s3://logs/stderr.gz");

    private final ManualStepTimer timer = new ManualStepTimer();
    private final EmrFixture fixture = new EmrFixture(new ScriptedStepRunner(timer));
    private final ScriptedStepRunner runner = fixture.runner;
    private final String clusterId = fixture.cluster(4);

    @AfterEach
    void close() {
        fixture.close();
    }

    private void cancel(String stepId, StepCancellationOption option) {
        fixture.emr.cancelSteps(request -> request.clusterId(clusterId).stepIds(stepId).stepCancellationOption(option));
    }

    private void cancel(String stepId) {
        cancel(stepId, StepCancellationOption.SEND_INTERRUPT);
    }

    private StepState stateOf(String stepId) {
        return fixture.stateOf(clusterId, stepId);
    }

    @Test
    void aStepRunsUntilTheTestEndsItByDefault() {
        String stepId = fixture.addStep(clusterId, "a");

        timer.advance(LONG);
        assertThat(stateOf(stepId)).isEqualTo(StepState.RUNNING);

        runner.completeStep(clusterId, stepId);
        assertThat(stateOf(stepId)).isEqualTo(StepState.COMPLETED);
    }

    @Test
    void aStepScriptedByNameCompletesAfterItsRunTime() {
        runner.scriptNamed("quick", StepScript.completesAfter(Duration.ofMillis(40)));
        String quick = fixture.addStep(clusterId, "quick");
        String other = fixture.addStep(clusterId, "other");

        timer.advance(Duration.ofMillis(40).minus(MILLISECOND));
        assertThat(stateOf(quick)).isEqualTo(StepState.RUNNING);

        timer.advance(MILLISECOND);
        assertThat(stateOf(quick)).isEqualTo(StepState.COMPLETED);
        assertThat(stateOf(other)).isEqualTo(StepState.RUNNING);
    }

    @Test
    void aStepScriptedByItsArgsFailsWithItsDetails() {
        runner.scriptArgsContaining("s3://bucket/broken.py", StepScript.failsAfter(Duration.ofMillis(10), OOM));
        String stepId = fixture.addStep(clusterId, "broken");

        timer.advance(Duration.ofMillis(10));

        assertThat(stateOf(stepId)).isEqualTo(StepState.FAILED);
        assertThat(fixture.emr.describeStep(request -> request.clusterId(clusterId).stepId(stepId))
                .step().status().failureDetails().message()).isEqualTo("java.lang.OutOfMemoryError");
    }

    @Test
    void theNewestMatchingScriptWins() {
        runner.script(launch -> true, StepScript.failsAfter(Duration.ZERO, OOM));
        runner.script(launch -> launch.hadoopJarStep().args().get(0).equals("spark-submit"), StepScript.completesAfter(Duration.ZERO));
        String stepId = fixture.addStep(clusterId, "a");

        timer.runDue();

        assertThat(stateOf(stepId)).isEqualTo(StepState.COMPLETED);
    }

    @Test
    void whicheverEndComesFirstWins() {
        runner.scriptNamed("a", StepScript.completesAfter(Duration.ofMillis(30)));
        String stepId = fixture.addStep(clusterId, "a");

        runner.failStep(clusterId, stepId, OOM);
        timer.advance(LONG);

        assertThat(stateOf(stepId)).isEqualTo(StepState.FAILED);
    }

    @Test
    void byDefaultAnInterruptedStepStaysCancelPendingUntilTheTestStopsIt() {
        String stepId = fixture.addStep(clusterId, "a");

        cancel(stepId);
        timer.advance(LONG);
        assertThat(stateOf(stepId)).isEqualTo(StepState.CANCEL_PENDING);

        runner.stopStep(clusterId, stepId);
        assertThat(stateOf(stepId)).isEqualTo(StepState.CANCELLED);
    }

    @Test
    void aCancelPendingStepEndsCancelledHoweverItsProcessEnds() {
        List<String> stepIds = fixture.addSteps(clusterId, "completes", "fails");
        stepIds.forEach(this::cancel);

        runner.completeStep(clusterId, stepIds.get(0));
        runner.failStep(clusterId, stepIds.get(1), OOM);

        assertThat(fixture.emulator.steps(clusterId)).extracting(Step::state).containsOnly(StepState.CANCELLED);
        assertThat(fixture.emulator.steps(clusterId)).extracting(Step::failureDetails).containsOnly(Optional.empty());
    }

    @Test
    void aTimedStepStopsAtOnceWhenInterrupted() {
        runner.scriptNamed("long", StepScript.completesAfter(LONG));
        String stepId = fixture.addStep(clusterId, "long");

        cancel(stepId);
        assertThat(stateOf(stepId)).as("the process has not stopped yet").isEqualTo(StepState.CANCEL_PENDING);

        timer.runDue();
        assertThat(stateOf(stepId)).isEqualTo(StepState.CANCELLED);
    }

    @Test
    void aStepScriptedToStopSlowlyIsCancelPendingForItsStopTime() {
        runner.scriptNamed("slow-to-stop", StepScript.completesAfter(LONG).stopsAfterInterrupt(Duration.ofMillis(300)));
        String stepId = fixture.addStep(clusterId, "slow-to-stop");

        cancel(stepId);
        timer.advance(Duration.ofMillis(300).minus(MILLISECOND));
        assertThat(stateOf(stepId)).isEqualTo(StepState.CANCEL_PENDING);

        timer.advance(MILLISECOND);
        assertThat(stateOf(stepId)).isEqualTo(StepState.CANCELLED);
    }

    @Test
    void aTimedStepCanWaitForTheTestToStopIt() {
        runner.scriptNamed("stubborn", StepScript.completesAfter(LONG).stopsWhenTold());
        String stepId = fixture.addStep(clusterId, "stubborn");

        cancel(stepId);
        timer.advance(LONG.minus(MILLISECOND));

        assertThat(stateOf(stepId)).isEqualTo(StepState.CANCEL_PENDING);
    }

    @Test
    void terminateProcessEndsAStepAtOnceEvenOneThatStopsOnlyWhenTold() {
        String stepId = fixture.addStep(clusterId, "stubborn");

        cancel(stepId, StepCancellationOption.TERMINATE_PROCESS);
        timer.runDue();

        assertThat(stateOf(stepId)).isEqualTo(StepState.CANCELLED);
    }

    @Test
    void aHarderCancelEndsAStepThatAnInterruptDidNotStop() {
        String stepId = fixture.addStep(clusterId, "stubborn");
        cancel(stepId);
        timer.advance(LONG);

        cancel(stepId, StepCancellationOption.TERMINATE_PROCESS);
        timer.runDue();

        assertThat(stateOf(stepId)).isEqualTo(StepState.CANCELLED);
    }

    @Test
    void theProcessOfAStepItsClusterEndedIsGone() {
        String stepId = fixture.addStep(clusterId, "a");

        fixture.emulator.terminateCluster(clusterId, ClusterState.TERMINATED_WITH_ERRORS,
                ClusterStateChangeReason.of(ClusterStateChangeReasonCode.INSTANCE_FAILURE, "The master node was lost."));
        timer.runDue();

        assertThat(stateOf(stepId)).isEqualTo(StepState.INTERRUPTED);
        assertThatThrownBy(() -> runner.completeStep(clusterId, stepId))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running");
    }

    @Test
    void theTestCannotEndAStepThatIsNotRunning() {
        String clusterOfOne = fixture.cluster(1);
        List<String> stepIds = fixture.addSteps(clusterOfOne, "running", "pending");

        assertThatThrownBy(() -> runner.completeStep(clusterOfOne, stepIds.get(1)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running");
        assertThatThrownBy(() -> runner.stopStep(clusterOfOne, stepIds.get(0)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not interrupted");
    }

    @Test
    void theTestCannotEndAStepTwice() {
        String stepId = fixture.addStep(clusterId, "a");
        runner.completeStep(clusterId, stepId);

        assertThatThrownBy(() -> runner.failStep(clusterId, stepId, OOM))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running");
        assertThat(stateOf(stepId)).isEqualTo(StepState.COMPLETED);
    }

    @Test
    void aScriptedFailureNeedsARunTime() {
        assertThatThrownBy(() -> new StepScript(Optional.empty(), Optional.of(OOM), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
