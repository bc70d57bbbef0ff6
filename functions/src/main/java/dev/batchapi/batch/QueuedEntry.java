package dev.batchapi.batch;

/**
 * A batch's place in its user's queue for a cluster: its id, and where it stands (opaque, ordered
 * as the queue is), so that a reader can continue after it.
 */
public record QueuedEntry(String batchId, String position) {
}
