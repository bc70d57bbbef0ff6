package dev.batchapi.local.emr.step;

import static dev.batchapi.local.emr.EmrFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.emr.EmrFixture;
import dev.batchapi.local.emr.cluster.ClusterState;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReason;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReasonCode;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Step state change listeners, as the local stack will use them to call our event function. */
class StepEventDispatcherTest {

    private final EmrFixture fixture = new EmrFixture();
    private final List<StepEvent> heard = new CopyOnWriteArrayList<>();

    @AfterEach
    void close() {
        fixture.close();
    }

    private List<String> heardAsText() {
        return heard.stream().map(event -> event.stepId() + " " + event.state()).toList();
    }

    @Test
    void aListenerHearsEveryStateChangeOfAStep() {
        fixture.emulator.addStepListener(heard::add);
        String clusterId = fixture.cluster(1);
        String stepId = fixture.addStep(clusterId, "batch-7");

        fixture.runner.completeStep(clusterId, stepId);

        eventually(() -> assertThat(heard).extracting(StepEvent::state)
                .containsExactly(StepState.PENDING, StepState.RUNNING, StepState.COMPLETED));
        assertThat(heard).allSatisfy(event -> {
            assertThat(event.clusterId()).isEqualTo(clusterId);
            assertThat(event.stepId()).isEqualTo(stepId);
            assertThat(event.stepName()).isEqualTo("batch-7");
            assertThat(event.message()).startsWith("Step " + stepId + " (batch-7) in Amazon EMR cluster " + clusterId + " (test-cluster) ");
        });
        assertThat(heard.get(2).message()).contains("completed execution at " + heard.get(2).time());
        assertThat(heard.get(2).time()).isEqualTo(fixture.emulator.step(clusterId, stepId).timeline().end().orElseThrow());
    }

    @Test
    void eventsArriveInTheOrderTheChangesHappened() {
        fixture.emulator.addStepListener(heard::add);
        String clusterId = fixture.cluster(1);
        List<String> stepIds = fixture.addSteps(clusterId, "a", "b");

        fixture.runner.completeStep(clusterId, stepIds.get(0));
        fixture.runner.failStep(clusterId, stepIds.get(1), FailureDetails.of("Unknown Error.", null, null));

        String a = stepIds.get(0);
        String b = stepIds.get(1);
        eventually(() -> assertThat(heardAsText()).containsExactly(
                a + " PENDING", b + " PENDING", a + " RUNNING", a + " COMPLETED", b + " RUNNING", b + " FAILED"));
    }

    @Test
    void cancellingAndShuttingDownAreHeard() {
        fixture.emulator.addStepListener(heard::add);
        String clusterId = fixture.cluster(2);
        List<String> stepIds = fixture.addSteps(clusterId, "cancelled", "interrupted");

        fixture.emr.cancelSteps(request -> request.clusterId(clusterId).stepIds(stepIds.get(0)));
        fixture.runner.stopStep(clusterId, stepIds.get(0));
        fixture.emulator.terminateCluster(clusterId, ClusterState.TERMINATED,
                ClusterStateChangeReason.of(ClusterStateChangeReasonCode.USER_REQUEST, "Terminated by user request"));

        String cancelled = stepIds.get(0);
        String interrupted = stepIds.get(1);
        eventually(() -> assertThat(heardAsText()).endsWith(
                cancelled + " CANCEL_PENDING", cancelled + " CANCELLED", interrupted + " INTERRUPTED"));
    }

    @Test
    void aListenerMayCallTheEmrApiBack() {
        List<String> describedStates = new CopyOnWriteArrayList<>();
        fixture.emulator.addStepListener(event -> describedStates.add(fixture.emr
                .describeStep(request -> request.clusterId(event.clusterId()).stepId(event.stepId()))
                .step().status().stateAsString()));
        String clusterId = fixture.cluster(1);
        String stepId = fixture.addStep(clusterId, "a");

        fixture.runner.completeStep(clusterId, stepId);

        eventually(() -> assertThat(describedStates).hasSize(3).endsWith("COMPLETED"));
    }

    @Test
    void aFailingListenerDoesNotSilenceTheOthers() {
        fixture.emulator.addStepListener(event -> {
            throw new IllegalStateException("listener bug");
        });
        fixture.emulator.addStepListener(heard::add);
        String clusterId = fixture.cluster(1);

        fixture.addStep(clusterId, "a");

        eventually(() -> assertThat(heard).extracting(StepEvent::state).containsExactly(StepState.PENDING, StepState.RUNNING));
    }
}
