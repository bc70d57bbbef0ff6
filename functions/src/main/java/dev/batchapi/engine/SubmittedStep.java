package dev.batchapi.engine;

/** A step EMR accepted: the cluster it runs on and its id. */
public record SubmittedStep(String clusterId, String stepId) {
}
