package dev.batchapi.local.emr.step;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class StepStateTest {

    private static EnumSet<StepState> successorsOf(StepState state) {
        EnumSet<StepState> next = EnumSet.noneOf(StepState.class);
        Arrays.stream(StepState.values()).filter(state::canMoveTo).forEach(next::add);
        return next;
    }

    @Test
    void aPendingStepStartsOrIsCancelled() {
        assertThat(successorsOf(StepState.PENDING)).containsExactlyInAnyOrder(StepState.RUNNING, StepState.CANCELLED);
    }

    @Test
    void aRunningStepEndsIsAskedToCancelOrIsInterrupted() {
        assertThat(successorsOf(StepState.RUNNING)).containsExactlyInAnyOrder(
                StepState.COMPLETED, StepState.FAILED, StepState.CANCEL_PENDING, StepState.INTERRUPTED);
    }

    @Test
    void aCancelPendingStepCanOnlyEndCancelled() {
        assertThat(successorsOf(StepState.CANCEL_PENDING)).containsExactly(StepState.CANCELLED);
    }

    @Test
    void terminalStatesGoNowhere() {
        for (StepState state : EnumSet.of(StepState.COMPLETED, StepState.CANCELLED, StepState.FAILED, StepState.INTERRUPTED)) {
            assertThat(state.isTerminal()).isTrue();
            assertThat(successorsOf(state)).as(state.name()).isEmpty();
        }
    }

    @Test
    void exactlyPendingRunningAndCancelPendingAreActive() {
        assertThat(Arrays.stream(StepState.values()).filter(StepState::isActive))
                .containsExactlyInAnyOrder(StepState.PENDING, StepState.RUNNING, StepState.CANCEL_PENDING);
    }
}
