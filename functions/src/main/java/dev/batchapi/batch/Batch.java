package dev.batchapi.batch;

import java.util.Objects;

/**
 * A batch as stored: the Kyuubi Batch fields plus what the service needs to follow it (the spec it
 * was submitted with, the EMR cluster and step, who asked to kill it and when).
 *
 * @param spec what the engine runs; null in a batch read from a listing (a list, the active batches),
 *     which the store's indexes serve without it: only the create and submit of a batch use it
 * @param killRequestedBy the user whose kill claimed the batch; null if none did
 * @param killRequestedAt epoch ms of that claim; 0 if none
 * @param scheduling its place with the scheduler, its attempts and the limits it asked for
 */
public record Batch(
        String id,
        String user,
        BatchType batchType,
        String name,
        BatchSpec spec,
        BatchState state,
        AppInfo app,
        String kyuubiInstance,
        long createTime,
        long endTime,
        String clusterId,
        String stepId,
        String killRequestedBy,
        long killRequestedAt,
        Scheduling scheduling) {

    public Batch {
        Objects.requireNonNull(scheduling, "scheduling");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(batchType, "batchType");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(app, "app");
    }

    /** A new batch, written before anything is submitted (crash safety: record first). */
    public static Batch pending(
            String id, String user, BatchType type, String name, BatchSpec spec,
            String kyuubiInstance, long createTime, String clusterId, RunLimits limits) {
        return new Batch(id, user, type, name, spec, BatchState.PENDING, AppInfo.NONE,
                kyuubiInstance, createTime, 0, clusterId, null, null, 0, Scheduling.initial(limits));
    }

    /** This batch as the scheduler placed it, at {@code claimedAt} if it was admitted. */
    public Batch placed(Placement placement, long claimedAt) {
        return new Batch(id, user, batchType, name, spec, state, app, kyuubiInstance, createTime, endTime, clusterId,
                stepId, killRequestedBy, killRequestedAt, scheduling.placed(placement, claimedAt));
    }

    public boolean isQueued() {
        return scheduling.placement() == Placement.QUEUED && !isTerminal();
    }

    public boolean isTerminal() {
        return state.isTerminal();
    }
}
