package dev.batchapi.batch;

/** A step EMR accepted: the cluster it runs on and its id. */
public record SubmittedStep(String clusterId, String stepId) {
}
