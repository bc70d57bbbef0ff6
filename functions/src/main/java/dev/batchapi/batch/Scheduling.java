package dev.batchapi.batch;

import java.util.Objects;

/**
 * What the scheduler keeps of a batch.
 *
 * @param attempt the number of its current step, from 1 (a retry is the next number)
 * @param dispatchClaimedAt epoch ms when a submit last claimed it (its create, the dispatcher or a
 *     sync rolling it forward); 0 if none has
 * @param earlierFailures what each failed attempt before the current one said; null before any failed
 */
public record Scheduling(Placement placement, int attempt, long dispatchClaimedAt, RunLimits limits,
        String earlierFailures) {

    public Scheduling {
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(limits, "limits");
    }

    public static Scheduling initial(RunLimits limits) {
        return new Scheduling(Placement.NONE, 1, 0, limits, null);
    }

    public Scheduling placed(Placement newPlacement, long claimedAt) {
        return new Scheduling(newPlacement, attempt, claimedAt, limits, earlierFailures);
    }

    /** Whether a step that failed on its own is followed by another attempt. */
    public boolean mayRetry() {
        return attempt < limits.maxAttempts();
    }
}
