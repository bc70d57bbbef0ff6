package dev.batchapi.batch;

/**
 * A batch's place in its user's queue for a cluster: its id, where it stands (opaque, ordered as
 * the queue is), so that a reader can continue after it, and since when it waits (epoch ms).
 */
public record QueuedEntry(String batchId, String position, long queuedSince) {
}
