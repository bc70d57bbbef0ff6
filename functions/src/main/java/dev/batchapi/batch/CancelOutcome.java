package dev.batchapi.batch;

/**
 * EMR's answer to a cancel: {@code submitted} when EMR took the request (the step stops
 * asynchronously), otherwise the reason it refused (e.g. the step had already ended).
 */
public record CancelOutcome(boolean submitted, String reason) {
}
