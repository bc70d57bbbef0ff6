package dev.batchapi.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.config.AppContext;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.SdkCallRecorder;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.crac.Core;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The state sync and step-event functions prime their clients only: every invocation of theirs writes. */
class EventFunctionsPrimingIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    static Stream<Arguments> functions() {
        return Stream.of(
                Arguments.of("sync", (Function<AppContext, EventHandler>) SyncBatchStatesHandler::new),
                Arguments.of("stepStatusChange", (Function<AppContext, EventHandler>) StepStatusChangeHandler::new));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void primingReadsOnceFromDynamoDbAndSendsEmrsCallToTheStubOnly(String function, Function<AppContext, EventHandler> handler) {
        SdkCallRecorder recorder = new SdkCallRecorder();
        EventHandler primed = handler.apply(aws.contextWith(Map.of(), recorder));
        var items = aws.tableItems();
        var emrCalls = aws.emr().server().callCounts();

        assertThat(primed.priming().prime()).isEmpty();
        assertThat(recorder.actions()).containsExactly("dynamodb:GetItem", "elasticmapreduce:DescribeCluster");
        assertThat(aws.emr().server().callCounts()).isEqualTo(emrCalls);
        assertThat(aws.tableItems()).isEqualTo(items);
        assertThat(primed.priming().registeredWith()).isSameAs(Core.getGlobalContext());
    }

    @Test
    void thePublishersPrimingPutsItsEventOnTheStubAndNoneOnTheBusAndNeverReadsTheTable() {
        SdkCallRecorder recorder = new SdkCallRecorder();
        EventHandler primed = new PublishStateChangesHandler(aws.contextWith(Map.of(), recorder));
        int events = aws.eventBridge().events().size();
        var items = aws.tableItems();

        assertThat(primed.priming().prime()).isEmpty();
        // Its role may not read the table, and it builds no DynamoDB client to try.
        assertThat(recorder.actions()).containsExactly("events:PutEvents");
        assertThat(aws.eventBridge().events()).hasSize(events);
        assertThat(aws.eventBridgeServer().callCount("PutEvents")).isZero();
        assertThat(aws.tableItems()).isEqualTo(items);
    }
}
