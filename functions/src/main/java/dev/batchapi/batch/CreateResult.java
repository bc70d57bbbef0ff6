package dev.batchapi.batch;

/** The batch a create answers with, and whether it already existed (an idempotent re-submit). */
public record CreateResult(Batch batch, boolean duplicated) {
}
