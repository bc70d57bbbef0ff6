package dev.batchapi.local.emr.step;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class StepTest {

    private static final Instant ADDED = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant STARTED = ADDED.plusSeconds(1);
    private static final Instant ENDED = ADDED.plusSeconds(2);

    private final Step pending = Step.added("s-1", new StepConfig("batch", ActionOnFailure.CONTINUE,
            new HadoopJarStep("command-runner.jar", Optional.empty(), List.of("spark-submit", "app.py"), Map.of())), Optional.empty(), ADDED);

    @Test
    void startsPendingWithOnlyItsCreationTime() {
        assertThat(pending.state()).isEqualTo(StepState.PENDING);
        assertThat(pending.timeline()).isEqualTo(StepTimeline.createdAt(ADDED));
    }

    @Test
    void stampsStartWhenRunningAndEndWhenItEnds() {
        Step completed = pending.movedTo(StepState.RUNNING, STARTED).movedTo(StepState.COMPLETED, ENDED);

        assertThat(completed.timeline()).isEqualTo(new StepTimeline(ADDED, Optional.of(STARTED), Optional.of(ENDED)));
    }

    @Test
    void keepsItsFailureDetails() {
        FailureDetails details = FailureDetails.of("Unknown Error.", null, null);

        Step failed = pending.movedTo(StepState.RUNNING, STARTED).failed(details, ENDED);

        assertThat(failed.state()).isEqualTo(StepState.FAILED);
        assertThat(failed.failureDetails()).hasValue(details);
    }

    @Test
    void refusesAMoveItsStateDoesNotAllow() {
        assertThatThrownBy(() -> pending.movedTo(StepState.COMPLETED, ENDED))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PENDING to COMPLETED");
    }

    @Test
    void aSecondCancelKeepsItCancelPendingAndRecordsTheHarderOption() {
        Step running = pending.movedTo(StepState.RUNNING, STARTED);

        Step cancelPending = running.cancelRequested(StepCancellationOption.SEND_INTERRUPT, ENDED);
        Step escalated = cancelPending.cancelRequested(StepCancellationOption.TERMINATE_PROCESS, ENDED);

        assertThat(escalated.state()).isEqualTo(StepState.CANCEL_PENDING);
        assertThat(escalated.cancellation()).hasValue(StepCancellationOption.TERMINATE_PROCESS);
        assertThat(escalated.timeline().end()).isEmpty();
    }
}
