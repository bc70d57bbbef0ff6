package dev.batchapi.local.emr.cluster;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A cluster's state, why it is in it, and its timeline (EMR's ClusterStatus). */
public record ClusterStatus(ClusterState state, ClusterStateChangeReason reason, ClusterTimeline timeline) {

    public ClusterStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(timeline, "timeline");
    }

    /** A cluster just made: stamped ready at once when it starts ready. */
    public static ClusterStatus created(ClusterState initial, Instant time) {
        return initial.runsSteps()
                ? new ClusterStatus(initial, ClusterStateChangeReason.READY, new ClusterTimeline(time, Optional.of(time), Optional.empty()))
                : new ClusterStatus(initial, ClusterStateChangeReason.message(""), ClusterTimeline.createdAt(time));
    }

    /** Moves to {@code next}, stamping ReadyDateTime when first ready and EndDateTime when terminated. */
    public ClusterStatus movedTo(ClusterState next, ClusterStateChangeReason why, Instant time) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("a cluster cannot move from " + state + " to " + next);
        }
        Optional<Instant> ready = timeline.ready().isEmpty() && next.runsSteps() ? Optional.of(time) : timeline.ready();
        Optional<Instant> end = next.isTerminated() ? Optional.of(time) : timeline.end();
        return new ClusterStatus(next, why, new ClusterTimeline(timeline.creation(), ready, end));
    }
}
