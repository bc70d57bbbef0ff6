package dev.batchapi.local.emr.step;

import java.time.Instant;
import java.util.Objects;

/**
 * One step state change, carrying what EMR's "EMR Step Status Change" EventBridge event carries
 * in its detail: cluster, step, name, new state and a sentence saying what happened.
 */
public record StepEvent(String clusterId, String stepId, String stepName, StepState state, String message, Instant time) {

    public StepEvent {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(stepName, "stepName");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(time, "time");
    }

    /** The event for {@code step} having just reached its state, worded like EMR's event messages. */
    public static StepEvent of(String clusterId, String clusterName, Step step, Instant time) {
        String happened = switch (step.state()) {
            case PENDING -> "was added at " + time + " and is pending.";
            case RUNNING -> "started running at " + time + ".";
            case CANCEL_PENDING -> "was asked to cancel at " + time + " and is stopping.";
            case COMPLETED -> "completed execution at " + time + ".";
            case CANCELLED -> "was cancelled at " + time + ".";
            case FAILED -> "failed at " + time + ".";
            case INTERRUPTED -> "was interrupted at " + time + ".";
        };
        String message = "Step " + step.id() + " (" + step.name() + ") in Amazon EMR cluster " + clusterId
                + " (" + clusterName + ") " + happened;
        return new StepEvent(clusterId, step.id(), step.name(), step.state(), message, time);
    }
}
