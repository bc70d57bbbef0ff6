package dev.batchapi.batch;

/** The batch a step was submitted for, and which of its attempts the step is (from 1). */
public record StepOwner(String batchId, int attempt) {
}
