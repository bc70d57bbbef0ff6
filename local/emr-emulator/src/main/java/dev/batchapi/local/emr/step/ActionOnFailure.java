package dev.batchapi.local.emr.step;

/** What EMR does to the cluster when a step fails (StepConfig.ActionOnFailure). */
public enum ActionOnFailure {
    /** The legacy spelling of TERMINATE_CLUSTER, still accepted by EMR. */
    TERMINATE_JOB_FLOW,
    TERMINATE_CLUSTER,
    /** Cancels the pending steps; the cluster goes back to WAITING. */
    CANCEL_AND_WAIT,
    CONTINUE;

    public boolean terminatesCluster() {
        return this == TERMINATE_JOB_FLOW || this == TERMINATE_CLUSTER;
    }
}
