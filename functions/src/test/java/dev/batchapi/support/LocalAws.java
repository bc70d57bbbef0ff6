package dev.batchapi.support;

import dev.batchapi.auth.PasswordHash;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.AwsClients;
import dev.batchapi.config.Config;
import dev.batchapi.json.Json;
import dev.batchapi.local.awsjson.AwsJsonServer;
import dev.batchapi.local.dynamodb.DynamoDbEmulator;
import dev.batchapi.local.emr.EmrEmulator;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.run.ScriptedStepRunner;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.events.EventBridgeEmulator;
import dev.batchapi.local.secrets.SecretsManagerEmulator;
import dev.batchapi.store.BatchTable;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The local stand-ins of one test class: the DynamoDB emulator with the batch table, the EMR
 * emulator with one cluster, S3, and Secrets Manager with the BASIC users secret, all on 127.0.0.1,
 * and the real SDK clients pointed at them. The code
 * under test gets the production object graph ({@link AppContext}) built on these endpoints.
 */
public final class LocalAws implements BeforeAllCallback, AfterAllCallback {

    public static final String TABLE = "batches";
    /** The cluster's LogUri: step logs are read from S3, as on AWS. */
    public static final String LOG_BUCKET = "emr-logs";
    public static final String UPLOAD_BUCKET = "artifacts";
    public static final String ADMIN = "admin";
    public static final String USERS_SECRET = "batch-api-users";
    /** The least PasswordHash accepts: tests hash many passwords and need none of the cost. */
    private static final int TEST_ITERATIONS = 1_000;
    /**
     * The submission policy of the local stack: the tests' batches name bare jars such as "a.jar",
     * which the scripted EMR never reads, and FLINK batches, which it never detaches. The policy's
     * defaults are tested with {@link #DEFAULT_POLICY}.
     */
    public static final Map<String, String> LOCAL_POLICY = Map.of(
            Config.ALLOWED_RESOURCE_SCHEMES, "s3,file",
            Config.RELAXED_POLICY_RULES, "flink-detach,deploy-target");
    /** Overrides that restore the deployed defaults of the submission policy (a blank setting is its default). */
    public static final Map<String, String> DEFAULT_POLICY = Map.of(
            Config.ALLOWED_RESOURCE_SCHEMES, "",
            Config.RELAXED_POLICY_RULES, "");
    public static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));

    private final SdkCallRecorder calls = new SdkCallRecorder();
    private final Faults faults = new Faults();
    private DynamoDbEmulator dynamoDbEmulator;
    private AwsJsonServer dynamoDbServer;
    private ScriptedStepRunner steps;
    private EmrEmulator emr;
    private DynamoDbClient dynamoDb;
    private EmrClient emrClient;
    private LocalS3 s3;
    private String clusterId;
    private SecretsManagerEmulator secrets;
    private AwsJsonServer secretsServer;
    private EventBridgeEmulator eventBridge;
    private AwsJsonServer eventBridgeServer;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        s3 = new LocalS3();
        s3.client().createBucket(request -> request.bucket(LOG_BUCKET));
        s3.client().createBucket(request -> request.bucket(UPLOAD_BUCKET));
        dynamoDbEmulator = DynamoDbEmulator.inMemory();
        dynamoDbServer = AwsJsonServer.start(dynamoDbEmulator, 0);
        steps = new ScriptedStepRunner();
        emr = EmrEmulator.start(steps);
        clusterId = emr.createCluster(ClusterSpec.named("test-cluster").withLogUri("s3://" + LOG_BUCKET + "/logs/"));
        dynamoDb = DynamoDbClient.builder()
                .endpointOverride(dynamoDbServer.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        emrClient = EmrClient.builder()
                .endpointOverride(emr.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        createTable();
        secrets = new SecretsManagerEmulator(Clock.systemUTC());
        secrets.createSecret(USERS_SECRET, "{}");
        secretsServer = AwsJsonServer.start(secrets, 0);
        eventBridge = new EventBridgeEmulator(Clock.systemUTC(), 1_000, event -> { });
        eventBridgeServer = AwsJsonServer.start(eventBridge, 0);
    }

    /** The bus the state-change events go to (the last 1,000 kept). */
    public EventBridgeEmulator eventBridge() {
        return eventBridge;
    }

    public AwsJsonServer eventBridgeServer() {
        return eventBridgeServer;
    }

    /** Makes these the BASIC users (name to password), stored as the deployment stores them: hashed. */
    public void users(Map<String, String> passwords) {
        Map<String, Object> hashes = new HashMap<>();
        passwords.forEach((user, password) ->
                hashes.put(user, PasswordHash.create(password, TEST_ITERATIONS, new SecureRandom()).toString()));
        secrets.putSecretValue(USERS_SECRET, Json.write(hashes));
    }

    public AwsJsonServer secretsServer() {
        return secretsServer;
    }

    public AwsJsonServer dynamoDbServer() {
        return dynamoDbServer;
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        s3.close();
        dynamoDb.close();
        emrClient.close();
        emr.close();
        dynamoDbServer.close();
        secretsServer.close();
        eventBridgeServer.close();
    }

    /** The environment a deployed function would see, pointed at the stand-ins, plus {@code overrides}. */
    public Map<String, String> environment(Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put(Config.REGION, "us-east-1");
        env.put(Config.TABLE, TABLE);
        env.put(Config.CLUSTER_ID, clusterId);
        env.put(Config.ADMIN_USERS, ADMIN);
        env.put(Config.DYNAMODB_ENDPOINT, dynamoDbServer.endpoint().toString());
        env.put(Config.EMR_ENDPOINT, emr.endpoint().toString());
        env.put(Config.S3_ENDPOINT, s3.endpoint().toString());
        env.put(Config.UPLOAD_LOCATION, "s3://" + UPLOAD_BUCKET + "/uploads/");
        env.put(Config.USERS_SECRET, USERS_SECRET);
        env.put(Config.SECRETS_MANAGER_ENDPOINT, secretsServer.endpoint().toString());
        env.put(Config.EVENTBRIDGE_ENDPOINT, eventBridgeServer.endpoint().toString());
        env.putAll(LOCAL_POLICY);
        env.putAll(overrides);
        return env;
    }

    /** The production object graph on the stand-ins (IAM authentication unless overridden). */
    public AppContext context(Map<String, String> overrides) {
        return contextWith(overrides, calls);
    }

    /** The same, with its own recorder of AWS calls (and this class's {@link #faults()}). */
    public AppContext contextWith(Map<String, String> overrides, SdkCallRecorder recorder) {
        return create(overrides, Clock.systemUTC(), recorder);
    }

    /** The same, on a clock the test moves. */
    public AppContext contextAt(Clock clock, Map<String, String> overrides) {
        return create(overrides, clock, calls);
    }

    private AppContext create(Map<String, String> overrides, Clock clock, SdkCallRecorder recorder) {
        return AppContext.create(Config.fromEnvironment(environment(overrides)), CREDENTIALS, clock, List.of(recorder, faults));
    }

    /** The steps of a batch on a cluster, every attempt's (their names start with its id). */
    public List<Step> stepsOf(String clusterId, String batchId) {
        return emr.steps(clusterId).stream().filter(step -> step.name().startsWith(batchId)).toList();
    }

    public AppContext context() {
        return context(Map.of());
    }

    /** The SDK clients exactly as a function builds them, pointed at the stand-ins. */
    public AwsClients awsClients() {
        return new AwsClients(Config.fromEnvironment(environment(Map.of())), CREDENTIALS, List.of(calls, faults));
    }

    /** Writes one attribute of a batch's item directly, as a crash, an old release or EMR's history would leave it. */
    public void setBatchAttribute(String batchId, String attribute, String value) {
        dynamoDb.updateItem(request -> request.tableName(TABLE)
                .key(Map.of(BatchTable.PK, AttributeValue.fromS(batchId), BatchTable.SK, AttributeValue.fromS(BatchTable.BATCH_SK)))
                .updateExpression("SET #attribute = :value")
                .expressionAttributeNames(Map.of("#attribute", attribute))
                .expressionAttributeValues(Map.of(":value", AttributeValue.fromS(value))));
    }

    /** Every item of the batch table: tests compare it before and after a refused call. */
    public List<Map<String, AttributeValue>> tableItems() {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamoDb.scanPaginator(ScanRequest.builder().tableName(TABLE).build()).items().forEach(items::add);
        return items;
    }

    /** Every item of the batch table but the BASIC authorizer's counts of failed sign-ins. */
    public List<Map<String, AttributeValue>> batchItems() {
        return tableItems().stream().filter(item -> !isSignInFailures(item)).toList();
    }

    /** The authorizer's counts of failed sign-ins, each user name's. */
    public List<Map<String, AttributeValue>> signInFailureItems() {
        return tableItems().stream().filter(LocalAws::isSignInFailures).toList();
    }

    /** Forgets every failed sign-in, so that one test's failures do not make another's user wait. */
    public void forgetSignInFailures() {
        signInFailureItems().forEach(item -> dynamoDb.deleteItem(request -> request.tableName(TABLE)
                .key(Map.of(BatchTable.PK, item.get(BatchTable.PK), BatchTable.SK, item.get(BatchTable.SK)))));
    }

    private static boolean isSignInFailures(Map<String, AttributeValue> item) {
        return item.get(BatchTable.PK).s().startsWith(BatchTable.AUTH_PK_PREFIX);
    }

    private void createTable() {
        dynamoDb.createTable(BatchTable.createTableRequest(TABLE));
        dynamoDb.updateTimeToLive(BatchTable.timeToLiveRequest(TABLE));
    }

    public DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    public EmrClient emrClient() {
        return emrClient;
    }

    public S3Client s3() {
        return s3.client();
    }

    public DynamoDbEmulator dynamoDbEmulator() {
        return dynamoDbEmulator;
    }

    public EmrEmulator emr() {
        return emr;
    }

    public ScriptedStepRunner steps() {
        return steps;
    }

    public String clusterId() {
        return clusterId;
    }

    public SdkCallRecorder calls() {
        return calls;
    }

    public Faults faults() {
        return faults;
    }
}
