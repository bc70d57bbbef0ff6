package dev.batchapi.batch;

/**
 * Where a batch stands with the scheduler: waiting in its cluster's queue, or holding one of the
 * cluster's slots (and one of its user's share) until it ends. A batch that ended holds neither,
 * nor does one written before the scheduler existed.
 */
public enum Placement {
    QUEUED,
    ADMITTED,
    NONE
}
