package dev.batchapi.local.emr.run;

import static dev.batchapi.local.emr.EmrFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.local.emr.EmrFixture;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepState;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Scripted steps: what a test makes each step do. */
class ScriptedStepRunnerTest {

    private static final Duration LONG = Duration.ofMinutes(1);
    private static final FailureDetails OOM = FailureDetails.of("Unknown Error.", "java.lang.OutOfMemoryError", "s3://logs/stderr.gz");

    private final EmrFixture fixture = new EmrFixture();
    private final ScriptedStepRunner runner = fixture.runner;
    private final String clusterId = fixture.cluster(4);

    @AfterEach
    void close() {
        fixture.close();
    }

    private void cancel(String stepId) {
        fixture.emr.cancelSteps(request -> request.clusterId(clusterId).stepIds(stepId));
    }

    @Test
    void aStepRunsUntilTheTestEndsItByDefault() throws InterruptedException {
        String stepId = fixture.addStep(clusterId, "a");

        Thread.sleep(50);
        assertThat(fixture.stateOf(clusterId, stepId)).isEqualTo(StepState.RUNNING);

        runner.completeStep(clusterId, stepId);
        assertThat(fixture.stateOf(clusterId, stepId)).isEqualTo(StepState.COMPLETED);
    }

    @Test
    void aStepScriptedByNameCompletesAfterItsRunTime() {
        runner.scriptNamed("quick", StepScript.completesAfter(Duration.ofMillis(40)));

        String quick = fixture.addStep(clusterId, "quick");
        String other = fixture.addStep(clusterId, "other");

        eventually(() -> assertThat(fixture.stateOf(clusterId, quick)).isEqualTo(StepState.COMPLETED));
        Step done = fixture.emulator.step(clusterId, quick);
        assertThat(Duration.between(done.timeline().start().orElseThrow(), done.timeline().end().orElseThrow()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(40));
        assertThat(fixture.stateOf(clusterId, other)).isEqualTo(StepState.RUNNING);
    }

    @Test
    void aStepScriptedByItsArgsFailsWithItsDetails() {
        runner.scriptArgsContaining("s3://bucket/broken.py", StepScript.failsAfter(Duration.ofMillis(10), OOM));

        String stepId = fixture.addStep(clusterId, "broken");

        eventually(() -> assertThat(fixture.stateOf(clusterId, stepId)).isEqualTo(StepState.FAILED));
        assertThat(fixture.emr.describeStep(request -> request.clusterId(clusterId).stepId(stepId))
                .step().status().failureDetails().message()).isEqualTo("java.lang.OutOfMemoryError");
    }

    @Test
    void theNewestMatchingScriptWins() {
        runner.script(launch -> true, StepScript.failsAfter(Duration.ZERO, OOM));
        runner.script(launch -> launch.hadoopJarStep().args().get(0).equals("spark-submit"), StepScript.completesAfter(Duration.ZERO));

        String stepId = fixture.addStep(clusterId, "a");

        eventually(() -> assertThat(fixture.stateOf(clusterId, stepId)).isEqualTo(StepState.COMPLETED));
    }

    @Test
    void whicheverEndComesFirstWins() throws InterruptedException {
        runner.scriptNamed("a", StepScript.completesAfter(Duration.ofMillis(30)));
        String stepId = fixture.addStep(clusterId, "a");

        runner.failStep(clusterId, stepId, OOM);
        Thread.sleep(60);

        assertThat(fixture.stateOf(clusterId, stepId)).isEqualTo(StepState.FAILED);
    }

    @Test
    void byDefaultAnInterruptedStepStaysCancelPendingUntilTheTestStopsIt() throws InterruptedException {
        String stepId = fixture.addStep(clusterId, "a");

        cancel(stepId);
        Thread.sleep(50);
        assertThat(fixture.stateOf(clusterId, stepId)).isEqualTo(StepState.CANCEL_PENDING);

        runner.stopStep(clusterId, stepId);
        assertThat(fixture.stateOf(clusterId, stepId)).isEqualTo(StepState.CANCELLED);
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

        eventually(() -> assertThat(fixture.stateOf(clusterId, stepId)).isEqualTo(StepState.CANCELLED));
    }

    @Test
    void aStepScriptedToStopSlowlyIsCancelPendingForItsStopTime() {
        runner.scriptNamed("slow-to-stop", StepScript.completesAfter(LONG).stopsAfterInterrupt(Duration.ofMillis(300)));
        String stepId = fixture.addStep(clusterId, "slow-to-stop");

        cancel(stepId);

        assertThat(fixture.stateOf(clusterId, stepId)).isEqualTo(StepState.CANCEL_PENDING);
        eventually(() -> assertThat(fixture.stateOf(clusterId, stepId)).isEqualTo(StepState.CANCELLED));
    }

    @Test
    void aTimedStepCanWaitForTheTestToStopIt() throws InterruptedException {
        runner.scriptNamed("stubborn", StepScript.completesAfter(LONG).stopsWhenTold());
        String stepId = fixture.addStep(clusterId, "stubborn");

        cancel(stepId);
        Thread.sleep(30);

        assertThat(fixture.stateOf(clusterId, stepId)).isEqualTo(StepState.CANCEL_PENDING);
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
    void aScriptedFailureNeedsARunTime() {
        assertThatThrownBy(() -> new StepScript(Optional.empty(), Optional.of(OOM), Optional.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
