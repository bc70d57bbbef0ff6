package dev.batchapi.local.server;

import dev.batchapi.auth.UserList;
import dev.batchapi.batch.Clusters;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.local.awsjson.AwsJsonServer;
import dev.batchapi.local.dynamodb.DynamoDbEmulator;
import dev.batchapi.local.emr.EmrEmulator;
import dev.batchapi.local.emr.cluster.Cluster;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.flink.LocalFlinkRun;
import dev.batchapi.local.emr.run.CommandRunnerStepRunner;
import dev.batchapi.local.emr.spark.LocalSparkSubmit;
import dev.batchapi.local.emr.spark.SparkInstallation;
import dev.batchapi.local.sam.SamTemplate;
import dev.batchapi.local.secrets.SecretsManagerEmulator;
import dev.batchapi.store.BatchTable;
import dev.batchapi.telemetry.OpsLog;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * The whole batch API on one machine, in the foreground: DynamoDB's and EMR's stand-ins (batches kept
 * in the data directory; Spark and Flink steps, each in its own JVM), template.yaml's functions built over
 * them, its routes served on 127.0.0.1, its schedule and step events delivered as EventBridge would.
 * Authentication is off (Kyuubi's NONE: a Basic user name is taken as given) unless a users file is
 * given: then it is BASIC, the template's authorizer function checking credentials against those
 * users, kept in Secrets Manager's stand-in. Ctrl-C or SIGTERM stops it all, the steps' JVMs included,
 * even while it starts; so does a start that fails.
 */
public final class LocalStack {

    static final String TABLE = "batches";
    private static final String USERS_SECRET = "local-users";
    private static final String CLUSTER = "local";
    static final StaticCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));

    private final String baseUrl;
    /** Each cluster's EMR id by its label, the default one first. */
    private final Map<String, String> clusterIds = new LinkedHashMap<>();
    private final Path eventsFile;

    /** Adds each part to {@code parts} as soon as it is open, for them to close it if what follows fails. */
    private LocalStack(LocalOptions options, StackParts parts) throws IOException {
        LocalHttpFront http = parts.add(LocalHttpFront.bind(options.port()));
        Path logs = Files.createDirectories(options.dataDir().resolve("emr-logs"));
        DynamoDbEmulator dynamoDb = parts.add(DynamoDbEmulator.persistent(options.dataDir().resolve("dynamodb")));
        AwsJsonServer dynamoDbServer = parts.add(AwsJsonServer.start(dynamoDb, 0));
        Optional<String> tableStream = createTableIfMissing(dynamoDbServer);
        LocalStateChangeEvents stateChangeEvents = parts.add(new LocalStateChangeEvents(options.dataDir()));
        eventsFile = stateChangeEvents.eventsFile();
        Optional<AwsJsonServer> secretsServer = options.usersFile().map(LocalStack::usersSecret).map(parts::add);
        SparkInstallation spark = options.sparkHome()
                .<SparkInstallation>map(SparkInstallation.Home::new)
                .orElseGet(() -> new SparkInstallation.Jars(options.sparkJars()));
        LocalFlinkRun flink = LocalFlinkRun.withJars(options.flinkJars(), options.dataDir().resolve("flink-conf"));
        EmrEmulator emr = parts.add(EmrEmulator.persistent(options.dataDir().resolve("emr"),
                new CommandRunnerStepRunner(List.of(new LocalSparkSubmit(spark), flink), logs)));
        String logUri = logs.toUri().toString();
        String clusterId = localCluster(emr, CLUSTER, options.stepConcurrency(), logUri);
        // Found again by name on a restart, as the default one is.
        List<String> extraClusterIds = options.clusters().stream()
                .map(label -> localCluster(emr, CLUSTER + "-" + label, options.stepConcurrency(), logUri))
                .toList();
        clusterIds.put(Clusters.DEFAULT_LABEL, clusterId);
        for (int i = 0; i < extraClusterIds.size(); i++) {
            clusterIds.put(options.clusters().get(i), extraClusterIds.get(i));
        }

        String hostAndPort = LocalHttpFront.HOST + ":" + http.port();
        baseUrl = "http://" + hostAndPort + "/api/v1";

        Map<String, String> environment = new HashMap<>();
        environment.put(Config.REGION, "us-east-1");
        environment.put(Config.TABLE, TABLE);
        environment.put(Config.CLUSTER_ID, clusterId);
        environment.put(Config.EXTRA_CLUSTER_LABELS, String.join(",", options.clusters()));
        environment.put(Config.EXTRA_CLUSTER_IDS, String.join(",", extraClusterIds));
        String authMode = secretsServer.isPresent() ? "BASIC" : "NONE";
        environment.put(Config.AUTH_MODE, authMode);
        secretsServer.ifPresent(server -> {
            environment.put(Config.USERS_SECRET, USERS_SECRET);
            environment.put(Config.SECRETS_MANAGER_ENDPOINT, server.endpoint().toString());
        });
        environment.put(Config.ADMIN_USERS, String.join(",", options.admins()));
        environment.put(Config.READ_ACCESS, options.readAccess().name());
        environment.put(Config.MAX_ACTIVE_STEPS, Integer.toString(options.maxActiveSteps()));
        environment.put(Config.MAX_ACTIVE_PER_USER, Integer.toString(options.maxActivePerUser()));
        environment.put(Config.INSTANCE, hostAndPort);
        environment.put(Config.DYNAMODB_ENDPOINT, dynamoDbServer.endpoint().toString());
        environment.put(Config.EMR_ENDPOINT, emr.endpoint().toString());
        environment.put(Config.EVENTBRIDGE_ENDPOINT, stateChangeEvents.endpoint().toString());
        // Where a person follows a step here: its log folder.
        environment.put(Config.APP_URL_TEMPLATE, logUri + "{clusterId}/steps/{stepId}/");
        // Uploaded resources are kept as files here, where spark-submit runs them from.
        environment.put(Config.UPLOAD_LOCATION, options.dataDir().resolve("uploads").toUri().toString());
        // This machine's files are what the local stack runs (a resource such as $PWD/…/demo-apps.jar),
        // its FLINK steps run their job to the end on a MiniCluster, never detached, and its Spark
        // steps run in local mode whatever spark.master says (Kyuubi's own batch tests send "local"):
        // the policy takes resources that are paths, admits FLINK and any deploy target. The rules on
        // what conf ships, fetches, detaches or logs in with stay on.
        environment.put(Config.ALLOWED_RESOURCE_SCHEMES, "s3,file");
        environment.put(Config.RELAXED_POLICY_RULES, "flink-detach,deploy-target");
        AppContext context = AppContext.create(Config.fromEnvironment(environment), CREDENTIALS, Clock.systemUTC(), List.of());

        SamTemplate template = template();
        Map<String, String> parameters = Map.of("AuthMode", authMode);
        List<LocalFunction> functions = template.functions().stream()
                .filter(function -> function.condition().map(name -> template.conditionHolds(name, parameters)).orElse(true))
                .map(function -> LocalFunction.of(function, context))
                .toList();
        // Built only where the template's condition on it holds: in BASIC mode.
        Optional<LocalFunction> authorizer = template.requestAuthorizerFunction()
                .flatMap(name -> functions.stream().filter(function -> function.declared().logicalId().equals(name))
                        .findFirst());
        LocalEventBridge eventBridge = parts.add(new LocalEventBridge(functions, options.syncEvery()));
        tableStream.ifPresentOrElse(
                arn -> stateChangeEvents.follow(functions, dynamoDb.streams(), arn, options.dataDir()),
                () -> OpsLog.warn("local.events.off", null, "why", "the table in " + options.dataDir()
                        + " was made before state-change events: no events until that data directory is replaced"));
        emr.addStepListener(eventBridge::stepChanged);
        // After the listener: the steps the last run left running end now, and their batches hear of it.
        emr.resume();
        http.start(new LocalHttpApi(functions, authorizer));
        // Again, to be closed first: the stack stops taking requests before any part behind it closes.
        // (Added first too, so that its port was let go if the start failed; closing it twice is harmless.)
        parts.add(http);
    }

    /** Opens the stack into {@code parts}: if it cannot, what it had opened is closed before this throws. */
    static LocalStack open(LocalOptions options, StackParts parts) throws IOException {
        return parts.open(opened -> new LocalStack(options, opened));
    }

    /**
     * A cluster of the data directory, which its batches name: the one of that name an earlier run
     * made, at today's step concurrency; made the first time.
     */
    private static String localCluster(EmrEmulator emr, String name, int stepConcurrency, String logUri) {
        Optional<String> kept = emr.liveClusterNamed(name).map(Cluster::id);
        kept.ifPresent(clusterId -> emr.modifyStepConcurrencyLevel(clusterId, stepConcurrency));
        return kept.orElseGet(() -> emr.createCluster(ClusterSpec.named(name)
                .withStepConcurrencyLevel(stepConcurrency)
                .withLogUri(logUri)));
    }

    public static void main(String[] args) {
        System.setProperty("batchapi.log.format", "text");
        if (LocalOptions.asksForHelp(args)) {
            System.out.println(LocalOptions.USAGE);
            return;
        }
        LocalOptions options;
        try {
            options = LocalOptions.parse(args, System.getenv(), jarDirectory());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        StackParts parts = new StackParts();
        // Before anything opens: a SIGTERM during start-up stops what has started, the steps' JVMs included.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(parts), "local-stack-shutdown"));
        try {
            open(options, parts).printWelcome(options);
        } catch (IOException | RuntimeException e) {
            System.err.println("The local stack could not start: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Stops taking requests, kills the steps still running, and writes the data directory out: the
     * shutdown hook runs it on Ctrl-C's SIGINT and on SIGTERM alike. A stack that failed to start
     * closed its parts already, and says nothing here.
     */
    private static void stop(StackParts parts) {
        if (parts.close()) {
            System.out.println("Local stack stopped.");
        }
    }

    private void printWelcome(LocalOptions options) {
        Path demoJar = options.sparkJars().resolve("../../../demo-apps/target/demo-apps.jar").normalize();
        System.out.println();
        System.out.println("Batch API (local) ready at " + baseUrl);
        System.out.println("  data: " + options.dataDir() + "   Spark: "
                + options.sparkHome().map(home -> "SPARK_HOME " + home).orElse("jars in " + options.sparkJars())
                + "   Flink: jars in " + options.flinkJars());
        System.out.println("  clusters: " + clusterIds.entrySet().stream()
                .map(cluster -> cluster.getKey() + " (EMR id " + cluster.getValue() + ")").collect(Collectors.joining(", "))
                + (options.clusters().isEmpty() ? "" : "; conf batchapi.cluster=<label> picks one"));
        System.out.println("  scheduler: " + options.maxActiveSteps() + " active steps per cluster at most"
                + (options.maxActivePerUser() == 0 ? "" : ", " + options.maxActivePerUser() + " per user")
                + "; the state sync runs " + options.syncEvery().map(every -> "every " + every.toSeconds() + " s")
                        .orElse("on the template's SyncSchedule"));
        String login = options.usersFile().isPresent() ? " -u USER:PASSWORD" : "";
        System.out.println("  authentication: " + options.usersFile().map(file -> "BASIC, users of " + file)
                .orElse("none (a Basic user name is taken as given; anonymous without one)"));
        System.out.println("Try it:");
        System.out.println("  curl -s" + login + " -X POST " + baseUrl + "/batches -H 'Content-Type: application/json' -d '"
                + "{\"batchType\":\"SPARK\",\"resource\":\"" + demoJar + "\",\"className\":\"demo.SparkPi\",\"args\":[\"10\"]}'");
        System.out.println("  (Flink: \"batchType\":\"FLINK\",\"className\":\"demo.FlinkSum\",\"args\":[\"1000\"])");
        System.out.println("  curl -s" + login + " " + baseUrl + "/batches");
        System.out.println("Each state change is logged as an event line, and the last " + LocalStateChangeEvents.KEPT
                + " are in " + eventsFile + " (tail -f it).");
        System.out.println("Ctrl-C (or SIGTERM) stops everything.");
        System.out.println();
    }

    /** Secrets Manager's stand-in, holding the users file as the users secret. */
    private static AwsJsonServer usersSecret(Path usersFile) {
        String users;
        try {
            users = Files.readString(usersFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the users file " + usersFile, e);
        }
        checkUsers(usersFile, users);
        SecretsManagerEmulator secrets = new SecretsManagerEmulator(Clock.systemUTC());
        secrets.createSecret(USERS_SECRET, users);
        return AwsJsonServer.start(secrets, 0);
    }

    /** Refuses to start on a users file that would let nobody in, saying what is wrong with it. */
    private static void checkUsers(Path usersFile, String users) {
        UserList list;
        try {
            list = UserList.parse(users);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(usersFile + " is " + e.getMessage());
        }
        for (Map.Entry<String, String> rejected : list.rejected().entrySet()) {
            throw new IllegalArgumentException(usersFile + ": the entry of " + rejected.getKey() + " is " + rejected.getValue());
        }
        if (list.users().isEmpty()) {
            throw new IllegalArgumentException(usersFile + " names no user");
        }
    }

    /** @return the table's stream; empty for a table an earlier version made without one */
    static Optional<String> createTableIfMissing(AwsJsonServer dynamoDbServer) {
        try (DynamoDbClient client = DynamoDbClient.builder()
                .endpointOverride(dynamoDbServer.endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(CREDENTIALS)
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            try {
                return Optional.ofNullable(client.describeTable(request -> request.tableName(TABLE)).table().latestStreamArn());
            } catch (ResourceNotFoundException e) {
                String stream = client.createTable(BatchTable.createTableRequest(TABLE)).tableDescription().latestStreamArn();
                client.updateTimeToLive(BatchTable.timeToLiveRequest(TABLE));
                return Optional.of(stream);
            }
        }
    }

    /** The template.yaml built into this jar, whose functions the stack runs. */
    static SamTemplate template() {
        try (Reader yaml = new InputStreamReader(
                LocalStack.class.getResourceAsStream("/template.yaml"), StandardCharsets.UTF_8)) {
            return SamTemplate.parse(yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the template.yaml built into this jar", e);
        }
    }

    private static Path jarDirectory() {
        try {
            return Path.of(LocalStack.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
