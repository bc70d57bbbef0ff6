package dev.batchapi.local.emr.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.batchapi.local.emr.EmrFixture;
import dev.batchapi.local.emr.step.StepState;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.emr.model.EmrException;
import software.amazon.awssdk.services.emr.model.InternalServerErrorException;

/** Faults a test injects, as the SDK sees them, and the call counts that show what a piece of code cost. */
class InjectedFaultsTest {

    private final EmrFixture fixture = new EmrFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aThrottledCallIsRetriedByTheSdkAndCountedTwice() {
        String clusterId = fixture.cluster(1);
        fixture.emulator.failNext(EmrOperation.LIST_STEPS, EmrFault.throttling());

        fixture.emr.listSteps(request -> request.clusterId(clusterId));

        assertThat(fixture.emulator.server().callCount("ListSteps")).isEqualTo(2);
    }

    @Test
    void throttlingThatOutlastsTheRetriesReachesTheCaller() {
        String clusterId = fixture.cluster(1);
        fixture.emulator.failNext(EmrOperation.ADD_JOB_FLOW_STEPS, EmrFixture.SDK_ATTEMPTS, EmrFault.throttling());

        EmrException thrown = catchThrowableOfType(EmrException.class, () -> fixture.addStep(clusterId, "a"));

        assertThat(thrown.statusCode()).isEqualTo(400);
        assertThat(thrown.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
        assertThat(thrown.awsErrorDetails().errorMessage()).isEqualTo("Rate exceeded");
        assertThat(fixture.emulator.server().callCount("AddJobFlowSteps")).isEqualTo(EmrFixture.SDK_ATTEMPTS);
        assertThat(fixture.emulator.steps(clusterId)).as("a refused call changes nothing").isEmpty();
        String added = fixture.addStep(clusterId, "a");
        assertThat(fixture.stateOf(clusterId, added)).as("the faults are used up").isEqualTo(StepState.RUNNING);
    }

    @Test
    void anInternalErrorReachesTheCallerAsInternalServerErrorException() {
        String clusterId = fixture.cluster(1);
        fixture.emulator.failNext(EmrOperation.DESCRIBE_CLUSTER, EmrFixture.SDK_ATTEMPTS, EmrFault.internalError());

        assertThatThrownBy(() -> fixture.emr.describeCluster(request -> request.clusterId(clusterId)))
                .isInstanceOfSatisfying(InternalServerErrorException.class,
                        error -> assertThat(error.statusCode()).isEqualTo(500));
    }

    @Test
    void aFaultHitsOnlyItsOperation() {
        String clusterId = fixture.cluster(1);
        fixture.emulator.failNext(EmrOperation.CANCEL_STEPS, EmrFixture.SDK_ATTEMPTS, EmrFault.internalError());

        fixture.emr.describeCluster(request -> request.clusterId(clusterId));

        assertThat(fixture.emulator.server().callCounts()).containsExactlyEntriesOf(Map.of("DescribeCluster", 1L));
    }

    @Test
    void faultsAreAnsweredInTheOrderTheyWereAskedFor() {
        String clusterId = fixture.cluster(1);
        fixture.emulator.failNext(EmrOperation.DESCRIBE_CLUSTER, EmrFault.throttling());
        fixture.emulator.failNext(EmrOperation.DESCRIBE_CLUSTER, 2, new EmrFault(400, "AccessDeniedException", "no"));

        EmrException thrown = catchThrowableOfType(EmrException.class,
                () -> fixture.emr.describeCluster(request -> request.clusterId(clusterId)));

        // Throttling was retried; access denied is not retryable, so the second fault ends the call.
        assertThat(thrown.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException");
        assertThat(fixture.emulator.server().callCount("DescribeCluster")).isEqualTo(2);
    }

    @Test
    void callCountsShowWhatASequenceOfCallsCost() {
        String clusterId = fixture.cluster(1);
        String stepId = fixture.addStep(clusterId, "a");
        fixture.emulator.server().resetCallCounts();

        fixture.emr.describeStep(request -> request.clusterId(clusterId).stepId(stepId));
        fixture.emr.describeStep(request -> request.clusterId(clusterId).stepId(stepId));
        fixture.emr.listSteps(request -> request.clusterId(clusterId));

        assertThat(fixture.emulator.server().callCounts())
                .isEqualTo(Map.of("DescribeStep", 2L, "ListSteps", 1L));
    }

    @Test
    void refusesToInjectNothing() {
        assertThatThrownBy(() -> fixture.emulator.failNext(EmrOperation.LIST_STEPS, 0, EmrFault.throttling()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
