package dev.batchapi.batch;

/** EMR's FailureDetails of a step: a reason, a message and the log file that holds the cause. */
public record StepFailure(String reason, String message, String logFile) {
}
