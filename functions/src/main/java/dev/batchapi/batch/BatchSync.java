package dev.batchapi.batch;

import dev.batchapi.batch.log.BatchLog;
import dev.batchapi.telemetry.Metric;
import dev.batchapi.telemetry.Metrics;
import dev.batchapi.telemetry.OpsLog;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Keeps each batch faithful to its EMR step, and runs the scheduler's clock. Two paths share one
 * reconcile routine: the scheduled run reads the active batches (a sparse index: only those holding
 * a slot) and asks EMR per cluster, listing steps a page of 50 at a time; a step status change event
 * is a hint to look at one batch now. In both, EMR's answer is the truth and every write only moves
 * forward, so duplicate, late or out-of-order events, and a sync racing a kill, change nothing that
 * has been decided. A step that failed on its own is retried while the batch has attempts left; a
 * step past its execution limit is stopped. A batch whose submitter died before adding its step is
 * rolled forward, not failed: the scheduled run submits it, once. Then, per cluster, the run ends
 * the queued batches past their queue limit (read from an index of deadlines: only those) and fills
 * the free slots.
 */
public final class BatchSync {

    private final BatchStore store;
    private final BatchEngine engine;
    private final BatchProgress progress;
    private final StepSubmitter submitter;
    private final Dispatcher dispatcher;
    private final ShareLimits limits;
    private final Clusters clusters;
    private final BatchLog log;
    private final Metrics metrics;
    private final Clock clock;
    private final Duration submitGrace;

    /** The sync lag's paths: the scheduled run, and a step status change event. */
    static final String SCHEDULED_RUN = "SCHEDULED_RUN";
    static final String STEP_EVENT = "STEP_EVENT";

    /** Queued batches past their limit read per query: each is ended, so this bounds a query, not the run. */
    private static final int EXPIRED_PAGE = 100;
    /** The most characters of one failed attempt's diagnostic kept for the final one. */
    private static final int MAX_FAILURE_LENGTH = 500;

    /**
     * @param submitGrace how long a batch may have no step before the sync concludes that its
     *     submit died and submits it itself, and how long a dispatch claim holds: longer than the
     *     create function and the sync function can run
     */
    public BatchSync(BatchStore store, BatchEngine engine, BatchProgress progress, StepSubmitter submitter,
            Dispatcher dispatcher, ShareLimits limits, Clusters clusters, BatchLog log, Metrics metrics, Clock clock,
            Duration submitGrace) {
        this.store = store;
        this.engine = engine;
        this.progress = progress;
        this.submitter = submitter;
        this.dispatcher = dispatcher;
        this.limits = limits;
        this.clusters = clusters;
        this.log = log;
        this.metrics = metrics;
        this.clock = clock;
        this.submitGrace = submitGrace;
    }

    /**
     * The scheduled run over every active batch and every cluster's queue; one failing cluster or
     * batch never stops the rest.
     */
    public SyncReport syncActive(Deadline deadline) {
        Map<String, List<Batch>> byCluster = store.listActive().stream()
                .collect(Collectors.groupingBy(Batch::clusterId, LinkedHashMap::new, Collectors.toList()));
        int active = byCluster.values().stream().mapToInt(List::size).sum();
        // A cluster none of whose batches is active may still have a queue.
        clusters.idsByLabel().values().forEach(clusterId -> byCluster.putIfAbsent(clusterId, List.of()));
        Tally tally = new Tally();
        byCluster.forEach((clusterId, batches) -> {
            if (deadline.passed()) {
                tally.left += batches.size();
                return;
            }
            try {
                syncCluster(clusterId, batches, deadline, tally);
            } catch (RuntimeException e) {
                OpsLog.warn("sync.cluster.failed", e, "clusterId", clusterId, "batches", batches.size());
                tally.failed += batches.size();
            }
        });
        SyncReport report = new SyncReport(active, tally.clusters, tally.changed, tally.failed, tally.left,
                tally.dispatched);
        OpsLog.info("sync.run", "active", active, "clusters", report.clusters(), "changed", report.changed(),
                "failed", report.failed(), "leftForNextRun", report.leftForNextRun(), "dispatched", report.dispatched());
        return report;
    }

    /**
     * A "Step Status Change" event: looks at the batch named by the step now. The event's own state
     * is not used; EMR is asked.
     *
     * @return the batch as stored afterwards; empty if the step is not one of ours
     */
    public Optional<Batch> onStepEvent(String clusterId, String stepId, String stepName) {
        Optional<StepOwner> owner = engine.owner(stepName);
        Optional<Batch> found = owner.flatMap(step -> store.get(step.batchId()));
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Batch batch = found.get();
        if (batch.isTerminal() || owner.get().attempt() != batch.scheduling().attempt()
                || (batch.stepId() != null && !batch.stepId().equals(stepId))) {
            // Decided already, or the step of an attempt that was retried.
            return found;
        }
        ClusterStatus cluster = engine.cluster(batch.clusterId());
        Optional<StepStatus> step = describe(batch.clusterId(), stepId);
        Batch after = reconcile(batch, cluster, step);
        writeLag(batch, after, step, STEP_EVENT);
        if (after.isTerminal()) {
            dispatcher.fillNow(after.clusterId());
        }
        return Optional.of(after);
    }

    private void syncCluster(String clusterId, List<Batch> batches, Deadline deadline, Tally tally) {
        ClusterLoad load = store.load(clusterId);
        writeLoad(load);
        if (batches.isEmpty() && load.queued() == 0) {
            return;
        }
        tally.clusters++;
        // Before the listing: a step added before this instant is in it (see dispatch).
        long listedAt = clock.millis();
        ClusterStatus cluster = engine.cluster(clusterId);
        Map<String, StepStatus> steps = cluster.state().equals(ClusterStatus.UNKNOWN) || batches.isEmpty()
                ? Map.of()
                : engine.findSteps(clusterId, batches);
        for (Batch batch : batches) {
            if (deadline.passed()) {
                tally.left++;
                continue;
            }
            try {
                Optional<StepStatus> step = Optional.ofNullable(steps.get(batch.id()));
                if (step.isEmpty() && batch.stepId() != null && !cluster.isGone()) {
                    // ended too long ago for the listing: ask for this one step
                    step = describe(clusterId, batch.stepId());
                }
                Batch after = step.isEmpty() && isUnsubmitted(batch, cluster, listedAt)
                        ? dispatch(batch, listedAt)
                        : reconcile(batch, cluster, step);
                writeLag(batch, after, step, SCHEDULED_RUN);
                if (!after.equals(batch)) {
                    tally.changed++;
                }
            } catch (RuntimeException e) {
                OpsLog.warn("sync.batch.failed", e, "batchId", batch.id(), "clusterId", clusterId);
                tally.failed++;
            }
        }
        syncQueue(cluster, load, deadline, tally);
    }

    /**
     * The cluster's queue: a gone cluster's queued batches end ERROR; one that takes no steps now
     * keeps them waiting, saying why; otherwise those past their queue limit end ERROR and the free
     * slots are filled.
     */
    private void syncQueue(ClusterStatus cluster, ClusterLoad load, Deadline deadline, Tally tally) {
        String clusterId = cluster.clusterId();
        if (cluster.isGone()) {
            for (String user : load.users().keySet()) {
                endQueued(store.oldestQueued(clusterId, user, EXPIRED_PAGE, Optional.empty()).stream()
                                .map(QueuedEntry::batchId).toList(), deadline, tally,
                        batch -> "Never started: " + cluster.describeEnd(), "cluster " + cluster.state());
            }
            return;
        }
        String notAccepting = cluster.acceptsSteps() ? null : cluster.describeEnd();
        if (!Objects.equals(notAccepting, load.notAccepting())) {
            store.markAccepting(clusterId, notAccepting);
            OpsLog.info("cluster.accepting", "clusterId", clusterId, "accepting", notAccepting == null,
                    "reason", notAccepting);
        }
        List<String> expired = store.expiredInQueue(clusterId, clock.millis(), EXPIRED_PAGE);
        while (!expired.isEmpty() && !deadline.passed()) {
            ClusterLoad now = store.load(clusterId);
            int ended = endQueued(expired, deadline, tally, batch -> batch.scheduling().limits().queueTimeoutDiagnostic(
                    FairShare.reason(now, batch.user(), limits)), "queue timeout");
            // A full page may continue; a page that ended nothing is the index lagging its batches.
            expired = expired.size() < EXPIRED_PAGE || ended == 0
                    ? List.of()
                    : store.expiredInQueue(clusterId, clock.millis(), EXPIRED_PAGE);
        }
        if (notAccepting == null && !deadline.passed()) {
            tally.dispatched += dispatcher.fill(clusterId, deadline).size();
        }
    }

    /** @return how many of the batches it ended */
    private int endQueued(List<String> batchIds, Deadline deadline, Tally tally, Function<Batch, String> why,
            String cause) {
        int ended = 0;
        for (String batchId : batchIds) {
            if (deadline.passed()) {
                tally.left++;
                continue;
            }
            Optional<Batch> batch = store.get(batchId).filter(Batch::isQueued);
            if (batch.isEmpty()) {
                continue;
            }
            BatchChange change = new BatchChange(BatchState.ERROR, new AppInfo(null, null, null, why.apply(batch.get()), 0),
                    clock.millis());
            if (progress.endUnsubmitted(batch.get(), change, cause).isPresent()) {
                tally.changed++;
                ended++;
            }
        }
        return ended;
    }

    /** The one reconcile routine: brings a batch up to what EMR says of its step and cluster. */
    private Batch reconcile(Batch batch, ClusterStatus cluster, Optional<StepStatus> step) {
        if (step.isPresent()) {
            StepStatus status = step.get();
            Batch current = batch.stepId() == null
                    ? progress.attach(batch, status, engine.appUrl(batch.clusterId(), status.stepId()))
                    : batch;
            if (!status.stepId().equals(current.stepId())) {
                // Read before the batch moved on to another attempt: that step is not its own now.
                return current;
            }
            if (cluster.isGone() && !endedOnItsOwn(status) && current.killRequestedBy() == null) {
                return progress.apply(current, endedWithCluster(current, status, cluster), "cluster " + cluster.state());
            }
            if (isPastExecutionLimit(current, status)) {
                return stopAtExecutionLimit(current, status);
            }
            if (status.state() == StepState.FAILED && current.killRequestedBy() == null
                    && current.scheduling().mayRetry() && status.stepId().equals(current.stepId())) {
                return retry(current, status);
            }
            Batch followed = progress.follow(current, status);
            if (isUnfinishedKill(followed) && (status.state() == StepState.PENDING || status.state() == StepState.RUNNING)) {
                finishKill(followed);
            }
            return followed;
        }
        if (cluster.isGone()) {
            return end(batch, cluster.describeEnd(), "cluster " + cluster.state());
        }
        if (batch.stepId() == null) {
            if (isUnfinishedKill(batch)) {
                return progress.cancelUnsubmitted(batch, batch.killRequestedBy()).orElseGet(() -> store.require(batch.id()));
            }
            // Submitted by its create still, or, past the grace, by the scheduled run (dispatch).
            return batch;
        }
        return end(batch, "EMR no longer knows step " + batch.stepId()
                + " (it aged out of the cluster's step history, or its cluster is gone)", "step not found");
    }

    /**
     * The batch holds a slot but has no step, none named after it (and its attempt) was listed at
     * {@code listedAt} on its cluster, which still runs steps, no kill claimed it, and its submitter
     * has had longer than it can run to add one.
     */
    private boolean isUnsubmitted(Batch batch, ClusterStatus cluster, long listedAt) {
        long claimedAt = Math.max(batch.createTime(), batch.scheduling().dispatchClaimedAt());
        return batch.stepId() == null && !batch.isTerminal() && !batch.isQueued() && batch.killRequestedBy() == null
                && !cluster.isGone() && listedAt - claimedAt >= submitGrace.toMillis();
    }

    /**
     * The batch's step has run past the batch's execution limit and has not completed or failed on
     * its own: it still runs, or it was cancelled, which with no kill claimed means by this limit
     * (its end time is EMR's clock, so it is not compared with ours).
     */
    private boolean isPastExecutionLimit(Batch batch, StepStatus step) {
        long started = step.startTime() > 0 ? step.startTime() : batch.app().appStartTime();
        Optional<Long> limit = batch.scheduling().limits().executionDeadline(started);
        if (limit.isEmpty() || batch.killRequestedBy() != null || clock.millis() < limit.get()) {
            return false;
        }
        return !step.state().isTerminal() || step.state() == StepState.CANCELLED;
    }

    /**
     * Cancels the step; once EMR reports it ended, ends the batch. The batch keeps its slot until
     * then, as a kill's does: the step still runs on the cluster. A crash after the cancel leaves a
     * step cancelled past the limit, read as the same stop.
     */
    private Batch stopAtExecutionLimit(Batch batch, StepStatus step) {
        if (!step.state().isTerminal()) {
            if (step.state() != StepState.CANCEL_PENDING) {
                CancelOutcome outcome = engine.cancel(batch.clusterId(), batch.stepId());
                OpsLog.info("batch.timeout.execution", "batchId", batch.id(), "user", batch.user(),
                        "stepId", batch.stepId(), "cancelSubmitted", outcome.submitted());
                log.append(batch.id(), "Step " + batch.stepId() + " ran longer than "
                        + batch.scheduling().limits().executionLimit() + (outcome.submitted()
                                ? ": it is being cancelled, and the batch ends ERROR once EMR reports it ended"
                                : ": it could not be cancelled yet (" + outcome.reason() + ")"));
            }
            return batch;
        }
        BatchChange stopped = new BatchChange(BatchState.ERROR, new AppInfo(batch.app().appId(), batch.app().appUrl(),
                AppState.KILLED, batch.scheduling().limits().executionTimeoutDiagnostic(),
                step.startTime() > 0 ? step.startTime() : batch.app().appStartTime()), clock.millis());
        return progress.apply(batch, stopped, "execution timeout");
    }

    /**
     * Submits the next attempt of a batch whose step failed on its own. The batch keeps its slot and
     * stays non-terminal; only one of racing syncs (or events) starts the attempt.
     */
    private Batch retry(Batch batch, StepStatus failed) {
        int attempt = batch.scheduling().attempt();
        int max = batch.scheduling().limits().maxAttempts();
        String failure = StepMapping.failure(batch, failed);
        String shortFailure = failure.length() <= MAX_FAILURE_LENGTH ? failure : failure.substring(0, MAX_FAILURE_LENGTH) + "…";
        String earlier = (batch.scheduling().earlierFailures() == null ? "" : batch.scheduling().earlierFailures() + "; ")
                + "attempt " + attempt + ": " + shortFailure;
        String note = "Attempt " + attempt + " of " + max + " failed: " + shortFailure + "; attempt " + (attempt + 1)
                + " is being submitted";
        AppInfo app = new AppInfo(batch.app().appId(), batch.app().appUrl(), AppState.FAILED, note, failed.startTime());
        Optional<Batch> retrying = store.beginRetry(batch, failed.stepId(), app, earlier, clock.millis());
        if (retrying.isEmpty()) {
            return store.require(batch.id());
        }
        OpsLog.info("batch.attempt.failed", "batchId", batch.id(), "user", batch.user(), "stepId", failed.stepId(),
                "attempt", attempt, "maxAttempts", max);
        log.append(batch.id(), note);
        return submitter.submit(retrying.get(), StepSubmitter.Origin.RETRY);
    }

    /**
     * Submits a batch whose create did not, once: only the sync whose claim succeeds adds a step. A
     * claim counts as stale only if it was made a grace period before the listing: a dispatcher that
     * claimed later may have added its step after the listing, unseen, but one that claimed earlier
     * has ended (no function runs that long), so its step, if any, was listed. A claimant that dies,
     * or that EMR does not answer, leaves its claim to go stale: the run after that looks again.
     */
    private Batch dispatch(Batch batch, long listedAt) {
        Optional<Batch> claimed = store.claimDispatch(batch.id(), clock.millis(), listedAt - submitGrace.toMillis());
        if (claimed.isEmpty()) {
            // Another sync claimed it, a kill did, or it got its step or ended since it was read.
            return batch;
        }
        return submitter.submit(claimed.get(), StepSubmitter.Origin.SYNC);
    }

    /**
     * A kill was claimed longer ago than any function runs, and the batch still runs: the function
     * that claimed it died before it cancelled the step (every later kill hears that the batch is
     * being stopped, so no one else would).
     */
    private boolean isUnfinishedKill(Batch batch) {
        return batch.killRequestedBy() != null && !batch.isTerminal()
                && clock.millis() - batch.killRequestedAt() >= submitGrace.toMillis();
    }

    /** Cancels the step once per grace period at most, and only in one of two syncs that race. */
    private void finishKill(Batch batch) {
        if (store.renewKillClaim(batch.id(), batch.killRequestedAt(), clock.millis()).isEmpty()) {
            return;
        }
        CancelOutcome outcome = engine.cancel(batch.clusterId(), batch.stepId());
        OpsLog.info("sync.kill.finished", "batchId", batch.id(), "user", batch.killRequestedBy(), "stepId", batch.stepId(),
                "cancelSubmitted", outcome.submitted());
        log.append(batch.id(), "Kill by " + batch.killRequestedBy() + " carried out by the state sync: step "
                + batch.stepId() + (outcome.submitted() ? " is being cancelled" : " could not be cancelled: " + outcome.reason()));
    }

    /** Ends a batch whose step cannot be observed: ERROR, appState NOT_FOUND, with the reason. */
    private Batch end(Batch batch, String reason, String cause) {
        BatchChange change = new BatchChange(BatchState.ERROR,
                new AppInfo(batch.app().appId(), batch.app().appUrl(), AppState.NOT_FOUND, reason, batch.app().appStartTime()),
                clock.millis());
        if (batch.stepId() == null) {
            // Conditional on there still being no step: a submit that lands now cancels its own step.
            return progress.endUnsubmitted(batch, change, cause).orElseGet(() -> store.require(batch.id()));
        }
        return progress.apply(batch, change, cause);
    }

    /**
     * A cluster's load as this run found it, before it ends or dispatches anything: its counters,
     * and the age of its oldest queued batch (the head of each waiting user's queue, one read each).
     * A failed read of the queue costs that figure only, never the cluster's sync.
     */
    private void writeLoad(ClusterLoad load) {
        String clusterId = load.clusterId();
        metrics.put(Metric.ACTIVE_STEPS, load.active(), clusterId);
        metrics.put(Metric.QUEUED_BATCHES, load.queued(), clusterId);
        try {
            long now = clock.millis();
            long oldest = load.users().values().stream()
                    .filter(share -> share.queued() > 0)
                    .flatMap(share -> store.oldestQueued(clusterId, share.user(), 1, Optional.empty()).stream())
                    .mapToLong(QueuedEntry::queuedSince)
                    .min().orElse(now);
            metrics.put(Metric.OLDEST_QUEUED_AGE, Math.max(0, now - oldest) / 1000, clusterId);
        } catch (RuntimeException e) {
            OpsLog.warn("sync.queue.unread", e, "clusterId", clusterId);
        }
    }

    /**
     * How long after EMR's change of the step the batch followed it: only for a change of state the
     * step's own (a batch ended by its cluster or its limits follows no change of the step), and
     * only when EMR dates the change (a start, an end).
     */
    private void writeLag(Batch before, Batch after, Optional<StepStatus> step, String path) {
        if (step.isEmpty() || after.state() == before.state()
                || after.state() != StepMapping.batchState(step.get().state())) {
            return;
        }
        long changedAt = step.get().state().isTerminal() ? step.get().endTime() : step.get().startTime();
        if (changedAt > 0) {
            // EMR's clock and ours may disagree by a little: a change is never followed before it happened.
            metrics.put(Metric.SYNC_LAG, Math.max(0, clock.millis() - changedAt), path);
        }
    }

    /** A step that completed or failed on its own keeps its own outcome even if the cluster is gone. */
    private static boolean endedOnItsOwn(StepStatus step) {
        return step.state() == StepState.COMPLETED || step.state() == StepState.FAILED;
    }

    private BatchChange endedWithCluster(Batch batch, StepStatus step, ClusterStatus cluster) {
        BatchChange mapped = StepMapping.change(batch, step, clock.millis());
        AppInfo app = new AppInfo(mapped.app().appId(), mapped.app().appUrl(),
                step.state().isTerminal() ? mapped.app().appState() : AppState.NOT_FOUND,
                cluster.describeEnd(), mapped.app().appStartTime());
        return new BatchChange(BatchState.ERROR, app, mapped.endTime() > 0 ? mapped.endTime() : clock.millis());
    }

    private Optional<StepStatus> describe(String clusterId, String stepId) {
        try {
            return Optional.of(engine.status(clusterId, stepId));
        } catch (StepNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Counts of one run, kept while it goes. */
    private static final class Tally {
        int clusters;
        int dispatched;
        int changed;
        int failed;
        int left;
    }
}
