package dev.batchapi.batch;

/** The states of an EMR step, as EMR names them. */
public enum StepState {
    PENDING,
    CANCEL_PENDING,
    RUNNING,
    COMPLETED,
    CANCELLED,
    FAILED,
    INTERRUPTED;

    public boolean isTerminal() {
        return this == COMPLETED || this == CANCELLED || this == FAILED || this == INTERRUPTED;
    }
}
