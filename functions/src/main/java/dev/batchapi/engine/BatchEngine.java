package dev.batchapi.engine;

import dev.batchapi.batch.Batch;
import java.util.Optional;

/** Runs batches on a cluster and reports on them; EMR steps in production. */
public interface BatchEngine {

    /** The cluster new batches are submitted to. */
    String targetCluster();

    /**
     * Checks what submitting the batch would ask of the engine against the engine's own limits, so
     * that bad input is refused before anything is stored.
     *
     * @throws dev.batchapi.errors.BadRequestException naming the limit
     */
    void check(Batch batch);

    /**
     * Submits the batch to {@link Batch#clusterId()}, named after its id so it can be found again.
     *
     * @throws SubmissionRejectedException when the engine refused it: nothing runs
     * @throws EngineUnavailableException when the outcome is unknown
     */
    SubmittedStep submit(Batch batch);

    /** @throws StepNotFoundException when the engine no longer knows the step */
    StepStatus status(String clusterId, String stepId);

    /** Finds the step submitted for a batch by its name, for a batch whose step id was never recorded. */
    Optional<StepStatus> findStep(String clusterId, String batchId);

    /** Where a person can follow the step. */
    String appUrl(String clusterId, String stepId);

    /** Asks the engine to stop a step: a pending one is removed, a running one interrupted. */
    CancelOutcome cancel(String clusterId, String stepId);
}
