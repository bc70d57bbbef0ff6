package dev.batchapi.batch;

/** Kyuubi's CloseBatchResponse: whether this call stopped the batch, and why or why not. */
public record KillResult(boolean success, String message) {
}
