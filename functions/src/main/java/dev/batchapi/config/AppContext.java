package dev.batchapi.config;

import dev.batchapi.batch.AccessPolicy;
import dev.batchapi.batch.BatchEngine;
import dev.batchapi.batch.BatchProgress;
import dev.batchapi.batch.BatchService;
import dev.batchapi.batch.BatchStore;
import dev.batchapi.batch.BatchSync;
import dev.batchapi.batch.Dispatcher;
import dev.batchapi.batch.ResourceUploads;
import dev.batchapi.batch.RuntimeRoles;
import dev.batchapi.batch.StepSubmitter;
import dev.batchapi.batch.log.BatchLog;
import dev.batchapi.batch.log.BatchLogReader;
import dev.batchapi.engine.emr.EmrBatchEngine;
import dev.batchapi.engine.emr.StepLinks;
import dev.batchapi.logs.DynamoDbBatchLog;
import dev.batchapi.logs.LocalStepLogs;
import dev.batchapi.logs.S3StepLogs;
import dev.batchapi.store.DynamoDbBatchStore;
import dev.batchapi.telemetry.Metrics;
import dev.batchapi.uploads.LocalResourceUploads;
import dev.batchapi.uploads.S3ResourceUploads;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * The object graph the handlers share: built once per container, immutable afterwards. It builds no
 * AWS client: a function builds those it calls ({@link AwsClients#prepare}), the DynamoDB one included
 * (the events function never reads the table).
 *
 * @param aws the clients (the BASIC authorizer's Secrets Manager and DynamoDB ones among them)
 * @param metrics where the functions' metrics go
 */
public record AppContext(Config config, Clock clock, BatchService service, BatchSync sync, AwsClients aws,
        Metrics metrics) {

    /** The graph with its metrics on stdout, in the embedded metric format (or the text log's). */
    public static AppContext create(Config config, AwsCredentialsProvider credentials, Clock clock,
            List<ExecutionInterceptor> interceptors) {
        return create(config, credentials, clock, interceptors, Metrics.toStdout(config.metricsNamespace(), clock));
    }

    public static AppContext create(Config config, AwsCredentialsProvider credentials, Clock clock,
            List<ExecutionInterceptor> interceptors, Metrics metrics) {
        AwsClients aws = new AwsClients(config, credentials, interceptors);
        StepLinks links = config.appUrlTemplate().map(StepLinks::new).orElseGet(() -> StepLinks.console(config.region()));
        BatchStore store = new DynamoDbBatchStore(aws::dynamoDb, config.tableName(), config.retention());
        BatchEngine engine = new EmrBatchEngine(aws::emr, links);
        BatchLog log = new DynamoDbBatchLog(aws::dynamoDb, config.tableName(), config.retention(), clock);
        BatchProgress progress = new BatchProgress(store, log, metrics, clock);
        BatchLogReader logReader = new BatchLogReader(log, List.of(new S3StepLogs(aws::s3), new LocalStepLogs()));
        Optional<ResourceUploads> uploads = config.uploadLocation().map(location -> config.uploadsToS3()
                ? new S3ResourceUploads(aws::s3, location)
                : new LocalResourceUploads(Path.of(location)));
        RuntimeRoles runtimeRoles = new RuntimeRoles(config.runtimeRoles());
        StepSubmitter submitter = new StepSubmitter(store, engine, progress, log, runtimeRoles, metrics, clock);
        Dispatcher dispatcher = new Dispatcher(store, submitter, progress, log, config.shareLimits(), clock);
        BatchService service = new BatchService(store, engine, log, logReader, progress, submitter,
                new AccessPolicy(config.authMode() != AuthMode.NONE, config.admins(), config.readAccess()),
                runtimeRoles, uploads, clock, config.instance().orElse(null),
                config.submissionPolicy(), config.clusters(), dispatcher, config.shareLimits(), metrics);
        BatchSync sync = new BatchSync(store, engine, progress, submitter, dispatcher, config.shareLimits(),
                config.clusters(), log, metrics, clock, config.submitGrace());
        return new AppContext(config, clock, service, sync, aws, metrics);
    }

    /** The container's context, from its environment, created on first use (the Lambda init phase). */
    public static AppContext production() {
        return Production.CONTEXT;
    }

    private static final class Production {
        // The default chain, not environment variables alone: with SnapStart, Lambda hands out
        // credentials through the container credentials endpoint instead.
        static final AppContext CONTEXT = create(
                Config.fromEnvironment(System.getenv()),
                DefaultCredentialsProvider.builder().build(),
                Clock.systemUTC(),
                List.of());
    }
}
