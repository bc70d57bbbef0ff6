package dev.batchapi.batch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StepMappingTest {

    @ParameterizedTest
    @CsvSource({
        "PENDING, PENDING, PENDING",
        "RUNNING, RUNNING, RUNNING",
        "CANCEL_PENDING, RUNNING, RUNNING",
        "COMPLETED, FINISHED, FINISHED",
        "CANCELLED, CANCELED, KILLED",
        "FAILED, ERROR, FAILED",
        "INTERRUPTED, ERROR, KILLED"
    })
    void mapsEveryStepStateAsTheDesignSays(StepState step, BatchState batch, AppState app) {
        assertThat(StepMapping.batchState(step)).isEqualTo(batch);
        assertThat(StepMapping.appState(step)).isEqualTo(app);
    }

    @Test
    void aCompletedStepFinishesTheBatchWithItsTimes() {
        BatchChange change = StepMapping.change(withStep(), status(StepState.COMPLETED, null, 1000, 5000), 9000);

        assertThat(change.state()).isEqualTo(BatchState.FINISHED);
        assertThat(change.endTime()).isEqualTo(5000);
        assertThat(change.app()).isEqualTo(new AppInfo("s-1", "url", AppState.FINISHED, null, 1000));
    }

    @Test
    void aTerminalStepWithoutAnEndTimeEndsNow() {
        assertThat(StepMapping.change(withStep(), status(StepState.CANCELLED, null, 0, 0), 9000).endTime())
                .isEqualTo(9000);
    }

    @Test
    void aRunningStepHasNoEndTime() {
        BatchChange change = StepMapping.change(withStep(), status(StepState.RUNNING, null, 1000, 0), 9000);

        assertThat(change.endTime()).isZero();
        assertThat(change.app().appStartTime()).isEqualTo(1000);
    }

    @Test
    void aFailureExplainsItselfFromFailureDetails() {
        StepFailure failure = new StepFailure("Unknown Error.", "Exit code 1", "s3://logs/j-1/steps/s-1/stderr.gz");

        assertThat(StepMapping.change(withStep(), status(StepState.FAILED, failure, 1, 2), 3).app().appDiagnostic())
                .isEqualTo("Unknown Error.: Exit code 1 (log: s3://logs/j-1/steps/s-1/stderr.gz)");
        assertThat(StepMapping.change(withStep(), status(StepState.FAILED, null, 1, 2), 3).app().appDiagnostic())
                .isEqualTo("The EMR step failed; EMR gave no details");
    }

    @Test
    void aCancelledStepNamesWhoKilledIt() {
        Batch killed = withStep("alice");

        assertThat(StepMapping.change(killed, status(StepState.CANCELLED, null, 1, 2), 3).app().appDiagnostic())
                .isEqualTo("Killed by alice");
        assertThat(StepMapping.change(withStep(), status(StepState.INTERRUPTED, null, 1, 2), 3).app().appDiagnostic())
                .isEqualTo("The EMR step was interrupted (e.g. its cluster was terminated)");
    }

    private static Batch withStep() {
        return withStep(null);
    }

    private static Batch withStep(String killRequestedBy) {
        Batch pending = AccessPolicyTest.batchOf("alice");
        return new Batch(pending.id(), pending.user(), pending.batchType(), pending.name(), pending.spec(),
                BatchState.PENDING, new AppInfo("s-1", "url", AppState.PENDING, null, 0), pending.kyuubiInstance(),
                pending.createTime(), 0, "j-1", "s-1", killRequestedBy, killRequestedBy == null ? 0 : 5,
                pending.scheduling());
    }

    private static StepStatus status(StepState state, StepFailure failure, long start, long end) {
        return new StepStatus("j-1", "s-1", "name", state, failure, start, end);
    }
}
