package dev.batchapi.local.emr.cluster;

import java.util.Objects;
import java.util.Optional;

/** Why a cluster is in its state: EMR gives a code only for terminations, and a message always. */
public record ClusterStateChangeReason(Optional<ClusterStateChangeReasonCode> code, String message) {

    // The messages EMR shows with a ready cluster.
    static final ClusterStateChangeReason READY = message("Cluster ready to run steps.");
    static final ClusterStateChangeReason READY_AFTER_STEPS = message("Cluster ready after last step completed.");
    static final ClusterStateChangeReason RUNNING_STEP = message("Running step");

    public ClusterStateChangeReason {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public static ClusterStateChangeReason of(ClusterStateChangeReasonCode code, String message) {
        return new ClusterStateChangeReason(Optional.of(code), message);
    }

    public static ClusterStateChangeReason message(String message) {
        return new ClusterStateChangeReason(Optional.empty(), message);
    }
}
