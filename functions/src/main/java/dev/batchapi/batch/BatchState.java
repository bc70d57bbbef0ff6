package dev.batchapi.batch;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The batch state machine: PENDING → RUNNING → FINISHED | ERROR | CANCELED, or PENDING straight to a
 * terminal state. Moves only forward; a terminal state is final, so a late or repeated event can never
 * undo a kill or a finish.
 */
public enum BatchState {
    PENDING,
    RUNNING,
    FINISHED,
    ERROR,
    CANCELED;

    /** Kyuubi's list, in Kyuubi's words, for the error that names the valid values. */
    public static final String VALID_VALUES =
            Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(","));

    public boolean isTerminal() {
        return this == FINISHED || this == ERROR || this == CANCELED;
    }

    /**
     * Whether a batch in this state may be written with {@code next}. Staying in PENDING or RUNNING is
     * allowed, so that application facts (step id, start time) can be added without a state change.
     */
    public boolean canAdvanceTo(BatchState next) {
        return switch (this) {
            case PENDING -> true;
            case RUNNING -> next != PENDING;
            case FINISHED, ERROR, CANCELED -> false;
        };
    }

    public static Optional<BatchState> parse(String text) {
        try {
            return Optional.of(valueOf(text.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
