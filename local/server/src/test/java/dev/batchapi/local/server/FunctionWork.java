package dev.batchapi.local.server;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.batchapi.api.GetBatchHandler;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.local.awsjson.AwsJsonServer;
import dev.batchapi.local.dynamodb.DynamoDbEmulator;
import dev.batchapi.local.emr.EmrEmulator;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.run.ScriptedStepRunner;
import dev.batchapi.support.ApiEvents;
import dev.batchapi.support.TestApi;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * What the GET function does per request besides its DynamoDB round trip: the real handler, on
 * the production object graph and SDK client, called in this JVM against the DynamoDB stand-in;
 * each call's wall time less the time its one AWS call spent between handing the request to the
 * HTTP client and having the answer (an SDK interceptor's beforeTransmission and afterTransmission).
 */
public final class FunctionWork {

    /** Medians over the timed calls. */
    record Result(long handlerNanos, long roundTripNanos, long ownWorkNanos) {
    }

    static final int WARM_UP = 20_000;
    static final int TIMED = 20_000;

    private FunctionWork() {
    }

    /** As a probe in a JVM of its own ({@code ProbeProcess}): prints the three medians, in nanoseconds. */
    public static void main(String[] args) {
        Result result = measure();
        System.out.println(result.handlerNanos() + " " + result.roundTripNanos() + " " + result.ownWorkNanos());
    }

    static Result measure() {
        RoundTrips roundTrips = new RoundTrips();
        try (AwsJsonServer dynamoDb = AwsJsonServer.start(DynamoDbEmulator.inMemory(), 0);
                EmrEmulator emr = EmrEmulator.start(new ScriptedStepRunner())) {
            LocalStack.createTableIfMissing(dynamoDb);
            String clusterId = emr.createCluster(ClusterSpec.named("work").withLogUri("file:///tmp/"));
            AppContext context = AppContext.create(Config.fromEnvironment(Map.of(
                    Config.REGION, "us-east-1", Config.TABLE, LocalStack.TABLE, Config.CLUSTER_ID, clusterId,
                    Config.DYNAMODB_ENDPOINT, dynamoDb.endpoint().toString(), Config.EMR_ENDPOINT, emr.endpoint().toString(),
                    Config.ALLOWED_RESOURCE_SCHEMES, "s3")),
                    LocalStack.CREDENTIALS, Clock.systemUTC(), List.of(roundTrips));
            String id = new TestApi(context).create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"s3://bucket/app.jar\","
                    + "\"className\":\"demo.SparkPi\",\"name\":\"pi\",\"args\":[\"10\"],\"conf\":{\"spark.executor.memory\":\"2g\"}}")
                    .string("id");
            GetBatchHandler handler = new GetBatchHandler(context);
            APIGatewayV2HTTPEvent event = ApiEvents.request("GET", "/api/v1/batches/" + id)
                    .pathParameter("batchId", id).asIamUser("alice").build();
            long[] handlerNanos = new long[TIMED];
            long[] roundTripNanos = new long[TIMED];
            long[] ownNanos = new long[TIMED];
            for (int i = -WARM_UP; i < TIMED; i++) {
                roundTrips.reset();
                long start = System.nanoTime();
                int status = handler.handleRequest(event, null).getStatusCode();
                long took = System.nanoTime() - start;
                if (status != 200) {
                    throw new IllegalStateException("GET answered " + status);
                }
                if (i >= 0) {
                    handlerNanos[i] = took;
                    roundTripNanos[i] = roundTrips.total();
                    ownNanos[i] = took - roundTrips.total();
                }
            }
            return new Result(median(handlerNanos), median(roundTripNanos), median(ownNanos));
        }
    }

    private static long median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The time this thread's AWS calls spent on the wire and in the stand-in since the last reset. */
    private static final class RoundTrips implements ExecutionInterceptor {

        private static final ThreadLocal<long[]> SPENT = ThreadLocal.withInitial(() -> new long[2]);

        void reset() {
            SPENT.get()[1] = 0;
        }

        long total() {
            return SPENT.get()[1];
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            SPENT.get()[0] = System.nanoTime();
        }

        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            long[] spent = SPENT.get();
            spent[1] += System.nanoTime() - spent[0];
        }
    }
}
