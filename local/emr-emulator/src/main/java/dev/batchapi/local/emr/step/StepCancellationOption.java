package dev.batchapi.local.emr.step;

/** How CancelSteps stops a running step's process. */
public enum StepCancellationOption {
    /** EMR's default: the process gets SIGTERM and may clean up. */
    SEND_INTERRUPT,
    /** The process gets SIGKILL. */
    TERMINATE_PROCESS
}
