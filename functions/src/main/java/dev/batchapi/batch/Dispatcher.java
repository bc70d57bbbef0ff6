package dev.batchapi.batch;

import dev.batchapi.batch.log.BatchLog;
import dev.batchapi.telemetry.OpsLog;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Gives queued batches their steps while their cluster has room, in {@link FairShare}'s order. Any
 * function that frees a slot or queues a batch calls it at once (the create, the kill, a step
 * event, the scheduled sync), so a freed slot is refilled by the invocation that learned of it.
 * Dispatchers may race: each batch is claimed by one transaction that also takes the slot, so of
 * racing dispatchers one only submits a batch, and no cluster goes over its limit.
 */
public final class Dispatcher {

    /**
     * How long a request (a create, a kill, a step event) spends filling slots at most: it answers a
     * caller, so a long refill (a raised limit, a cluster back from TERMINATING) is left to the sync.
     */
    public static final Duration REQUEST_BUDGET = Duration.ofSeconds(5);
    /** Claims lost to racing dispatchers before this one leaves the rest to them. */
    private static final int MAX_LOST_CLAIMS = 3;

    private final BatchStore store;
    private final StepSubmitter submitter;
    private final BatchProgress progress;
    private final BatchLog log;
    private final ShareLimits limits;
    private final Clock clock;

    public Dispatcher(BatchStore store, StepSubmitter submitter, BatchProgress progress, BatchLog log,
            ShareLimits limits, Clock clock) {
        this.store = store;
        this.submitter = submitter;
        this.progress = progress;
        this.log = log;
        this.limits = limits;
        this.clock = clock;
    }

    /**
     * Fills the cluster's free slots from its queue. Reads the counters once, then per slot one
     * queued id and the claimed batch: never more of the queue than it dispatches (and the few
     * claims it loses).
     *
     * @param deadline when to stop taking on more dispatches
     * @return the batches dispatched, as stored after their submit
     */
    public List<Batch> fill(String clusterId, Deadline deadline) {
        return fill(clusterId, deadline, Optional.empty());
    }

    /** {@link #fill} within a request's budget. */
    public List<Batch> fillNow(String clusterId) {
        return fill(clusterId, Deadline.after(clock, REQUEST_BUDGET), Optional.empty());
    }

    /**
     * {@link #fillNow} by the create that just queued this batch: the queue's index may not show it
     * yet (it is eventually consistent), but this batch is known to wait.
     */
    public List<Batch> fillAfterQueueing(Batch queued) {
        return fill(queued.clusterId(), Deadline.after(clock, REQUEST_BUDGET), Optional.of(queued));
    }

    private List<Batch> fill(String clusterId, Deadline deadline, Optional<Batch> justQueued) {
        ClusterLoad load = store.load(clusterId);
        List<Batch> dispatched = new ArrayList<>();
        Set<String> passedOver = new HashSet<>();
        // By user, the place in their queue this fill has reached: the index may still list for a
        // while the batches it claimed, so it reads on from there, not from the head.
        Map<String, String> reached = new HashMap<>();
        Set<String> tried = new HashSet<>();
        int lost = 0;
        Optional<String> next = FairShare.next(load, limits, passedOver);
        while (next.isPresent() && lost < MAX_LOST_CLAIMS && !deadline.passed()) {
            String user = next.get();
            Optional<String> oldest = store.oldestQueued(clusterId, user, 1, Optional.ofNullable(reached.get(user)))
                    .stream().findFirst()
                    .map(entry -> {
                        reached.put(user, entry.position());
                        return entry.batchId();
                    })
                    .or(() -> justQueued.filter(batch -> batch.user().equals(user) && !tried.contains(batch.id()))
                            .map(Batch::id));
            if (oldest.isEmpty()) {
                // The counters count a batch the queue's index does not show yet: it is seconds old.
                passedOver.add(user);
            } else {
                tried.add(oldest.get());
                Optional<Batch> claimed = store.claimQueued(oldest.get(), clusterId, user, limits, clock.millis());
                if (claimed.isPresent()) {
                    Batch submitted = dispatch(claimed.get());
                    dispatched.add(submitted);
                    // A refused submit ended the batch and gave its slot back: count again.
                    load = submitted.isTerminal() ? store.load(clusterId) : load.afterDispatch(user, clock.millis());
                } else {
                    if (!finishKill(oldest.get())) {
                        lost++;
                    }
                    load = store.load(clusterId);
                }
            }
            next = FairShare.next(load, limits, passedOver);
        }
        return dispatched;
    }

    private Batch dispatch(Batch batch) {
        long waited = (batch.scheduling().dispatchClaimedAt() - batch.createTime()) / 1000;
        OpsLog.info("batch.dequeued", "batchId", batch.id(), "user", batch.user(), "clusterId", batch.clusterId(),
                "waitedSeconds", waited);
        log.append(batch.id(), "Left the queue after " + waited + " s");
        return submitter.submit(batch, StepSubmitter.Origin.DISPATCH);
    }

    /**
     * A queued batch a kill claimed is ended by the kill at once; if the kill's function died
     * before that, the batch would block its user's queue: it is ended here instead.
     *
     * @return whether the claim failed for that reason (and the batch is now CANCELED)
     */
    private boolean finishKill(String batchId) {
        Optional<Batch> current = store.get(batchId);
        if (current.isEmpty() || !current.get().isQueued() || current.get().killRequestedBy() == null) {
            return false;
        }
        return progress.cancelUnsubmitted(current.get(), current.get().killRequestedBy()).isPresent();
    }
}
