package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.config.SnapStartPriming;
import dev.batchapi.support.CapturedStdout;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.SdkCallRecorder;
import dev.batchapi.support.TestApi;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import org.crac.Core;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;

/**
 * SnapStart's priming of each HTTP function, through its real handler and the real SDK clients
 * against the stand-ins, called as the checkpoint calls it: reads only, EMR never reached, the table
 * unchanged, and a failure of any step logged and reported, never thrown.
 */
class SnapStartPrimingIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    @RegisterExtension
    final CapturedStdout stdout = new CapturedStdout();

    @BeforeAll
    static void aBatchToLeaveAlone() {
        new TestApi(aws.context()).create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}");
    }

    static Stream<Arguments> functions() {
        return Stream.of(
                Arguments.of("get", (Function<AppContext, BatchApiHandler>) GetBatchHandler::new,
                        List.of("dynamodb:GetItem", "dynamodb:GetItem", "dynamodb:GetItem"), Map.of("GetItem", 2L)),
                Arguments.of("list", (Function<AppContext, BatchApiHandler>) ListBatchesHandler::new,
                        List.of("dynamodb:GetItem", "dynamodb:Query", "dynamodb:Query"), Map.of("GetItem", 1L, "Query", 1L)),
                Arguments.of("create", (Function<AppContext, BatchApiHandler>) CreateBatchHandler::new,
                        // then a whole create on the stub: admitted, stored, logged and stepped, kept nowhere
                        List.of("dynamodb:GetItem", "elasticmapreduce:DescribeCluster", "s3:GetObject",
                                "dynamodb:GetItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem",
                                "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:PutItem", "elasticmapreduce:AddJobFlowSteps",
                                "dynamodb:UpdateItem", "dynamodb:Query", "dynamodb:PutItem"), Map.of("GetItem", 1L)),
                Arguments.of("delete", (Function<AppContext, BatchApiHandler>) DeleteBatchHandler::new,
                        List.of("dynamodb:GetItem", "elasticmapreduce:DescribeCluster"), Map.of("GetItem", 1L)),
                Arguments.of("localLog", (Function<AppContext, BatchApiHandler>) GetBatchLocalLogHandler::new,
                        List.of("dynamodb:GetItem", "elasticmapreduce:DescribeCluster", "s3:GetObject"), Map.of("GetItem", 1L)));
    }

    @Test
    void theCreatesPrimingRunsAWholeCreateAndCountsNothingInTheMetrics() {
        CreateBatchHandler primed = new CreateBatchHandler(aws.context());

        assertThat(primed.priming().prime()).as("steps that failed").isEmpty();

        assertThat(stdout.lines()).anyMatch(line -> line.contains("\"event\":\"batch.created\"")
                && line.contains("\"user\":\"" + SnapStartPriming.USER + "\""));
        assertThat(stdout.metrics()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void primingMakesOneReadPerClientAndItsRequestWithoutWritingOrReachingEmr(String function,
            Function<AppContext, BatchApiHandler> handler, List<String> calls, Map<String, Long> tableCalls) {
        SdkCallRecorder recorder = new SdkCallRecorder();
        BatchApiHandler primed = handler.apply(aws.contextWith(Map.of(), recorder));
        var items = aws.tableItems();
        var emrCalls = aws.emr().server().callCounts();
        aws.dynamoDbServer().resetCallCounts();

        List<String> failed = primed.priming().prime();

        assertThat(failed).as("steps that failed").isEmpty();
        // Calls are recorded as the clients make them. The EMR calls never reach the emulator, nor do the
        // requests served from the stub reach the table: they went to the loopback stub.
        assertThat(recorder.actions()).containsExactlyElementsOf(calls);
        assertThat(aws.emr().server().callCounts()).isEqualTo(emrCalls);
        assertThat(aws.dynamoDbServer().callCounts()).isEqualTo(tableCalls);
        assertThat(aws.tableItems()).isEqualTo(items);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void theProductionConstructionRegistersThePrimingWithTheCheckpointContext(String function,
            Function<AppContext, BatchApiHandler> handler, List<String> calls, Map<String, Long> tableCalls) {
        assertThat(handler.apply(aws.context()).priming().registeredWith()).isSameAs(Core.getGlobalContext());
    }

    static Stream<Arguments> authModes() {
        return Stream.of(
                Arguments.of("NONE", Map.of(Config.AUTH_MODE, "NONE")),
                Arguments.of("IAM", Map.of(Config.AUTH_MODE, "IAM")),
                Arguments.of("JWT", Map.of(Config.AUTH_MODE, "JWT", Config.USER_CLAIM, "email",
                        Config.JWT_REQUIRED_CLAIM, "cognito:groups=batch-users")),
                Arguments.of("BASIC", Map.of(Config.AUTH_MODE, "BASIC")));
    }

    /** Each request's expected answer (a 404, a 200, a 400) is only reached past caller resolution. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("authModes")
    void theSyntheticRequestsGetPastCallerResolutionInEveryAuthMode(String mode, Map<String, String> settings) {
        AppContext context = aws.context(settings);

        for (BatchApiHandler handler : List.of(new GetBatchHandler(context), new ListBatchesHandler(context),
                new CreateBatchHandler(context), new DeleteBatchHandler(context), new GetBatchLocalLogHandler(context))) {
            assertThat(handler.priming().prime()).as(handler.getClass().getSimpleName()).isEmpty();
        }
    }

    @Test
    void theCheckpointReadsTheTableInItsFirstRoundOnlyAndNeverWrites() {
        SdkCallRecorder recorder = new SdkCallRecorder();
        ListBatchesHandler list = new ListBatchesHandler(aws.contextWith(Map.of(), recorder));
        var items = aws.tableItems();
        aws.dynamoDbServer().resetCallCounts();

        list.priming().beforeCheckpoint(null);

        // Every round made the same GetItem and two Queries; only the first round's GetItem and Query
        // reached the table, and every round ran (a failed step would have ended them).
        assertThat(recorder.actions()).hasSize(3 * SnapStartPriming.ROUNDS).containsOnly("dynamodb:GetItem", "dynamodb:Query");
        assertThat(aws.dynamoDbServer().callCounts()).isEqualTo(Map.of("GetItem", 1L, "Query", 1L));
        assertThat(aws.tableItems()).isEqualTo(items);
    }

    @Test
    void aBatchAtThePrimingIdIsOnlyReadAndTheUnexpectedAnswerIsReported() {
        new TestApi(aws.context()).create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\","
                + "\"conf\":{\"kyuubi.batch.id\":\"" + PrimingRequest.NIL_BATCH_ID + "\"}}");
        SdkCallRecorder recorder = new SdkCallRecorder();
        GetBatchHandler handler = new GetBatchHandler(aws.contextWith(Map.of(), recorder));
        var items = aws.tableItems();

        List<String> failed = handler.priming().prime();

        assertThat(failed).containsExactly("GET /api/v1/batches/" + PrimingRequest.NIL_BATCH_ID);
        assertThat(recorder.actions()).containsExactly("dynamodb:GetItem", "dynamodb:GetItem", "dynamodb:GetItem");
        assertThat(aws.tableItems()).isEqualTo(items);
    }

    @Test
    void anUnreachableServiceFailsItsStepsAndTheCheckpointGoesOn() throws IOException {
        GetBatchLocalLogHandler localLog = new GetBatchLocalLogHandler(aws.context(Map.of(
                Config.DYNAMODB_ENDPOINT, deadEndpoint(), Config.S3_ENDPOINT, deadEndpoint(), Config.EMR_ENDPOINT, deadEndpoint())));
        GetBatchHandler get = new GetBatchHandler(aws.context(Map.of(Config.DYNAMODB_ENDPOINT, deadEndpoint())));

        assertThatCode(() -> localLog.priming().beforeCheckpoint(null)).doesNotThrowAnyException();
        // EMR and S3 are primed against the loopback stub, whatever their endpoints; the log request never
        // needs the store (its id is no UUID).
        assertThat(localLog.priming().prime()).containsExactly("DYNAMODB");
        assertThat(get.priming().prime()).containsExactly("DYNAMODB", "GET /api/v1/batches/" + PrimingRequest.NIL_BATCH_ID);
    }

    @Test
    void aClientThatThrowsFailsItsStepOnly() {
        ListBatchesHandler list = new ListBatchesHandler(aws.context());
        aws.faults().interleaveBefore(request -> request instanceof GetItemRequest, () -> {
            throw new IllegalStateException("injected");
        });

        assertThat(list.priming().prime()).containsExactly("DYNAMODB");
    }

    /** A loopback port nothing listens on: the one a server socket had until it closed. */
    private static String deadEndpoint() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }
    }
}
