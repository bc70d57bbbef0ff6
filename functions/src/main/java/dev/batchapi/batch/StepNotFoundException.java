package dev.batchapi.batch;

/** EMR no longer knows the step (or its cluster): it aged out, or the cluster is gone. */
public final class StepNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StepNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
