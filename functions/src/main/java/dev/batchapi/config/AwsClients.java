package dev.batchapi.config;

import java.net.URI;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The AWS SDK clients, each built once per container and only if the function calls its service: the
 * URL-connection HTTP client (the lightest to start; {@link OneWriteRequests} makes it as quick warm as
 * the others for the JSON services), region and endpoints from {@link Config},
 * credentials from the given provider, the standard retry mode. Building a client is most of a
 * function's init (the S3 client alone about 150 ms), so the list function, say, never builds the
 * S3, EMR or Secrets Manager client. A function builds those it will call during its init
 * ({@link #prepare}), so that SnapStart's snapshot holds them.
 */
public final class AwsClients {

    private final Lazy<DynamoDbClient> dynamoDb;
    private final Lazy<EmrClient> emr;
    private final Lazy<S3Client> s3;
    private final Lazy<SecretsManagerClient> secretsManager;
    private final Lazy<EventBridgeClient> eventBridge;
    private final PrimingRedirect primingRedirect = new PrimingRedirect();

    /**
     * @param interceptors added to every client: none in production; tests record or disturb calls
     */
    public AwsClients(Config config, AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors) {
        Lazy<SdkHttpClient> http = new Lazy<>(UrlConnectionHttpClient::create);
        Region region = Region.of(config.region());
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                // Standard mode, not the SDK's legacy default: 3 attempts with jittered exponential
                // backoff, throttling recognised and backed off longer; bounded well inside a timeout.
                .retryStrategy(RetryMode.STANDARD)
                .executionInterceptors(interceptors)
                .build();
        ClientOverrideConfiguration jsonOverrides = overrides.toBuilder()
                .addExecutionInterceptor(new OneWriteRequests())
                .build();
        // The clients SnapStart priming's synthetic requests call, which it sends to its stub.
        ClientOverrideConfiguration primedOverrides = jsonOverrides.toBuilder()
                .addExecutionInterceptor(primingRedirect)
                .build();
        Shared shared = new Shared(http, region, credentials);
        this.dynamoDb = new Lazy<>(() -> shared.on(DynamoDbClient.builder(), primedOverrides, config.dynamoDbEndpoint()).build());
        this.emr = new Lazy<>(() -> shared.on(EmrClient.builder(), primedOverrides, config.emrEndpoint()).build());
        this.s3 = new Lazy<>(() -> {
            var builder = shared.on(S3Client.builder(), overrides, Optional.empty());
            // A local stand-in has no bucket subdomains (buckets go in the path) and, like many S3-compatible
            // stores, no aws-chunked uploads with checksum trailers (the SDK's default for S3 since 2.30).
            config.s3Endpoint().ifPresent(endpoint -> builder.endpointOverride(endpoint)
                    .forcePathStyle(true)
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
            return builder.build();
        });
        this.secretsManager = new Lazy<>(() ->
                shared.on(SecretsManagerClient.builder(), jsonOverrides, config.secretsManagerEndpoint()).build());
        this.eventBridge = new Lazy<>(() ->
                shared.on(EventBridgeClient.builder(), jsonOverrides, config.eventBridgeEndpoint()).build());
    }

    /** What every client shares: the one HTTP client, the region and the credentials. */
    private record Shared(Lazy<SdkHttpClient> http, Region region, AwsCredentialsProvider credentials) {

        <B extends AwsSyncClientBuilder<B, ?> & AwsClientBuilder<B, ?>> B on(B builder,
                ClientOverrideConfiguration overrides, Optional<URI> endpoint) {
            builder.httpClient(http.get()).region(region).credentialsProvider(credentials).overrideConfiguration(overrides);
            endpoint.ifPresent(builder::endpointOverride);
            return builder;
        }
    }

    /** Builds now the clients of the services the function calls (its init), so that no call waits for one. */
    public void prepare(AwsService... services) {
        for (AwsService service : services) {
            switch (service) {
                case DYNAMODB -> dynamoDb();
                case EMR -> emr();
                case S3 -> s3();
                case SECRETS_MANAGER -> secretsManager();
                case EVENTBRIDGE -> eventBridge();
            }
        }
    }

    /** The services whose clients this container has built so far. */
    public Set<AwsService> built() {
        Set<AwsService> built = EnumSet.noneOf(AwsService.class);
        Map.of(AwsService.DYNAMODB, dynamoDb, AwsService.EMR, emr, AwsService.S3, s3,
                AwsService.SECRETS_MANAGER, secretsManager, AwsService.EVENTBRIDGE, eventBridge).forEach((service, client) -> {
                    if (client.isMade()) {
                        built.add(service);
                    }
                });
        return built;
    }

    /**
     * Runs {@code calls} with this thread's DynamoDB and EMR requests sent to {@code stub} instead:
     * SnapStart priming's synthetic requests, which run a handler's whole answer and reach neither.
     */
    void withStubAt(URI stub, Runnable calls) {
        primingRedirect.run(stub, calls);
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    public EmrClient emr() {
        return emr.get();
    }

    public S3Client s3() {
        return s3.get();
    }

    public SecretsManagerClient secretsManager() {
        return secretsManager.get();
    }

    public EventBridgeClient eventBridge() {
        return eventBridge.get();
    }
}
