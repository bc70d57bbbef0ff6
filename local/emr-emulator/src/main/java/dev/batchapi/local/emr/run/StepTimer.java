package dev.batchapi.local.emr.run;

import java.time.Duration;

/**
 * When a step runner's timed actions happen (the timed parts of a {@link ScriptedStepRunner}'s
 * scripts, the kill that follows an ignored SIGTERM): on a timer thread of the runner's own, or when
 * a test moves time on by hand.
 */
public interface StepTimer extends AutoCloseable {

    /**
     * Runs {@code action} once {@code delay} has passed, and never from within this call: it is made
     * under a cluster's lock, where a step's end may not be reported (see {@link StepCallback}).
     */
    void schedule(Duration delay, Runnable action);

    /** Drops whatever has not run yet. */
    @Override
    void close();

    /** Runs the actions on one daemon thread, as their delays pass. */
    static StepTimer onDaemonThread() {
        return new DaemonThreadStepTimer();
    }
}
