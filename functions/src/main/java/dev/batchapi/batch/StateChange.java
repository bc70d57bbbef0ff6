package dev.batchapi.batch;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A state change of a batch that took effect: what its state-change event says.
 *
 * @param batch the batch as written by the change
 * @param previousState its state before; null for a batch just created
 * @param cause why, in a few words (as its log says)
 * @param changeId the same for every delivery of this one change, so that a consumer can drop repeats
 * @param changedAt when the change was written (to the second, as DynamoDB's stream says); null if unknown
 */
public record StateChange(Batch batch, BatchState previousState, String cause, String changeId, Instant changedAt) {

    /** What a batch's creation is caused by. */
    public static final String CREATED = "created";

    public StateChange {
        Objects.requireNonNull(batch, "batch");
        Objects.requireNonNull(cause, "cause");
        Objects.requireNonNull(changeId, "changeId");
    }

    /**
     * The state change between two writes of a batch, if there is one: a batch written for the first
     * time, or one whose state moved. A write that left the state as it was (a step recorded, a kill
     * claimed, a slot taken) changes no state.
     *
     * @param before the batch before the write; empty if the write created it
     * @param cause why the state changed, as the writer kept it (empty for a creation)
     */
    public static Optional<StateChange> between(Optional<Batch> before, Batch after, Optional<String> cause,
            String changeId, Instant changedAt) {
        if (before.isEmpty()) {
            return Optional.of(new StateChange(after, null, CREATED, changeId, changedAt));
        }
        if (before.get().state() == after.state()) {
            return Optional.empty();
        }
        return Optional.of(new StateChange(after, before.get().state(),
                cause.orElse("state " + after.state()), changeId, changedAt));
    }
}
