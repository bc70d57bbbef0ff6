package dev.batchapi.local.emr.step;

import java.util.Objects;
import java.util.Optional;

/** The answer of CancelSteps for one step id (EMR's CancelStepsInfo). */
public record StepCancellation(String stepId, Status status, Optional<String> reason) {

    /** EMR's CancelStepsRequestStatus. */
    public enum Status {
        /** The cancel was accepted; the step is CANCELLED, or CANCEL_PENDING until its process stops. */
        SUBMITTED,
        /** Nothing to cancel: the step is unknown or already ended. */
        FAILED
    }

    public StepCancellation {
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(reason, "reason");
    }

    public static StepCancellation submitted(String stepId) {
        return new StepCancellation(stepId, Status.SUBMITTED, Optional.empty());
    }

    public static StepCancellation failed(String stepId, String reason) {
        return new StepCancellation(stepId, Status.FAILED, Optional.of(reason));
    }
}
