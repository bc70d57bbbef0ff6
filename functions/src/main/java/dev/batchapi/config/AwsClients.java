package dev.batchapi.config;

import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The AWS SDK clients, built once per container: the URL-connection HTTP client (the lightest to
 * start), region and endpoints from {@link Config}, credentials from the given provider, the
 * standard retry mode.
 */
public final class AwsClients {

    private final DynamoDbClient dynamoDb;
    private final EmrClient emr;
    private final S3Client s3;
    private final SecretsManagerClient secretsManager;

    /**
     * @param interceptors added to every client: none in production; tests record or disturb calls
     */
    public AwsClients(Config config, AwsCredentialsProvider credentials, List<ExecutionInterceptor> interceptors) {
        SdkHttpClient http = UrlConnectionHttpClient.create();
        Region region = Region.of(config.region());
        ClientOverrideConfiguration overrides = ClientOverrideConfiguration.builder()
                // Standard mode, not the SDK's legacy default: 3 attempts with jittered exponential
                // backoff, throttling recognised and backed off longer; bounded well inside a timeout.
                .retryStrategy(RetryMode.STANDARD)
                .executionInterceptors(interceptors)
                .build();
        var dynamoDbBuilder = DynamoDbClient.builder()
                .httpClient(http).region(region).credentialsProvider(credentials).overrideConfiguration(overrides);
        config.dynamoDbEndpoint().ifPresent(dynamoDbBuilder::endpointOverride);
        var emrBuilder = EmrClient.builder()
                .httpClient(http).region(region).credentialsProvider(credentials).overrideConfiguration(overrides);
        config.emrEndpoint().ifPresent(emrBuilder::endpointOverride);
        var s3Builder = S3Client.builder()
                .httpClient(http).region(region).credentialsProvider(credentials).overrideConfiguration(overrides);
        // A local stand-in has no bucket subdomains (buckets go in the path) and, like many S3-compatible
        // stores, no aws-chunked uploads with checksum trailers (the SDK's default for S3 since 2.30).
        config.s3Endpoint().ifPresent(endpoint -> s3Builder.endpointOverride(endpoint)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED));
        var secretsBuilder = SecretsManagerClient.builder()
                .httpClient(http).region(region).credentialsProvider(credentials).overrideConfiguration(overrides);
        config.secretsManagerEndpoint().ifPresent(secretsBuilder::endpointOverride);
        this.dynamoDb = dynamoDbBuilder.build();
        this.emr = emrBuilder.build();
        this.s3 = s3Builder.build();
        this.secretsManager = secretsBuilder.build();
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public EmrClient emr() {
        return emr;
    }

    public S3Client s3() {
        return s3;
    }

    public SecretsManagerClient secretsManager() {
        return secretsManager;
    }
}
