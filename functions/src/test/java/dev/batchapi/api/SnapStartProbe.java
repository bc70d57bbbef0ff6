package dev.batchapi.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.support.ApiEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * One function in a fresh JVM, as SnapStart would run it: its init (the handler built), then, when
 * asked, its priming ({@code beforeCheckpoint}, called directly: this JVM cannot checkpoint), then
 * the first invoke, then {@link #WARM_UP} more and {@link #TIMED} timed ones. Prints the nanoseconds
 * of the priming, of the first invoke, and the median of the timed ones. Run by {@link SnapStartBenchmark}
 * with the stand-ins' endpoints: {@code function,primed|unprimed,dynamodb,emr,s3,clusterId,batchId}.
 */
public final class SnapStartProbe {

    static final int WARM_UP = 500;
    static final int TIMED = 200;
    /** Creates are fewer: each adds a step to the cluster, which holds 256 active ones. */
    static final int CREATE_WARM_UP = 150;
    static final int CREATE_TIMED = 50;
    static final Duration RESTORE_GAP = Duration.ofSeconds(6);

    private SnapStartProbe() {
    }

    public static void main(String[] args) {
        String[] given = args[0].split(",");
        String function = given[0];
        boolean primed = given[1].equals("primed");
        Map<String, String> environment = new HashMap<>();
        environment.put(Config.REGION, "us-east-1");
        environment.put(Config.TABLE, "batches");
        environment.put(Config.AUTH_MODE, "IAM");
        environment.put(Config.DYNAMODB_ENDPOINT, given[2]);
        environment.put(Config.EMR_ENDPOINT, given[3]);
        environment.put(Config.S3_ENDPOINT, given[4]);
        environment.put(Config.CLUSTER_ID, given[5]);
        environment.put(Config.UPLOAD_LOCATION, "s3://artifacts/uploads/");
        environment.put(Config.MAX_ACTIVE_STEPS, "256");
        AppContext context = AppContext.create(Config.fromEnvironment(environment),
                StaticCredentialsProvider.create(AwsBasicCredentials.create("probe", "probe")), Clock.systemUTC(), List.of());
        BatchApiHandler handler = switch (function) {
            case "get" -> new GetBatchHandler(context);
            case "list" -> new ListBatchesHandler(context);
            case "create" -> new CreateBatchHandler(context);
            default -> throw new IllegalArgumentException("no such function: " + function);
        };
        Supplier<APIGatewayV2HTTPEvent> event = switch (function) {
            case "get" -> () -> ApiEvents.request("GET", "/api/v1/batches/" + given[6]).pathParameter("batchId", given[6])
                    .asIamUser("alice").build();
            case "list" -> () -> ApiEvents.request("GET", "/api/v1/batches").query("size", "10").query("desc", "true")
                    .asIamUser("alice").build();
            default -> () -> ApiEvents.request("POST", "/api/v1/batches")
                    .json("{\"batchType\":\"SPARK\",\"resource\":\"s3://apps/app.jar\",\"className\":\"a.B\",\"args\":[\"1\"]}")
                    .asIamUser("alice").build();
        };
        long primingStart = System.nanoTime();
        if (primed) {
            handler.priming().beforeCheckpoint(null);
        }
        long primingEnd = System.nanoTime();
        if (primed) {
            // A restore finds every connection dead: the stand-in's, kept alive since priming's first
            // round, is let expire (the JDK keeps one 5 s) so that the first invoke opens a new one.
            sleep(RESTORE_GAP);
        }
        long first = invoke(handler, event.get());
        boolean create = function.equals("create");
        for (int i = 0; i < (create ? CREATE_WARM_UP : WARM_UP); i++) {
            invoke(handler, event.get());
        }
        long[] warm = new long[create ? CREATE_TIMED : TIMED];
        for (int i = 0; i < warm.length; i++) {
            warm[i] = invoke(handler, event.get());
        }
        Arrays.sort(warm);
        long afterGap = 0;
        if (primed) {
            // The same gap once warm: what an idle spell costs any invoke (a new connection, cold caches).
            sleep(RESTORE_GAP);
            afterGap = invoke(handler, event.get());
        }
        System.out.println((primingEnd - primingStart) + " " + first + " " + warm[warm.length / 2] + " " + afterGap);
    }

    private static void sleep(Duration gap) {
        try {
            Thread.sleep(gap.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The nanoseconds of one invoke; a status but 200 stops the probe. */
    private static long invoke(BatchApiHandler handler, APIGatewayV2HTTPEvent event) {
        long start = System.nanoTime();
        int status = handler.handleRequest(event, null).getStatusCode();
        long nanos = System.nanoTime() - start;
        if (status != 200) {
            throw new IllegalStateException(event.getRequestContext().getHttp().getMethod() + " answered " + status);
        }
        return nanos;
    }
}
