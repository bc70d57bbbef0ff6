package dev.batchapi.local.emr.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClusterSpecTest {

    @Test
    void defaultsToAReadyLongLivedClusterRunningOneStepAtATime() {
        ClusterSpec spec = ClusterSpec.named("c");

        assertThat(spec.initialState()).isEqualTo(ClusterState.WAITING);
        assertThat(spec.stepConcurrencyLevel()).isEqualTo(1);
        assertThat(spec.autoTerminate()).isFalse();
        assertThat(spec.terminationProtected()).isFalse();
        assertThat(spec.visibleToAllUsers()).isTrue();
    }

    @Test
    void refusesAStepConcurrencyLevelOutsideOneTo256() {
        assertThat(ClusterSpec.named("c").withStepConcurrencyLevel(256).stepConcurrencyLevel()).isEqualTo(256);
        assertThatThrownBy(() -> ClusterSpec.named("c").withStepConcurrencyLevel(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterSpec.named("c").withStepConcurrencyLevel(257)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void startsOnlyStartingBootstrappingOrWaiting() {
        assertThat(ClusterSpec.named("c").withInitialState(ClusterState.BOOTSTRAPPING).initialState())
                .isEqualTo(ClusterState.BOOTSTRAPPING);
        assertThatThrownBy(() -> ClusterSpec.named("c").withInitialState(ClusterState.RUNNING))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterSpec.named("c").withInitialState(ClusterState.TERMINATED))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
