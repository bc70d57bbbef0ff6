package dev.batchapi.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ShareLimitsTest {

    private static final ClusterLoad.UserShare ALICE = new ClusterLoad.UserShare("alice", 1, 0, 0);

    @Test
    void aNewBatchTakesASlotOnlyBelowBothLimitsWithNoOneWaitingOnAClusterThatTakesSteps() {
        ShareLimits limits = new ShareLimits(3, Map.of("j-SMALL", 1), 2);

        assertThat(limits.hasRoomFor(load("j-1", 2, 0, null), "alice")).isTrue();
        assertThat(limits.hasRoomFor(load("j-1", 3, 0, null), "alice")).isFalse();
        assertThat(limits.hasRoomFor(load("j-SMALL", 1, 0, null), "alice")).isFalse();
        assertThat(limits.hasRoomFor(load("j-1", 1, 1, null), "bob")).as("someone waits").isFalse();
        assertThat(limits.hasRoomFor(load("j-1", 1, 0, "EMR cluster j-1 is TERMINATING"), "alice")).isFalse();
        assertThat(new ShareLimits(3, Map.of(), 1).hasRoomFor(load("j-1", 1, 0, null), "alice")).as("at the share").isFalse();
        assertThat(new ShareLimits(3, Map.of(), 0).hasRoomFor(load("j-1", 1, 0, null), "alice")).as("no cap").isTrue();
    }

    @Test
    void aClustersLimitIsFromOneToEmrsAndACapIsNeverNegative() {
        assertThatThrownBy(() -> new ShareLimits(257, Map.of(), 0)).hasMessageContaining("from 1 to 256");
        assertThatThrownBy(() -> new ShareLimits(200, Map.of("j-1", 0), 0)).hasMessageContaining("is 0");
        assertThatThrownBy(() -> new ShareLimits(200, Map.of(), -1)).hasMessageContaining("negative");
    }

    private static ClusterLoad load(String clusterId, int active, int queued, String notAccepting) {
        return new ClusterLoad(clusterId, active, queued, notAccepting, Map.of("alice", ALICE));
    }
}
