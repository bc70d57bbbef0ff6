package dev.batchapi.batch;

/**
 * What an EMR step's status means for its batch (DESIGN.md's state table): PENDING → PENDING,
 * RUNNING and CANCEL_PENDING → RUNNING, COMPLETED → FINISHED, FAILED and INTERRUPTED → ERROR,
 * CANCELLED → CANCELED; appState mirrors the step, with a cancelled or interrupted step KILLED.
 */
public final class StepMapping {

    private StepMapping() {
    }

    public static BatchState batchState(StepState step) {
        return switch (step) {
            case PENDING -> BatchState.PENDING;
            case RUNNING, CANCEL_PENDING -> BatchState.RUNNING;
            case COMPLETED -> BatchState.FINISHED;
            case FAILED, INTERRUPTED -> BatchState.ERROR;
            case CANCELLED -> BatchState.CANCELED;
        };
    }

    public static AppState appState(StepState step) {
        return switch (step) {
            case PENDING -> AppState.PENDING;
            case RUNNING, CANCEL_PENDING -> AppState.RUNNING;
            case COMPLETED -> AppState.FINISHED;
            case FAILED -> AppState.FAILED;
            case CANCELLED, INTERRUPTED -> AppState.KILLED;
        };
    }

    /**
     * The change that brings a batch up to its step's status.
     *
     * @param now epoch ms, the end time of a terminal batch when EMR gave none
     */
    public static BatchChange change(Batch batch, StepStatus step, long now) {
        BatchState state = batchState(step.state());
        AppInfo app = new AppInfo(
                batch.app().appId() != null ? batch.app().appId() : step.stepId(),
                batch.app().appUrl(),
                appState(step.state()),
                state.isTerminal() ? withEarlierAttempts(batch, step, diagnostic(batch, step)) : diagnostic(batch, step),
                step.startTime());
        long endTime = state.isTerminal() ? (step.endTime() > 0 ? step.endTime() : now) : 0;
        return new BatchChange(state, app, endTime);
    }

    /** What a failed step says of its failure, for the batch's diagnostic or its record of attempts. */
    public static String failure(Batch batch, StepStatus step) {
        return diagnostic(batch, step);
    }

    /** A batch that retried says, when it ends, how many of its attempts failed and why. */
    private static String withEarlierAttempts(Batch batch, StepStatus step, String own) {
        Scheduling scheduling = batch.scheduling();
        if (scheduling.earlierFailures() == null) {
            return own;
        }
        int attempt = scheduling.attempt();
        int failed = step.state() == StepState.FAILED ? attempt : attempt - 1;
        // A completed last attempt has nothing of its own to add (what the batch said was the retry's note).
        String last = step.state() == StepState.COMPLETED ? null : own;
        return failed + " of " + attempt + " attempts failed: " + scheduling.earlierFailures()
                + (last == null ? "" : "; attempt " + attempt + ": " + last);
    }

    private static String diagnostic(Batch batch, StepStatus step) {
        StepFailure failure = step.failure();
        if (failure != null) {
            StringBuilder text = new StringBuilder();
            text.append(failure.reason() != null ? failure.reason() : "The step failed");
            if (failure.message() != null) {
                text.append(": ").append(failure.message());
            }
            if (failure.logFile() != null) {
                text.append(" (log: ").append(failure.logFile()).append(')');
            }
            return text.toString();
        }
        return switch (step.state()) {
            case CANCELLED -> batch.killRequestedBy() != null
                    ? "Killed by " + batch.killRequestedBy()
                    : "The EMR step was cancelled";
            case FAILED -> "The EMR step failed; EMR gave no details";
            case INTERRUPTED -> "The EMR step was interrupted (e.g. its cluster was terminated)";
            default -> batch.app().appDiagnostic();
        };
    }
}
