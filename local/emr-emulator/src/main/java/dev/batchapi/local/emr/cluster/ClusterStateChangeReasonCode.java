package dev.batchapi.local.emr.cluster;

/** Why a cluster changed state, as EMR codes it (ClusterStateChangeReasonCode). */
public enum ClusterStateChangeReasonCode {
    INTERNAL_ERROR,
    VALIDATION_ERROR,
    INSTANCE_FAILURE,
    INSTANCE_FLEET_TIMEOUT,
    BOOTSTRAP_FAILURE,
    USER_REQUEST,
    STEP_FAILURE,
    ALL_STEPS_COMPLETED
}
