package dev.batchapi.local.emr.run;

import dev.batchapi.local.emr.step.FailureDetails;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What a scripted step does once it started, and how it reacts when CancelSteps interrupts it.
 *
 * @param runTime how long it runs before it ends on its own; empty: until the test ends it
 * @param failure the details it fails with when its run time is over; empty: it completes
 * @param stopTime how long it takes to stop once interrupted; empty: it stays CANCEL_PENDING until
 *     the test stops it
 */
public record StepScript(Optional<Duration> runTime, Optional<FailureDetails> failure, Optional<Duration> stopTime) {

    public StepScript {
        Objects.requireNonNull(runTime, "runTime");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(stopTime, "stopTime");
        if (failure.isPresent() && runTime.isEmpty()) {
            throw new IllegalArgumentException("a scripted failure needs a run time; without one the test ends the step");
        }
    }

    /** The default: RUNNING until the test completes or fails it, CANCEL_PENDING until the test stops it. */
    public static StepScript runsUntilTold() {
        return new StepScript(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /** Runs for {@code runTime}, then COMPLETED; stops as soon as it is interrupted. */
    public static StepScript completesAfter(Duration runTime) {
        return new StepScript(Optional.of(runTime), Optional.empty(), Optional.of(Duration.ZERO));
    }

    /** Runs for {@code runTime}, then FAILED with {@code failure}; stops as soon as it is interrupted. */
    public static StepScript failsAfter(Duration runTime, FailureDetails failure) {
        return new StepScript(Optional.of(runTime), Optional.of(failure), Optional.of(Duration.ZERO));
    }

    /** The same script, taking {@code stopTime} to stop once interrupted. */
    public StepScript stopsAfterInterrupt(Duration time) {
        return new StepScript(runTime, failure, Optional.of(time));
    }

    /** The same script, staying CANCEL_PENDING once interrupted until the test stops it. */
    public StepScript stopsWhenTold() {
        return new StepScript(runTime, failure, Optional.empty());
    }
}
