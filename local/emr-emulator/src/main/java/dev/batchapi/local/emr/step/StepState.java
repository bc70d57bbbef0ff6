package dev.batchapi.local.emr.step;

import java.util.EnumSet;
import java.util.Set;

/** The states of an EMR step, with the moves EMR makes between them. */
public enum StepState {
    PENDING,
    CANCEL_PENDING,
    RUNNING,
    COMPLETED,
    CANCELLED,
    FAILED,
    INTERRUPTED;

    /**
     * Whether the step still holds a place on its cluster: EMR counts exactly these three states
     * against the 256 active steps a cluster may have ("State = 'Running', 'Pending' or
     * 'Cancel_Pending'").
     */
    public boolean isActive() {
        return this == PENDING || this == RUNNING || this == CANCEL_PENDING;
    }

    public boolean isTerminal() {
        return !isActive();
    }

    public boolean canMoveTo(StepState next) {
        return successors().contains(next);
    }

    private Set<StepState> successors() {
        return switch (this) {
            // A pending step starts, or is cancelled (CancelSteps, CANCEL_AND_WAIT, cluster shut down).
            case PENDING -> EnumSet.of(RUNNING, CANCELLED);
            // A running step ends on its own, is asked to cancel, or dies with its cluster.
            case RUNNING -> EnumSet.of(COMPLETED, FAILED, CANCEL_PENDING, INTERRUPTED);
            // Once a cancel was asked for, EMR reports CANCELLED however the process stops.
            case CANCEL_PENDING -> EnumSet.of(CANCELLED);
            case COMPLETED, CANCELLED, FAILED, INTERRUPTED -> EnumSet.noneOf(StepState.class);
        };
    }
}
