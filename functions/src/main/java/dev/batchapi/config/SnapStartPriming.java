package dev.batchapi.config;

import dev.batchapi.store.BatchTable;
import dev.batchapi.telemetry.OpsLog;
import java.net.URI;
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
 * invoke after a restore finds loaded and linked what init alone leaves cold: each SDK client's
 * first call (marshalling, signing, the HTTP exchange, unmarshalling, for DynamoDB TLS too), then
 * the function's own synthetic requests through its handler (the mapping, JSON, the error path).
 *
 * <p>Every call is a read of nothing: per client the function built ({@link AwsClients#built()}),
 * a DynamoDB GetItem of a key no batch has (a partition key that is no UUID, so neither a batch
 * nor a sign-in count); a Secrets Manager GetSecretValue of the users secret at a version stage
 * it never has (answered "not found": no secret value enters the snapshot); EMR's DescribeCluster
 * and an S3 GetObject sent, by a per-request endpoint override, to a {@link PrimingStub} on the
 * loopback interface that lives for this priming only: they never reach EMR or S3. What stays cold:
 * the other operations' own request and response classes (UpdateItem, AddJobFlowSteps, …), and TLS
 * to EMR and S3 (that to DynamoDB warms the JSSE classes they share). A step that fails is logged
 * and skipped: priming never fails the checkpoint. Nothing is needed after a restore: the connections
 * priming opened are dead then, and the HTTP client opens new ones.
 */
public final class SnapStartPriming implements Resource {

    /** The partition key of the GetItem: a batch's is a UUID, a sign-in count's starts {@code auth#}. */
    static final String ABSENT_KEY = "snapstart-priming";
    /** A version stage no users secret is given: Secrets Manager answers ResourceNotFound without a value. */
    static final String ABSENT_STAGE = "SNAPSTART-PRIMING-ABSENT";
    private static final String STUB_BUCKET = "snapstart-priming";
    /**
     * How often the checkpoint primes: once leaves the request path interpreted; 30 rounds let the
     * JIT compile much of it, into the snapshot (GET's first invoke, 7 fresh JVMs: 11.6 ms after one
     * round, 8.3 ms after 30, 148 ms unprimed; benchmarks/snapstart.md), for 30 reads of nothing per
     * client at each publish.
     */
    static final int ROUNDS = 30;

    /**
     * A request of the function through its own handler; {@code run} throws when the handler did not
     * answer as expected (a 401, say, would mean the request never got past caller resolution).
     */
    public record Request(String name, Runnable run) {
    }

    private final AwsClients aws;
    private final Config config;
    private final List<Request> requests;
    private Context<Resource> registeredWith;

    SnapStartPriming(AwsClients aws, Config config, List<Request> requests) {
        this.aws = aws;
        this.config = config;
        this.requests = List.copyOf(requests);
    }

    /**
     * The priming of a function, registered with the JVM's checkpoint context. That context holds it
     * weakly: the function keeps the returned object for as long as it lives.
     */
    public static SnapStartPriming register(AppContext context, List<Request> requests) {
        SnapStartPriming priming = new SnapStartPriming(context.aws(), context.config(), requests);
        Context<Resource> global = Core.getGlobalContext();
        global.register(priming);
        priming.registeredWith = global;
        return priming;
    }

    /** The checkpoint context this priming is registered with; null if none. */
    public Context<Resource> registeredWith() {
        return registeredWith;
    }

    /** Primes {@link #ROUNDS} times, or until a round fails a step: an unreachable service is not tried again. */
    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        for (int round = 0; round < ROUNDS && prime().isEmpty(); round++) {
            // primed again
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to undo or renew: see the class comment.
    }

    /** Primes now, as SnapStart's checkpoint does; answers the steps that failed (logged), none when all primed. */
    public List<String> prime() {
        List<String> failed = new ArrayList<>();
        Set<AwsService> built = aws.built();
        try (Stub stub = new Stub()) {
            for (AwsService service : AwsService.values()) {
                if (built.contains(service)) {
                    step(service.name(), () -> call(service, stub), failed);
                }
            }
        }
        requests.forEach(request -> step(request.name(), request.run(), failed));
        OpsLog.info("snapstart.priming.round", "failed", String.join(",", failed));
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
    private void call(AwsService service, Stub stub) {
        try {
            switch (service) {
                case DYNAMODB -> aws.dynamoDb().getItem(request -> request.tableName(config.tableName()).key(Map.of(
                        BatchTable.PK, AttributeValue.fromS(ABSENT_KEY),
                        BatchTable.SK, AttributeValue.fromS(BatchTable.BATCH_SK))));
                case SECRETS_MANAGER -> aws.secretsManager().getSecretValue(request -> request
                        .secretId(config.usersSecret().orElseThrow(() -> new IllegalStateException("no USERS_SECRET")))
                        .versionStage(ABSENT_STAGE));
                case EMR -> aws.emr().describeCluster(request -> request.clusterId(PrimingStub.CLUSTER_ID)
                        .overrideConfiguration(stub.endpoint()));
                case S3 -> aws.s3().getObject(request -> request.bucket(STUB_BUCKET).key("object")
                        .overrideConfiguration(stub.endpoint()), ResponseTransformer.toBytes());
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
            if (stub == null) {
                stub = PrimingStub.start();
            }
            URI endpoint = stub.endpoint();
            return AwsRequestOverrideConfiguration.builder().addPlugin(client -> client.endpointOverride(endpoint)).build();
        }

        @Override
        public void close() {
            if (stub != null) {
                stub.close();
            }
        }
    }
}
