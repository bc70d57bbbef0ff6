package dev.batchapi.batch;

import java.util.Objects;

/**
 * One forward move of a batch: its new state, what is now known of its application, and, for a
 * terminal state, when it ended. Written only if the stored state may advance to {@link #state()}.
 */
public record BatchChange(BatchState state, AppInfo app, long endTime) {

    public BatchChange {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(app, "app");
        if (state.isTerminal() != (endTime > 0)) {
            throw new IllegalArgumentException("endTime is set exactly when the state is terminal");
        }
    }
}
