package dev.batchapi.local.emr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.local.emr.cluster.Cluster;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.cluster.ClusterState;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReason;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReasonCode;
import dev.batchapi.local.emr.run.ScriptedStepRunner;
import dev.batchapi.local.emr.run.StepCallback;
import dev.batchapi.local.emr.run.StepLaunch;
import dev.batchapi.local.emr.run.StepProcess;
import dev.batchapi.local.emr.run.StepRunner;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.emr.EmrClient;

/** The Java side a test uses to set up clusters and look at steps. */
class EmrEmulatorTest {

    private static final ClusterStateChangeReason LOST_MASTER =
            ClusterStateChangeReason.of(ClusterStateChangeReasonCode.INSTANCE_FAILURE, "The master node was lost.");

    private final EmrFixture fixture = new EmrFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void stepsAreSnapshotsInSubmissionOrder() {
        String clusterId = fixture.cluster(1);
        List<String> stepIds = fixture.addSteps(clusterId, "a", "b");
        List<Step> before = fixture.emulator.steps(clusterId);

        fixture.runner.completeStep(clusterId, stepIds.get(0));

        assertThat(before).extracting(Step::id).containsExactlyElementsOf(stepIds);
        assertThat(before).extracting(Step::state).containsExactly(StepState.RUNNING, StepState.PENDING);
        assertThat(fixture.emulator.steps(clusterId)).extracting(Step::state).containsExactly(StepState.COMPLETED, StepState.RUNNING);
    }

    @Test
    void findsTheNewestStepOfAName() {
        String clusterId = fixture.cluster(1);
        List<String> stepIds = fixture.addSteps(clusterId, "batch-1", "batch-2", "batch-1");

        assertThat(fixture.emulator.stepNamed(clusterId, "batch-1")).map(Step::id).hasValue(stepIds.get(2));
        assertThat(fixture.emulator.stepNamed(clusterId, "batch-3")).isEmpty();
    }

    @Test
    void terminatesAClusterWithTheGivenStateAndReasonEvenWhenProtected() {
        String clusterId = fixture.emulator.createCluster(ClusterSpec.named("c").withTerminationProtected(true));
        List<String> stepIds = fixture.addSteps(clusterId, "running", "pending");

        fixture.emulator.terminateCluster(clusterId, ClusterState.TERMINATED_WITH_ERRORS, LOST_MASTER);

        Cluster cluster = fixture.emulator.cluster(clusterId);
        assertThat(cluster.state()).isEqualTo(ClusterState.TERMINATED_WITH_ERRORS);
        assertThat(cluster.status().reason()).isEqualTo(LOST_MASTER);
        assertThat(fixture.stateOf(clusterId, stepIds.get(0))).as("running").isEqualTo(StepState.INTERRUPTED);
        assertThat(fixture.stateOf(clusterId, stepIds.get(1))).as("pending").isEqualTo(StepState.CANCELLED);
        var described = fixture.emr.describeCluster(request -> request.clusterId(clusterId)).cluster().status();
        assertThat(described.stateChangeReason().codeAsString()).isEqualTo("INSTANCE_FAILURE");
        assertThat(described.stateChangeReason().message()).isEqualTo("The master node was lost.");
    }

    @Test
    void terminatesOnlyIntoATerminalState() {
        String clusterId = fixture.cluster(1);

        assertThatThrownBy(() -> fixture.emulator.terminateCluster(clusterId, ClusterState.WAITING, LOST_MASTER))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void marksOnlyAStartingClusterReady() {
        String clusterId = fixture.cluster(1);

        assertThatThrownBy(() -> fixture.emulator.markClusterReady(clusterId))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("WAITING");
    }

    @Test
    void anEmulatorThatCannotListenClosesTheRunnerItWasGiven() throws IOException {
        AtomicBoolean closed = new AtomicBoolean();
        StepRunner runner = new StepRunner() {
            @Override
            public StepProcess start(StepLaunch launch, StepCallback callback) {
                throw new UnsupportedOperationException("no step starts in this test");
            }

            @Override
            public void close() {
                closed.set(true);
            }
        };
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> EmrEmulator.start(runner, taken.getLocalPort()))
                    .isInstanceOf(UncheckedIOException.class);
        }

        assertThat(closed).isTrue();
    }

    @Test
    void stopsServingWhenClosed() {
        EmrEmulator emulator = EmrEmulator.start(new ScriptedStepRunner());
        try (EmrClient emr = EmrFixture.clientFor(emulator)) {
            String clusterId = emulator.createCluster(ClusterSpec.named("c"));

            emulator.close();

            assertThatThrownBy(() -> emr.describeCluster(request -> request.clusterId(clusterId)))
                    .isInstanceOf(SdkClientException.class);
        }
    }
}
