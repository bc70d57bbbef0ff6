package dev.batchapi.batch;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/** Runs batches on a cluster and reports on them; EMR steps in production. */
public interface BatchEngine {

    /**
     * Checks what submitting the batch would ask of the engine against the engine's own limits, so
     * that bad input is refused before anything is stored.
     *
     * @throws dev.batchapi.errors.BadRequestException naming the limit
     */
    void check(Batch batch);

    /**
     * Submits the batch's current attempt to {@link Batch#clusterId()}, named after its id and the
     * attempt so it can be found again.
     *
     * @param runtimeRole the IAM role the step runs under; empty: the cluster's own
     *
     * @throws SubmissionRejectedException when the engine refused it: nothing runs
     * @throws EngineUnavailableException when the outcome is unknown
     */
    SubmittedStep submit(Batch batch, Optional<String> runtimeRole);

    /** @throws StepNotFoundException when the engine no longer knows the step */
    StepStatus status(String clusterId, String stepId);

    /** @return the cluster's state; {@link ClusterStatus#UNKNOWN} if EMR no longer knows it */
    ClusterStatus cluster(String clusterId);

    /**
     * The steps of the given batches on one cluster, found by listing the cluster's steps (a page
     * holds many) rather than asking step by step: by step id, or, for a batch whose step id was
     * never recorded, by the batch id and current attempt in the step's name.
     *
     * @return by batch id, the steps found; a batch may be missing if its step ended long ago, or
     *     never existed
     */
    Map<String, StepStatus> findSteps(String clusterId, Collection<Batch> batches);

    /** Where the cluster's step logs go (its LogUri); empty if it has none or EMR no longer knows it. */
    Optional<String> logUri(String clusterId);

    /** The batch and attempt a step was submitted for, read from the step's name; empty if it is not ours. */
    Optional<StepOwner> owner(String stepName);

    /** Where a person can follow the step. */
    String appUrl(String clusterId, String stepId);

    /** Asks the engine to stop a step: a pending one is removed, a running one interrupted. */
    CancelOutcome cancel(String clusterId, String stepId);
}
