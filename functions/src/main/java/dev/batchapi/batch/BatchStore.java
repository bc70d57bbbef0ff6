package dev.batchapi.batch;

import java.util.List;
import java.util.Optional;

/**
 * Where batches are kept, with the scheduler's counters of each cluster ({@link ClusterLoad}). Every
 * write that changes a batch's state is conditional, and every write that takes, gives up or queues
 * for a slot changes the batch and the counters in one transaction, so a crash never leaves them apart.
 */
public interface BatchStore {

    /**
     * Writes a new batch: holding a slot if its cluster is below its limit, its user below their
     * share, the cluster takes steps and no batch waits for it (a new batch never overtakes a queued
     * one); else queued. Nothing is written if a batch with its id exists.
     */
    Admission admit(Batch batch, ShareLimits limits);

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
     * Records the submitted step of a batch that is not terminal, has none yet, and is still at the
     * attempt the step was added for (a new batch, or the next attempt of one whose step failed).
     *
     * @param batch the batch as it was when its step was added: its attempt is the step's
     * @return the batch after the write, or empty if it ended, already had a step or moved on to another attempt
     */
    Optional<Batch> attachStep(Batch batch, String stepId, AppInfo app);

    /**
     * Moves a batch forward, only if its stored state may advance to the change's state and its step
     * is still the one the writer read (no step if it read none), so a change learnt from one step
     * never lands on a batch that has moved on to the next attempt. A batch that ends gives up its
     * slot, or its place in the queue.
     *
     * @param batch the batch as last read (its placement is tried first)
     * @param cause why, in a few words: kept with the state, for its state-change event
     * @return the batch after the write, or empty if the stored state refused it (or no such batch)
     */
    Optional<Batch> advance(Batch batch, BatchChange change, String cause);

    /**
     * Ends a batch that is not terminal and has no step (queued, killed before its submit finished,
     * between two attempts, or its cluster is gone), so that a submit still in flight finds it ended
     * and cancels its step.
     *
     * @param cause why, in a few words: kept with the state, for its state-change event
     * @return the batch after the write, or empty if it has a step or ended
     */
    Optional<Batch> endUnsubmitted(Batch batch, BatchChange change, String cause);

    /** The counters of a cluster: the slots held and the batches waiting, in all and by user (one read). */
    ClusterLoad load(String clusterId);

    /** The counters of a cluster with only this user's share (for showing one batch: a read of two items). */
    ClusterLoad load(String clusterId, String user);

    /**
     * The oldest batches of this user waiting for this cluster, oldest first (from an index: one
     * that left the queue a moment ago may still be listed).
     *
     * @param after a position read before: only the batches behind it; empty: from the head
     */
    List<QueuedEntry> oldestQueued(String clusterId, String user, int limit, Optional<String> after);

    /**
     * Takes a slot for a queued batch: one transaction that succeeds only if the batch still waits,
     * no kill claimed it, the cluster is below its limit and the user below their share.
     *
     * @param now epoch ms, recorded as the dispatch claim's time and as the user's last service
     * @return the batch after the claim, with its spec; empty if any condition failed
     */
    Optional<Batch> claimQueued(String batchId, String clusterId, String user, ShareLimits limits, long now);

    /** The ids of batches waiting for this cluster whose queue deadline is before {@code now}. */
    List<String> expiredInQueue(String clusterId, long now, int limit);

    /**
     * Records whether the cluster takes steps: while it does not, no batch is admitted or dispatched to it.
     *
     * @param notAccepting why not (EMR's state); null: it takes steps again
     */
    void markAccepting(String clusterId, String notAccepting);

    /**
     * Starts the next attempt of a batch whose step {@code failedStepId} failed on its own: one write
     * that succeeds only if that is still its step, it is not terminal and no kill claimed it. The
     * batch keeps its slot and has no step until the next one is recorded.
     *
     * @param app what the batch shows until the next step is recorded
     * @param earlierFailures what every failed attempt said, kept for the final diagnostic
     * @param now epoch ms, recorded as the dispatch claim's time (a crash before the next step is added rolls forward)
     * @return the batch after the write, with its spec; empty if a condition failed
     */
    Optional<Batch> beginRetry(Batch batch, String failedStepId, AppInfo app, String earlierFailures, long now);

    /**
     * Claims the submit of a batch holding a slot whose submitter did not add its step: one write
     * that succeeds only if the batch is not terminal, has no step, no kill claimed it and no other dispatch claimed it after
     * {@code staleBefore} (a dispatcher that claimed before then has died or given up), so that of
     * dispatchers racing one only adds a step.
     *
     * @param now epoch ms, recorded as the claim's time
     * @param staleBefore epoch ms
     * @return the batch after the claim, with its spec; empty if any condition failed (or no such batch)
     */
    Optional<Batch> claimDispatch(String batchId, long now, long staleBefore);

    /**
     * Every batch that holds a slot and is not terminal: only those are read (a sparse index holds
     * nothing else; the queued ones wait in another).
     */
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
