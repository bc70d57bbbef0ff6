package dev.batchapi.batch;

import static dev.batchapi.batch.BatchState.CANCELED;
import static dev.batchapi.batch.BatchState.ERROR;
import static dev.batchapi.batch.BatchState.FINISHED;
import static dev.batchapi.batch.BatchState.PENDING;
import static dev.batchapi.batch.BatchState.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BatchStateTest {

    @Test
    void pendingMayMoveAnywhereIncludingStayingPending() {
        for (BatchState next : BatchState.values()) {
            assertThat(PENDING.canAdvanceTo(next)).as("PENDING -> %s", next).isTrue();
        }
    }

    @Test
    void runningNeverGoesBackToPending() {
        assertThat(RUNNING.canAdvanceTo(PENDING)).isFalse();
        assertThat(RUNNING.canAdvanceTo(RUNNING)).isTrue();
        assertThat(RUNNING.canAdvanceTo(FINISHED)).isTrue();
        assertThat(RUNNING.canAdvanceTo(ERROR)).isTrue();
        assertThat(RUNNING.canAdvanceTo(CANCELED)).isTrue();
    }

    @Test
    void terminalStatesAreFinal() {
        for (BatchState terminal : new BatchState[] {FINISHED, ERROR, CANCELED}) {
            assertThat(terminal.isTerminal()).isTrue();
            for (BatchState next : BatchState.values()) {
                assertThat(terminal.canAdvanceTo(next)).as("%s -> %s", terminal, next).isFalse();
            }
        }
        assertThat(PENDING.isTerminal()).isFalse();
        assertThat(RUNNING.isTerminal()).isFalse();
    }

    @Test
    void parsesAnyCaseAndListsTheValidValuesInKyuubisOrder() {
        assertThat(BatchState.parse(" running ")).contains(RUNNING);
        assertThat(BatchState.parse("Canceled")).contains(CANCELED);
        assertThat(BatchState.parse("CANCELLED")).isEmpty();
        assertThat(BatchState.VALID_VALUES).isEqualTo("PENDING,RUNNING,FINISHED,ERROR,CANCELED");
    }
}
