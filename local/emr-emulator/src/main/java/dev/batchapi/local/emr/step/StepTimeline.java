package dev.batchapi.local.emr.step;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** When a step was added, started and ended (EMR's StepTimeline). */
public record StepTimeline(Instant creation, Optional<Instant> start, Optional<Instant> end) {

    public StepTimeline {
        Objects.requireNonNull(creation, "creation");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    public static StepTimeline createdAt(Instant creation) {
        return new StepTimeline(creation, Optional.empty(), Optional.empty());
    }

    public StepTimeline startedAt(Instant time) {
        return new StepTimeline(creation, Optional.of(time), end);
    }

    public StepTimeline endedAt(Instant time) {
        return new StepTimeline(creation, start, Optional.of(time));
    }
}
