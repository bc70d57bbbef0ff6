package dev.batchapi.batch;

import java.util.Objects;

/**
 * What EMR says of a cluster: its state (EMR's names, e.g. WAITING, TERMINATED_WITH_ERRORS) and the
 * reason it gave for it. A cluster EMR no longer knows reads as {@value #UNKNOWN}.
 */
public record ClusterStatus(String clusterId, String state, String reason) {

    public static final String UNKNOWN = "UNKNOWN";

    public ClusterStatus {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(state, "state");
    }

    /** The cluster runs no step any more: terminated, or forgotten by EMR. */
    public boolean isGone() {
        return state.equals("TERMINATED") || state.equals("TERMINATED_WITH_ERRORS") || state.equals(UNKNOWN);
    }

    /** The cluster takes new steps: it is neither gone nor terminating. */
    public boolean acceptsSteps() {
        return !isGone() && !state.equals("TERMINATING");
    }

    /** Why the cluster's steps ended, in words for a batch's owner. */
    public String describeEnd() {
        String what = state.equals(UNKNOWN) ? "is no longer known to EMR" : "is " + state;
        return "EMR cluster " + clusterId + " " + what + (reason == null || reason.isBlank() ? "" : ": " + reason);
    }
}
