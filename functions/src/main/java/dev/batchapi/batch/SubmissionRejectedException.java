package dev.batchapi.batch;

/**
 * The engine answered that it will not run the batch (cluster gone, too many active steps, invalid
 * step, throttled): nothing was submitted, and the reason is fit to show the batch's owner.
 */
public final class SubmissionRejectedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public SubmissionRejectedException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
