package dev.batchapi.batch;

import java.util.Objects;

/**
 * What EMR reports of one step. Times are epoch ms, 0 when EMR has not set them; {@code failure} is
 * null unless EMR gave FailureDetails.
 */
public record StepStatus(
        String clusterId, String stepId, String name, StepState state,
        StepFailure failure, long startTime, long endTime) {

    public StepStatus {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(state, "state");
    }
}
