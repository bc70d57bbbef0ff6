package dev.batchapi.batch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** When a run must stop taking on work, so that it ends inside its function's timeout. */
public record Deadline(Clock clock, Instant at) {

    public static Deadline after(Clock clock, Duration time) {
        return new Deadline(clock, clock.instant().plus(time));
    }

    public boolean passed() {
        return !clock.instant().isBefore(at);
    }
}
