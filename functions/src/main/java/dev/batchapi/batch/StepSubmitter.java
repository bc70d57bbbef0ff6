package dev.batchapi.batch;

import dev.batchapi.batch.log.BatchLog;
import dev.batchapi.errors.ForbiddenException;
import dev.batchapi.telemetry.Metric;
import dev.batchapi.telemetry.Metrics;
import dev.batchapi.telemetry.OpsLog;
import java.time.Clock;
import java.util.Optional;

/**
 * Submits a stored batch that holds a slot and records its step: the create does it for a batch
 * admitted at once, the dispatcher for one that waited in the queue, the state sync for the next
 * attempt of one whose step failed, or again for one whose submitter died before its step was added.
 * The step is named after the batch id and attempt, so a submit whose outcome is unknown is found
 * again by name.
 */
public final class StepSubmitter {

    /** Who submits: each says so in the batch's log and the operator's. */
    public enum Origin {
        CREATE("batch.submitted", "Submitted"),
        DISPATCH("batch.dispatched", "Dispatched from the queue"),
        RETRY("batch.retried", "Retried"),
        SYNC("sync.dispatched", "Its submitter did not add this batch's step; submitted now by the state sync");

        private final String event;
        private final String says;

        Origin(String event, String says) {
            this.event = event;
            this.says = says;
        }
    }

    /** The submit latency's origin of a step found by its name, recorded by whoever found it (not an {@link Origin}). */
    static final String FOUND = "FOUND";

    /** What an admin accepted in relaxing {@link PolicyRule#FLINK_DETACH}, told to the batch's owner. */
    static final String FLINK_DETACHES = "FLINK runs in YARN application mode: on EMR its step ends once YARN runs the"
            + " application, so FINISHED then says it was deployed, not that it ended, and a kill stops it only until"
            + " then; its outcome and its stop are YARN's (yarn application -kill)";

    private final BatchStore store;
    private final BatchEngine engine;
    private final BatchProgress progress;
    private final BatchLog log;
    private final RuntimeRoles runtimeRoles;
    private final Metrics metrics;
    private final Clock clock;

    public StepSubmitter(BatchStore store, BatchEngine engine, BatchProgress progress, BatchLog log,
            RuntimeRoles runtimeRoles, Metrics metrics, Clock clock) {
        this.store = store;
        this.engine = engine;
        this.progress = progress;
        this.log = log;
        this.runtimeRoles = runtimeRoles;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Adds the batch's step under its user's runtime role and records it. A refusal ends the batch
     * ERROR with the reason; an unanswered submit leaves it PENDING for the sync.
     *
     * @param batch a stored batch that holds a slot and has no step, with its spec
     * @return the batch as stored afterwards
     */
    public Batch submit(Batch batch, Origin origin) {
        Optional<String> runtimeRole;
        SubmittedStep step;
        try {
            // The create refused a user without a role before storing; the sync meets one only if the roles changed since.
            runtimeRole = runtimeRoles.roleFor(batch.user());
            step = engine.submit(batch, runtimeRole);
        } catch (SubmissionRejectedException | ForbiddenException e) {
            OpsLog.warn("batch.submit.rejected", e, "batchId", batch.id(), "clusterId", batch.clusterId());
            BatchChange failed = new BatchChange(BatchState.ERROR,
                    new AppInfo(null, null, null, "Submission failed: " + e.getMessage(), 0), clock.millis());
            return progress.apply(batch, failed, "submission refused");
        } catch (EngineUnavailableException e) {
            // The step may or may not exist: the sync finds it by name, or submits it again, after a grace period.
            OpsLog.warn("batch.submit.unconfirmed", e, "batchId", batch.id(), "clusterId", batch.clusterId());
            log.append(batch.id(), "EMR did not confirm the submission to cluster " + batch.clusterId()
                    + "; the state sync will find the step, or submit the batch again if EMR did not add it");
            return batch;
        }
        // A retry keeps saying which attempt failed and why until its step says more.
        AppInfo app = new AppInfo(step.stepId(), engine.appUrl(step.clusterId(), step.stepId()),
                AppState.PENDING, batch.app().appDiagnostic(), 0);
        Optional<Batch> attached = store.attachStep(batch, step.stepId(), app);
        if (attached.isPresent()) {
            OpsLog.info(origin.event, "batchId", batch.id(), "user", batch.user(), "clusterId", step.clusterId(),
                    "stepId", step.stepId(), "attempt", batch.scheduling().attempt(), "runtimeRole", runtimeRole.orElse(null));
            metrics.put(Metric.SUBMIT_LATENCY, clock.millis() - batch.createTime(), origin.name());
            int attempt = batch.scheduling().attempt();
            log.append(batch.id(), origin.says
                    + (attempt > 1 ? " (attempt " + attempt + " of " + batch.scheduling().limits().maxAttempts() + ")" : "")
                    + " as step " + step.stepId() + " on EMR cluster " + step.clusterId()
                    + runtimeRole.map(role -> " under runtime role " + role).orElse(""));
            if (batch.batchType() == BatchType.FLINK && attempt == 1) {
                log.append(batch.id(), FLINK_DETACHES);
            }
            return attached.get();
        }
        // The batch ended while its step was being added (a kill won), or another step is its own
        // now: this one must not run.
        Batch current = store.require(batch.id());
        if (!step.stepId().equals(current.stepId())) {
            engine.cancel(step.clusterId(), step.stepId());
            OpsLog.info("batch.step.cancelled", "batchId", batch.id(), "stepId", step.stepId(),
                    "state", current.state(), "recordedStepId", current.stepId());
            log.append(batch.id(), "Step " + step.stepId() + " cancelled: "
                    + (current.isTerminal() ? "the batch was already " + current.state()
                            : "the batch is at attempt " + current.scheduling().attempt() + " now"));
        }
        return current;
    }
}
