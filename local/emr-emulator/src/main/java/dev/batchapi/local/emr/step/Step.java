package dev.batchapi.local.emr.step;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One step of a cluster as it stands at one moment. Immutable: every change makes a new value,
 * so a step handed out is a consistent snapshot.
 *
 * @param failureDetails present once the step FAILED
 * @param cancellation how the step's process was last asked to stop, once CancelSteps reached it
 *     while it ran (EMR does not show this; tests use it to check what our product asked for)
 */
public record Step(
        String id,
        StepConfig config,
        Optional<String> executionRoleArn,
        StepState state,
        Optional<FailureDetails> failureDetails,
        StepTimeline timeline,
        Optional<StepCancellationOption> cancellation) {

    public Step {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(executionRoleArn, "executionRoleArn");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(failureDetails, "failureDetails");
        Objects.requireNonNull(timeline, "timeline");
        Objects.requireNonNull(cancellation, "cancellation");
    }

    /** A step just added: EMR queues every new step as PENDING. */
    public static Step added(String id, StepConfig config, Optional<String> executionRoleArn, Instant time) {
        return new Step(id, config, executionRoleArn, StepState.PENDING, Optional.empty(),
                StepTimeline.createdAt(time), Optional.empty());
    }

    public String name() {
        return config.name();
    }

    /** Moves to {@code next}, stamping StartDateTime on RUNNING and EndDateTime on a terminal state. */
    public Step movedTo(StepState next, Instant time) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("step " + id + " cannot move from " + state + " to " + next);
        }
        StepTimeline moved = next == StepState.RUNNING ? timeline.startedAt(time)
                : next.isTerminal() ? timeline.endedAt(time)
                : timeline;
        return new Step(id, config, executionRoleArn, next, failureDetails, moved, cancellation);
    }

    public Step failed(FailureDetails details, Instant time) {
        Step failed = movedTo(StepState.FAILED, time);
        return new Step(id, config, executionRoleArn, failed.state, Optional.of(details), failed.timeline, cancellation);
    }

    /**
     * A running step asked to stop: it goes CANCEL_PENDING until its process is gone. Asking again
     * keeps it there and records the newer option (TERMINATE_PROCESS after SEND_INTERRUPT escalates).
     */
    public Step cancelRequested(StepCancellationOption option, Instant time) {
        Step pending = state == StepState.CANCEL_PENDING ? this : movedTo(StepState.CANCEL_PENDING, time);
        return new Step(id, config, executionRoleArn, pending.state, failureDetails, pending.timeline, Optional.of(option));
    }
}
