package dev.batchapi.batch;

import java.util.List;
import java.util.Optional;

/** Where batches are kept. Every write that changes a batch's state is conditional. */
public interface BatchStore {

    /** Writes a new batch; false, and nothing written, if a batch with its id exists. */
    boolean create(Batch batch);

    /** The batch as last written (a strongly consistent read). */
    Optional<Batch> get(String batchId);

    /** A batch known to exist (it was read or written a moment ago). */
    default Batch require(String batchId) {
        return get(batchId).orElseThrow(() -> new IllegalStateException("batch " + batchId + " vanished"));
    }

    /**
     * One page of batches matching the query, in creation order (or newest first). A list evaluates
     * at most a bounded number of batches (10,000 in DynamoDB's store): when its filters reject most
     * of them, the page holds the matches found within that bound, fewer than asked or none.
     */
    List<Batch> list(ListQuery query);

    /**
     * Records the submitted step of a batch that is still PENDING and has none yet.
     *
     * @return the batch after the write, or empty if it left PENDING or already had a step
     */
    Optional<Batch> attachStep(String batchId, String stepId, AppInfo app);

    /**
     * Moves a batch forward, only if its stored state may advance to the change's state.
     *
     * @return the batch after the write, or empty if the stored state refused it (or no such batch)
     */
    Optional<Batch> advance(String batchId, BatchChange change);

    /**
     * Ends a batch that is PENDING and has no step yet (killed before its submit finished, or its
     * cluster is gone), so that a submit still in flight finds it ended and cancels its step.
     *
     * @return the batch after the write, or empty if it already has a step or left PENDING
     */
    Optional<Batch> endUnsubmitted(String batchId, BatchChange change);

    /**
     * Claims the submit of a batch whose create did not submit it: one write that succeeds only if
     * the batch is PENDING, has no step, no kill claimed it and no other dispatch claimed it after
     * {@code staleBefore} (a dispatcher that claimed before then has died or given up), so that of
     * dispatchers racing one only adds a step.
     *
     * @param now epoch ms, recorded as the claim's time
     * @param staleBefore epoch ms
     * @return the batch after the claim, with its spec; empty if any condition failed (or no such batch)
     */
    Optional<Batch> claimDispatch(String batchId, long now, long staleBefore);

    /** Every batch that is not terminal: only those are read (a sparse index holds nothing else). */
    List<Batch> listActive();

    /**
     * Claims the kill of a batch that is not terminal and that no other kill has claimed: one write
     * that only one of many concurrent kills can make, so that exactly one of them stops the batch.
     *
     * @param at epoch ms
     * @return the batch after the claim; empty if it is terminal, already claimed, or unknown
     */
    Optional<Batch> claimKill(String batchId, String user, long at);

    /**
     * Takes over a kill claimed at {@code claimedAt} that is still not carried out, as of {@code now}:
     * of several takers (two syncs), one only.
     *
     * @return the batch after the write; empty if the claim changed, the batch ended, or is unknown
     */
    Optional<Batch> renewKillClaim(String batchId, long claimedAt, long now);

    /** Gives up this user's claim of a batch's kill while the batch is not terminal (the kill did not stop it). */
    void releaseKill(String batchId, String user);
}
