package dev.batchapi.batch;

import dev.batchapi.batch.log.BatchLog;
import dev.batchapi.telemetry.OpsLog;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Keeps each batch faithful to its EMR step. Two paths share one reconcile routine: the scheduled
 * run reads the active batches (a sparse index: only those) and asks EMR per cluster, listing steps
 * a page of 50 at a time; a step status change event is a hint to look at one batch now. In both,
 * EMR's answer is the truth and every write only moves forward, so duplicate, late or out-of-order
 * events, and a sync racing a kill, change nothing that has been decided. A batch whose create died
 * before adding its step is rolled forward, not failed: the scheduled run submits it, once.
 */
public final class BatchSync {

    private final BatchStore store;
    private final BatchEngine engine;
    private final BatchProgress progress;
    private final StepSubmitter submitter;
    private final BatchLog log;
    private final Clock clock;
    private final Duration submitGrace;

    /**
     * @param submitGrace how long a batch may have no step before the sync concludes that its
     *     submit died and submits it itself, and how long a dispatch claim holds: longer than the
     *     create function and the sync function can run
     */
    public BatchSync(BatchStore store, BatchEngine engine, BatchProgress progress, StepSubmitter submitter,
            BatchLog log, Clock clock, Duration submitGrace) {
        this.store = store;
        this.engine = engine;
        this.progress = progress;
        this.submitter = submitter;
        this.log = log;
        this.clock = clock;
        this.submitGrace = submitGrace;
    }

    /** The scheduled run over every active batch; one failing cluster or batch never stops the rest. */
    public SyncReport syncActive(Deadline deadline) {
        Map<String, List<Batch>> byCluster = store.listActive().stream()
                .collect(Collectors.groupingBy(Batch::clusterId, LinkedHashMap::new, Collectors.toList()));
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
        int active = byCluster.values().stream().mapToInt(List::size).sum();
        SyncReport report = new SyncReport(active, byCluster.size(), tally.changed, tally.failed, tally.left);
        OpsLog.info("sync.run", "active", active, "clusters", report.clusters(), "changed", report.changed(),
                "failed", report.failed(), "leftForNextRun", report.leftForNextRun());
        return report;
    }

    /**
     * A "Step Status Change" event: looks at the batch named by the step now. The event's own state
     * is not used; EMR is asked.
     *
     * @return the batch as stored afterwards; empty if the step is not one of ours
     */
    public Optional<Batch> onStepEvent(String clusterId, String stepId, String stepName) {
        Optional<Batch> found = engine.batchId(stepName).flatMap(store::get);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Batch batch = found.get();
        if (batch.isTerminal() || (batch.stepId() != null && !batch.stepId().equals(stepId))) {
            return found;
        }
        ClusterStatus cluster = engine.cluster(batch.clusterId());
        return Optional.of(reconcile(batch, cluster, describe(batch.clusterId(), stepId)));
    }

    private void syncCluster(String clusterId, List<Batch> batches, Deadline deadline, Tally tally) {
        // Before the listing: a step added before this instant is in it (see dispatch).
        long listedAt = clock.millis();
        ClusterStatus cluster = engine.cluster(clusterId);
        Map<String, StepStatus> steps = cluster.state().equals(ClusterStatus.UNKNOWN)
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
                if (!after.equals(batch)) {
                    tally.changed++;
                }
            } catch (RuntimeException e) {
                OpsLog.warn("sync.batch.failed", e, "batchId", batch.id(), "clusterId", clusterId);
                tally.failed++;
            }
        }
    }

    /** The one reconcile routine: brings a batch up to what EMR says of its step and cluster. */
    private Batch reconcile(Batch batch, ClusterStatus cluster, Optional<StepStatus> step) {
        if (step.isPresent()) {
            StepStatus status = step.get();
            Batch current = batch.stepId() == null
                    ? progress.attach(batch, status, engine.appUrl(batch.clusterId(), status.stepId()))
                    : batch;
            if (cluster.isGone() && !endedOnItsOwn(status) && current.killRequestedBy() == null) {
                return progress.apply(current, endedWithCluster(current, status, cluster), "cluster " + cluster.state());
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
     * The batch has no step, none named after it was listed at {@code listedAt} on its cluster, which
     * still runs steps, no kill claimed it, and its create has had longer than it can run to add one.
     */
    private boolean isUnsubmitted(Batch batch, ClusterStatus cluster, long listedAt) {
        return batch.stepId() == null && batch.state() == BatchState.PENDING && batch.killRequestedBy() == null
                && !cluster.isGone() && listedAt - batch.createTime() >= submitGrace.toMillis();
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
        int changed;
        int failed;
        int left;
    }
}
