package dev.batchapi.batch;

/** What writing a new batch came to: it took a slot, it waits in its cluster's queue, or its id was taken. */
public enum Admission {
    STARTED,
    QUEUED,
    DUPLICATE
}
