package dev.batchapi.local.emr.step;

import java.util.Objects;
import java.util.Optional;

/** Why a step failed, as EMR reports it in StepStatus.FailureDetails; every part may be missing. */
public record FailureDetails(Optional<String> reason, Optional<String> message, Optional<String> logFile) {

    public FailureDetails {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(logFile, "logFile");
    }

    /** Any argument may be null when EMR would leave it out. */
    public static FailureDetails of(String reason, String message, String logFile) {
        return new FailureDetails(Optional.ofNullable(reason), Optional.ofNullable(message), Optional.ofNullable(logFile));
    }
}
