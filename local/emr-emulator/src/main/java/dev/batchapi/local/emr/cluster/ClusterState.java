package dev.batchapi.local.emr.cluster;

import java.util.EnumSet;
import java.util.Set;

/**
 * The states of an EMR cluster, with the moves the emulator makes between them. TERMINATING is
 * left out: here a cluster shuts down at once.
 */
public enum ClusterState {
    STARTING,
    BOOTSTRAPPING,
    RUNNING,
    WAITING,
    TERMINATED,
    TERMINATED_WITH_ERRORS;

    /** EMR accepts AddJobFlowSteps only in these states; steps added while starting wait PENDING. */
    public boolean acceptsSteps() {
        return this != TERMINATED && this != TERMINATED_WITH_ERRORS;
    }

    /** A ready cluster: RUNNING while it runs steps, WAITING when it has none to run. */
    public boolean runsSteps() {
        return this == RUNNING || this == WAITING;
    }

    public boolean isTerminated() {
        return this == TERMINATED || this == TERMINATED_WITH_ERRORS;
    }

    public boolean canMoveTo(ClusterState next) {
        return successors().contains(next);
    }

    private Set<ClusterState> successors() {
        return switch (this) {
            // Bootstrapping is optional here: a cluster without bootstrap actions is ready at once.
            case STARTING -> EnumSet.of(BOOTSTRAPPING, RUNNING, WAITING, TERMINATED, TERMINATED_WITH_ERRORS);
            case BOOTSTRAPPING -> EnumSet.of(RUNNING, WAITING, TERMINATED, TERMINATED_WITH_ERRORS);
            case RUNNING -> EnumSet.of(WAITING, TERMINATED, TERMINATED_WITH_ERRORS);
            case WAITING -> EnumSet.of(RUNNING, TERMINATED, TERMINATED_WITH_ERRORS);
            case TERMINATED, TERMINATED_WITH_ERRORS -> EnumSet.noneOf(ClusterState.class);
        };
    }
}
