package dev.batchapi.local.emr.run;

import dev.batchapi.local.emr.step.FailureDetails;

/**
 * How a {@link StepRunner} reports that a step's process ended. Report once, from a thread of the
 * runner's own (never from inside {@code start} or {@code interrupt}: those run under the cluster's
 * lock, and a report from there is refused). Reports about a step the cluster already ended (it
 * was shut down) are ignored.
 *
 * <p>A step whose cancel was asked for ends CANCELLED whichever of the two is reported: EMR marks a
 * CANCEL_PENDING step CANCELLED once its process is gone.
 */
public interface StepCallback {

    /** The process exited with status 0: the step is COMPLETED. */
    void completed();

    /** The process failed: the step is FAILED with these details. */
    void failed(FailureDetails details);
}
