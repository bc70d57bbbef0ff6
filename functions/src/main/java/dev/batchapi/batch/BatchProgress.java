package dev.batchapi.batch;

import dev.batchapi.batch.log.BatchLog;
import dev.batchapi.telemetry.Metric;
import dev.batchapi.telemetry.Metrics;
import dev.batchapi.telemetry.OpsLog;
import java.time.Clock;
import java.util.Optional;

/**
 * Moves batches forward and says so: every state change is a conditional write (only forward, never
 * out of a terminal state), and each one that takes effect gets a line in the batch's log and in the
 * operator's log, and each end a count of its final state. The kill, the scheduled sync, the step
 * events and the queue's timeouts all move batches through here.
 */
public final class BatchProgress {

    private final BatchStore store;
    private final BatchLog log;
    private final Metrics metrics;
    private final Clock clock;

    public BatchProgress(BatchStore store, BatchLog log, Metrics metrics, Clock clock) {
        this.store = store;
        this.log = log;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Brings the batch up to its step's status (DESIGN.md's mapping). */
    public Batch follow(Batch batch, StepStatus step) {
        return apply(batch, StepMapping.change(batch, step, clock.millis()),
                "step " + step.stepId() + " " + step.state());
    }

    /**
     * Writes the change unless it changes nothing. If the stored batch refuses it (it moved on in the
     * meantime, e.g. a kill ended it), the stored batch stands and is returned.
     */
    public Batch apply(Batch batch, BatchChange change, String cause) {
        if (change.state() == batch.state() && change.app().equals(batch.app())) {
            return batch;
        }
        return store.advance(batch, change, cause)
                .map(after -> announced(batch, after, cause))
                .orElseGet(() -> store.require(batch.id()));
    }

    /** Ends a batch that never got a step; empty if it got one (or ended) in the meantime. */
    public Optional<Batch> endUnsubmitted(Batch batch, BatchChange change, String cause) {
        return store.endUnsubmitted(batch, change, cause).map(after -> announced(batch, after, cause));
    }

    /** Ends a batch killed by {@code user} before it got a step; empty if it got one (or ended) in the meantime. */
    public Optional<Batch> cancelUnsubmitted(Batch batch, String user) {
        BatchChange canceled = new BatchChange(BatchState.CANCELED,
                new AppInfo(null, null, null, "Killed by " + user + " before it was submitted", 0), clock.millis());
        return endUnsubmitted(batch, canceled, "killed before it was submitted");
    }

    /**
     * Records the step found for a batch whose step id was never recorded (it keeps what its
     * diagnostic said, a retry's note); the batch as stored after.
     */
    public Batch attach(Batch batch, StepStatus step, String appUrl) {
        AppInfo app = new AppInfo(step.stepId(), appUrl, StepMapping.appState(step.state()), batch.app().appDiagnostic(), 0);
        if (store.attachStep(batch, step.stepId(), app).isPresent()) {
            OpsLog.info("batch.step.found", "batchId", batch.id(), "clusterId", step.clusterId(), "stepId", step.stepId());
            metrics.put(Metric.SUBMIT_LATENCY, clock.millis() - batch.createTime(), StepSubmitter.FOUND);
            log.append(batch.id(), "Found step " + step.stepId() + " on EMR cluster " + step.clusterId());
        }
        return store.require(batch.id());
    }

    private Batch announced(Batch before, Batch after, String cause) {
        if (after.state() != before.state()) {
            OpsLog.info("batch.state", "batchId", after.id(), "user", after.user(), "stepId", after.stepId(),
                    "from", before.state(), "state", after.state(), "cause", cause);
            String diagnostic = after.app().appDiagnostic();
            log.append(after.id(), "State " + before.state() + " -> " + after.state() + " (" + cause + ")"
                    + (after.isTerminal() && diagnostic != null ? ": " + diagnostic : ""));
            if (after.isTerminal()) {
                metrics.put(Metric.BATCHES_ENDED, 1, after.state().name());
            }
        }
        return after;
    }
}
