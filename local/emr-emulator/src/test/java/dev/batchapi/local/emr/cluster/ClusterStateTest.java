package dev.batchapi.local.emr.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class ClusterStateTest {

    @Test
    void acceptsStepsInTheStatesEmrNames() {
        assertThat(Arrays.stream(ClusterState.values()).filter(ClusterState::acceptsSteps)).containsExactlyInAnyOrder(
                ClusterState.STARTING, ClusterState.BOOTSTRAPPING, ClusterState.RUNNING, ClusterState.WAITING);
    }

    @Test
    void runsStepsOnlyOnceReady() {
        assertThat(Arrays.stream(ClusterState.values()).filter(ClusterState::runsSteps))
                .containsExactlyInAnyOrder(ClusterState.RUNNING, ClusterState.WAITING);
    }

    @Test
    void everyLiveStateCanTerminate() {
        for (ClusterState state : EnumSet.of(ClusterState.STARTING, ClusterState.BOOTSTRAPPING, ClusterState.RUNNING, ClusterState.WAITING)) {
            assertThat(state.canMoveTo(ClusterState.TERMINATED)).as(state.name()).isTrue();
            assertThat(state.canMoveTo(ClusterState.TERMINATED_WITH_ERRORS)).as(state.name()).isTrue();
        }
    }

    @Test
    void aReadyClusterSwitchesBetweenRunningAndWaitingButNeverStartsAgain() {
        assertThat(ClusterState.WAITING.canMoveTo(ClusterState.RUNNING)).isTrue();
        assertThat(ClusterState.RUNNING.canMoveTo(ClusterState.WAITING)).isTrue();
        assertThat(ClusterState.RUNNING.canMoveTo(ClusterState.STARTING)).isFalse();
        assertThat(ClusterState.WAITING.canMoveTo(ClusterState.BOOTSTRAPPING)).isFalse();
    }

    @Test
    void aTerminatedClusterStaysTerminated() {
        for (ClusterState end : EnumSet.of(ClusterState.TERMINATED, ClusterState.TERMINATED_WITH_ERRORS)) {
            assertThat(Arrays.stream(ClusterState.values()).filter(end::canMoveTo)).as(end.name()).isEmpty();
        }
    }
}
