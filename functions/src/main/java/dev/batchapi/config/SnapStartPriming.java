package dev.batchapi.config;

import dev.batchapi.store.BatchTable;
import dev.batchapi.telemetry.Metrics;
import dev.batchapi.telemetry.OpsLog;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Warms a function's request path just before SnapStart takes its snapshot, so that the first
 * invoke after a restore finds loaded, linked and compiled what init alone leaves cold: each SDK
 * client's first call (marshalling, signing, the HTTP exchange, unmarshalling, for DynamoDB TLS too),
 * then the function's own synthetic requests through its handler, round after round ({@link #ROUNDS}).
 *
 * <p>Nothing is written and EMR is never called. Per client the function built ({@link
 * AwsClients#built()}), the first round reads: a DynamoDB GetItem of a key no batch has (a partition
 * key that is no UUID, so neither a batch nor a sign-in count), a Secrets Manager GetSecretValue of
 * the users secret at a version stage it never has (answered "not found": no secret value enters the
 * snapshot). EMR's DescribeCluster and an S3 GetObject go, by a per-request endpoint override, to a
 * {@link PrimingStub} on the loopback interface that lives for this priming only. The synthetic
 * requests either only read (a 404, a list of nothing, a create refused by validation) or run on
 * that stub ({@link AwsClients#withStubAt}): GET, list and create then answer in full, the stub
 * serving one batch and taking writes and steps without keeping them. What stays cold: TLS to EMR and
 * S3 (that to DynamoDB warms the JSSE classes they share), and the kill's and localLog's answers,
 * which only read a batch that exists by writing to it. The synthetic requests' metrics are made but
 * withheld: they count nothing that happened. A step that fails is logged and skipped:
 * priming never fails the checkpoint. Nothing is needed after a restore: the connections priming
 * opened are dead then, and the HTTP client opens new ones.
 */
public final class SnapStartPriming implements Resource {

    /** The partition key of the GetItem: a batch's is a UUID, a sign-in count's starts {@code auth#}. */
    static final String ABSENT_KEY = "snapstart-priming";
    /** A version stage no users secret is given: Secrets Manager answers ResourceNotFound without a value. */
    static final String ABSENT_STAGE = "SNAPSTART-PRIMING-ABSENT";
    private static final String STUB_BUCKET = "snapstart-priming";
    /**
     * How often the checkpoint primes: Lambda's C1 compiles a method only after some hundreds of calls,
     * and what it has not compiled runs interpreted after a restore. GET's first invoke over a warm
     * one (SnapStartBenchmark's probe, 5 fresh JVMs each, first invoke at once on a live connection):
     * 5.6 times after 30 rounds, 2.4 after 300, 1.5 after 1,000 and 2,000; list's 2.2 after 1,000 and
     * 1.8 after 2,000. 4 s (GET) to 18 s (create) at each publish here; only the first round reads AWS.
     */
    public static final int ROUNDS = 2000;
    /** However slow the machine: rounds stop after this, well inside a publish's init. */
    static final Duration BUDGET = Duration.ofSeconds(30);

    /** The caller of the synthetic requests, and the owner of the batch the stub serves. */
    public static final String USER = "snapstart-priming";

    /**
     * A request of the function through its own handler; {@code run} throws when the handler did not
     * answer as expected (a 401, say, would mean the request never got past caller resolution).
     *
     * @param onStub whether the handler's DynamoDB and EMR calls go to the stub, which serves one batch
     *     ({@code PrimingAnswers}) and takes writes and steps without keeping them: the handler's whole
     *     answer runs, and neither the table nor EMR is reached
     */
    public record Request(String name, Runnable run, boolean onStub) {
    }

    private final AwsClients aws;
    private final Config config;
    private final Metrics metrics;
    private final List<Request> requests;
    private Context<Resource> registeredWith;

    SnapStartPriming(AwsClients aws, Config config, Metrics metrics, List<Request> requests) {
        this.aws = aws;
        this.config = config;
        this.metrics = metrics;
        this.requests = List.copyOf(requests);
    }

    /**
     * The priming of a function, registered with the JVM's checkpoint context. That context holds it
     * weakly: the function keeps the returned object for as long as it lives.
     */
    public static SnapStartPriming register(AppContext context, List<Request> requests) {
        SnapStartPriming priming = new SnapStartPriming(context.aws(), context.config(), context.metrics(), requests);
        Context<Resource> global = Core.getGlobalContext();
        global.register(priming);
        priming.registeredWith = global;
        return priming;
    }

    /** The checkpoint context this priming is registered with; null if none. */
    public Context<Resource> registeredWith() {
        return registeredWith;
    }

    /**
     * Primes {@link #ROUNDS} times on one stub, for at most {@link #BUDGET}, or until a round fails a
     * step: an unreachable service is not tried again.
     */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long deadline = System.nanoTime() + BUDGET.toNanos();
        try (Stub stub = new Stub()) {
            int rounds = 0;
            List<String> failed = List.of();
            while (rounds < ROUNDS && failed.isEmpty() && System.nanoTime() < deadline) {
                failed = prime(stub, rounds == 0);
                rounds++;
            }
            OpsLog.info("snapstart.primed", "rounds", rounds, "failed", String.join(",", failed));
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to undo or renew: see the class comment.
    }

    /** Primes once, as the checkpoint's first round does; answers the steps that failed (logged), none when all primed. */
    public List<String> prime() {
        try (Stub stub = new Stub()) {
            return prime(stub, true);
        }
    }

    /**
     * @param first whether DynamoDB and Secrets Manager are read for real (their TLS, credentials,
     *     endpoint), and the requests meant to read the table do; later rounds only compile the same
     *     paths, all on the stub, and leave Secrets Manager, read once per container, alone
     */
    private List<String> prime(Stub stub, boolean first) {
        List<String> failed = new ArrayList<>();
        Set<AwsService> built = aws.built();
        for (AwsService service : AwsService.values()) {
            if (built.contains(service) && (first || service != AwsService.SECRETS_MANAGER)) {
                step(service.name(), () -> call(service, stub, first), failed);
            }
        }
        // After the first round, every request runs on the stub: the same path, and no more reads of AWS.
        metrics.withheld(() -> requests.forEach(request -> step(request.name(),
                request.onStub() || !first ? () -> aws.withStubAt(stub.uri(), request.run()) : request.run(), failed)));
        return failed;
    }

    private static void step(String name, Runnable step, List<String> failed) {
        try {
            step.run();
        } catch (RuntimeException e) {
            OpsLog.warn("snapstart.priming.failed", e, "step", name);
            failed.add(name);
        }
    }

    /** One read of the service; its refusal counts as primed too: the SDK went the whole way. */
    private void call(AwsService service, Stub stub, boolean first) {
        try {
            switch (service) {
                case DYNAMODB -> {
                    Runnable read = () -> aws.dynamoDb().getItem(request -> request.tableName(config.tableName()).key(Map.of(
                            BatchTable.PK, AttributeValue.fromS(ABSENT_KEY),
                            BatchTable.SK, AttributeValue.fromS(BatchTable.BATCH_SK))));
                    if (first) {
                        read.run();
                    } else {
                        aws.withStubAt(stub.uri(), read);
                    }
                }
                case SECRETS_MANAGER -> aws.secretsManager().getSecretValue(request -> request
                        .secretId(config.usersSecret().orElseThrow(() -> new IllegalStateException("no USERS_SECRET")))
                        .versionStage(ABSENT_STAGE));
                case EMR -> aws.emr().describeCluster(request -> request.clusterId(PrimingStub.CLUSTER_ID)
                        .overrideConfiguration(stub.endpoint()));
                case S3 -> aws.s3().getObject(request -> request.bucket(STUB_BUCKET).key("object")
                        .overrideConfiguration(stub.endpoint()), ResponseTransformer.toBytes());
                case EVENTBRIDGE -> aws.eventBridge().putEvents(request -> request
                        .entries(entry -> entry.source(config.eventBus().source()).detailType("SnapStart Priming").detail("{}"))
                        .overrideConfiguration(stub.endpoint()));
            }
        } catch (AwsServiceException refused) {
            // answered: primed as far as an answer goes
        }
    }

    /** The loopback stub, started when a service needs it, stopped with the priming. */
    private static final class Stub implements AutoCloseable {

        private PrimingStub stub;

        /** A request's override that sends it to the stub instead of the client's endpoint. */
        AwsRequestOverrideConfiguration endpoint() {
            URI endpoint = uri();
            return AwsRequestOverrideConfiguration.builder().addPlugin(client -> client.endpointOverride(endpoint)).build();
        }

        URI uri() {
            if (stub == null) {
                stub = PrimingStub.start(USER);
            }
            return stub.endpoint();
        }

        @Override
        public void close() {
            if (stub != null) {
                stub.close();
            }
        }
    }
}
