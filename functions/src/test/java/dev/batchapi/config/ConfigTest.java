package dev.batchapi.config;

import dev.batchapi.events.EventBus;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.batch.Clusters;
import dev.batchapi.batch.ReadAccess;
import dev.batchapi.batch.ShareLimits;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigTest {

    /** The settings a function cannot start without, as on Lambda. */
    static final Map<String, String> MINIMAL = Map.of(
            "AWS_REGION", "eu-west-1", "BATCH_TABLE", "batches", "EMR_CLUSTER_ID", "j-ABC",
            "AWS_LAMBDA_FUNCTION_NAME", "batch-api-CreateBatch");

    @Test
    void defaultsAreSecureAndDescribeTheDeployment() {
        Config config = Config.fromEnvironment(MINIMAL);

        assertThat(config.authMode()).isEqualTo(AuthMode.IAM);
        assertThat(config.admins()).isEmpty();
        assertThat(config.instance()).isEmpty();
        assertThat(config.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(config.submitGrace()).isEqualTo(Duration.ofSeconds(120));
        assertThat(config.dynamoDbEndpoint()).isEmpty();
        assertThat(config.emrEndpoint()).isEmpty();
        assertThat(config.appUrlTemplate()).isEmpty();
        assertThat(config.userClaim()).isEqualTo("sub");
        assertThat(config.usersSecret()).isEmpty();
        assertThat(config.runtimeRoles()).isEmpty();
        assertThat(config.jwtRequiredClaim()).isEmpty();
        assertThat(config.allowedOrigins()).isEmpty();
        assertThat(config.readAccess()).isEqualTo(ReadAccess.ANYONE);
    }

    @Test
    void readsTheRequiredClaimTheAllowedOriginsAndTheReadAccess() {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.put("JWT_REQUIRED_CLAIM", " cognito:groups = batch-users ");
        env.put("ALLOWED_ORIGINS", "https://Notebooks.example.com, http://127.0.0.1:8888,");
        env.put("READ_ACCESS", "owner_or_admin");

        Config config = Config.fromEnvironment(env);

        assertThat(config.jwtRequiredClaim()).contains(new RequiredClaim("cognito:groups", "batch-users"));
        assertThat(config.allowedOrigins()).containsExactlyInAnyOrder(
                new WebOrigin("https", "notebooks.example.com", 443), new WebOrigin("http", "127.0.0.1", 8888));
        assertThat(config.readAccess()).isEqualTo(ReadAccess.OWNER_OR_ADMIN);
        assertThat(Config.fromEnvironment(with("JWT_REQUIRED_CLAIM", "  ")).jwtRequiredClaim()).isEmpty();
    }

    @Test
    void aMalformedRequiredClaimOriginOrReadAccessStopsTheFunctionFromStarting() {
        assertThatThrownBy(() -> Config.fromEnvironment(with("JWT_REQUIRED_CLAIM", "batch-users")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("JWT_REQUIRED_CLAIM must be claim=value, e.g. cognito:groups=batch-users, not batch-users");
        assertThatThrownBy(() -> Config.fromEnvironment(with("JWT_REQUIRED_CLAIM", "scope=")))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("JWT_REQUIRED_CLAIM must be claim=value");
        for (String notAnOrigin : new String[] {"https://a.example/", "a.example", "ftp://a.example", "null",
                "https://u@a.example", "https://a.example/app"}) {
            assertThatThrownBy(() -> Config.fromEnvironment(with("ALLOWED_ORIGINS", notAnOrigin)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("ALLOWED_ORIGINS holds " + notAnOrigin + ", not an origin scheme://host[:port]");
        }
        assertThatThrownBy(() -> Config.fromEnvironment(with("READ_ACCESS", "OWNER")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("READ_ACCESS must be one of [ANYONE, OWNER_OR_ADMIN], not OWNER");
    }

    @Test
    void theMetricsNamespaceIsTheTemplatesOrBatchApiAndNeverOneOfAwss() {
        assertThat(Config.fromEnvironment(MINIMAL).metricsNamespace()).isEqualTo("BatchApi");
        assertThat(Config.fromEnvironment(with("METRICS_NAMESPACE", "Team/Batches")).metricsNamespace()).isEqualTo("Team/Batches");
        assertThatThrownBy(() -> Config.fromEnvironment(with("METRICS_NAMESPACE", "AWS/Lambda")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("METRICS_NAMESPACE must be a CloudWatch namespace of at most 255 characters that does not"
                        + " start with AWS/, not AWS/Lambda");
    }

    @Test
    void theEventsGoToTheNamedBusUnderTheSourceGivenAndNeverUnderOneOfAwss() {
        assertThat(Config.fromEnvironment(MINIMAL).eventBus()).isEqualTo(new EventBus("default", "batchapi"));
        assertThat(Config.fromEnvironment(with("EVENT_SOURCE", "acme.batches")).eventBus().source()).isEqualTo("acme.batches");
        assertThat(Config.fromEnvironment(with("EVENT_BUS_NAME", "data-platform")).eventBus().name()).isEqualTo("data-platform");
        assertThatThrownBy(() -> Config.fromEnvironment(with("EVENT_SOURCE", "aws.emr")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("EVENT_SOURCE must not start with aws. (EventBridge keeps those for AWS services and refuses"
                        + " our events under them), not aws.emr");
    }

    @Test
    void kyuubiInstanceIsAPlainHttpHostAndPortOrNothing() {
        for (String address : new String[] {"127.0.0.1:8080", "batch-api.internal:80", "[::1]:10099"}) {
            assertThat(Config.fromEnvironment(with("KYUUBI_INSTANCE", address)).instance()).contains(address);
        }
        for (String notAnAddress : new String[] {"eu-west-1/batch-api-CreateBatch", "http://h:80", "h", "h:0", "h:65536", "h:80/x"}) {
            assertThatThrownBy(() -> Config.fromEnvironment(with("KYUUBI_INSTANCE", notAnAddress)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("KYUUBI_INSTANCE must be the host:port of a plain-HTTP server of this API"
                            + " (Kyuubi's clients call http://<it>), not " + notAnAddress);
        }
    }

    private static Map<String, String> with(String name, String value) {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.put(name, value);
        return env;
    }

    @Test
    void readsEverySetting() {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.remove("AWS_LAMBDA_FUNCTION_NAME"); // the local stack
        env.put("AUTH_MODE", "none");
        env.put("ADMIN_USERS", " alice, bob ,,");
        env.put("KYUUBI_INSTANCE", "127.0.0.1:8080");
        env.put("BATCH_RETENTION_DAYS", "7");
        env.put("SUBMIT_GRACE_SECONDS", "30");
        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://127.0.0.1:8000");
        env.put("AWS_ENDPOINT_URL_EMR", "http://127.0.0.1:8001");
        env.put("APP_URL_TEMPLATE", "http://127.0.0.1:8080/steps/{stepId}");
        env.put("USER_CLAIM", "cognito:username");
        env.put("USERS_SECRET", "arn:aws:secretsmanager:eu-west-1:123456789012:secret:users-AbCdEf");
        env.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", "http://127.0.0.1:8002");
        env.put("RUNTIME_ROLE_USERS", "alice, *");
        env.put("RUNTIME_ROLE_ARNS", "arn:aws:iam::123456789012:role/emr/alice-data, arn:aws:iam::123456789012:role/shared");

        Config config = Config.fromEnvironment(env);

        assertThat(config.authMode()).isEqualTo(AuthMode.NONE);
        assertThat(config.admins()).isEqualTo(Set.of("alice", "bob"));
        assertThat(config.instance()).contains("127.0.0.1:8080");
        assertThat(config.retention()).isEqualTo(Duration.ofDays(7));
        assertThat(config.submitGrace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.dynamoDbEndpoint()).contains(URI.create("http://127.0.0.1:8000"));
        assertThat(config.emrEndpoint()).contains(URI.create("http://127.0.0.1:8001"));
        assertThat(config.appUrlTemplate()).isEqualTo(Optional.of("http://127.0.0.1:8080/steps/{stepId}"));
        assertThat(config.userClaim()).isEqualTo("cognito:username");
        assertThat(config.usersSecret()).contains("arn:aws:secretsmanager:eu-west-1:123456789012:secret:users-AbCdEf");
        assertThat(config.secretsManagerEndpoint()).contains(URI.create("http://127.0.0.1:8002"));
        assertThat(config.runtimeRoles()).isEqualTo(Map.of("alice", "arn:aws:iam::123456789012:role/emr/alice-data",
                "*", "arn:aws:iam::123456789012:role/shared"));
    }

    @Test
    void readsEachAuthMode() {
        for (String mode : new String[] {"IAM", "BASIC", "JWT", "NONE", "basic"}) {
            Map<String, String> env = new HashMap<>(MINIMAL);
            env.remove("AWS_LAMBDA_FUNCTION_NAME");
            env.put("AUTH_MODE", mode);
            assertThat(Config.fromEnvironment(env).authMode().name()).isEqualTo(mode.toUpperCase());
        }
    }

    @Test
    void runtimeRolesMustPairEachUserWithARoleArn() {
        assertThatThrownBy(() -> Config.fromEnvironment(withRoles("alice,bob", "arn:aws:iam::123456789012:role/a")))
                .hasMessage("RUNTIME_ROLE_USERS and RUNTIME_ROLE_ARNS must list as many entries, user i running under role i");
        assertThatThrownBy(() -> Config.fromEnvironment(withRoles("alice", "arn:aws:iam::123456789012:user/alice")))
                .hasMessage("RUNTIME_ROLE_ARNS holds arn:aws:iam::123456789012:user/alice, not an IAM role ARN");
        assertThatThrownBy(() -> Config.fromEnvironment(withRoles("alice,alice",
                "arn:aws:iam::123456789012:role/a,arn:aws:iam::123456789012:role/b")))
                .hasMessage("RUNTIME_ROLE_USERS names alice twice");
        // CloudFormation joins an empty list parameter into an empty string: no roles.
        assertThat(Config.fromEnvironment(withRoles("", "")).runtimeRoles()).isEmpty();
    }

    @Test
    void readsTheClustersByLabelTheDefaultOneFirst() {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.put("EMR_CLUSTER_LABEL", "main");
        env.put("EMR_EXTRA_CLUSTER_LABELS", "etl, adhoc");
        env.put("EMR_EXTRA_CLUSTER_IDS", "j-ETL,j-ADHOC");

        assertThat(Config.fromEnvironment(env).clusters().idsByLabel())
                .containsExactly(Map.entry("main", "j-ABC"), Map.entry("etl", "j-ETL"), Map.entry("adhoc", "j-ADHOC"));
        // The template's defaults: the cluster labelled default, and no other (an empty list joins to "").
        assertThat(Config.fromEnvironment(withClusters("", "")).clusters())
                .isEqualTo(new Clusters("default", Map.of("default", "j-ABC")));
    }

    @Test
    void readsTheSchedulersLimitsPerClusterByLabelAndPerUser() {
        Map<String, String> env = new HashMap<>(withClusters("etl,adhoc", "j-ETL,j-ADHOC"));
        env.put("MAX_ACTIVE_STEPS", "150, adhoc=20");
        env.put("MAX_ACTIVE_PER_USER", "4");

        ShareLimits limits = Config.fromEnvironment(env).shareLimits();

        assertThat(limits.maxActive("j-ABC")).isEqualTo(150);
        assertThat(limits.maxActive("j-ETL")).isEqualTo(150);
        assertThat(limits.maxActive("j-ADHOC")).isEqualTo(20);
        assertThat(limits.perUser()).hasValue(4);
        // The template's defaults: 200 per cluster, no per-user cap.
        assertThat(Config.fromEnvironment(MINIMAL).shareLimits()).isEqualTo(ShareLimits.DEFAULT);
        assertThat(Config.fromEnvironment(with("MAX_ACTIVE_PER_USER", "0")).shareLimits().perUser()).isEmpty();
    }

    @Test
    void limitsBeyondEmrsOrForAClusterThisDeploymentLacksStopTheFunctionFromStarting() {
        assertThatThrownBy(() -> Config.fromEnvironment(with("MAX_ACTIVE_STEPS", "257")))
                .hasMessage("MAX_ACTIVE_STEPS and MAX_ACTIVE_PER_USER: a cluster's limit of active steps is 257: it must"
                        + " be from 1 to 256, EMR's limit");
        assertThatThrownBy(() -> Config.fromEnvironment(with("MAX_ACTIVE_STEPS", "0")))
                .hasMessageContaining("a cluster's limit of active steps is 0");
        assertThatThrownBy(() -> Config.fromEnvironment(with("MAX_ACTIVE_STEPS", "200,etl=5")))
                .hasMessage("MAX_ACTIVE_STEPS names the cluster etl, which this deployment does not have: it has default");
        assertThatThrownBy(() -> Config.fromEnvironment(with("MAX_ACTIVE_STEPS", "many")))
                .hasMessage("MAX_ACTIVE_STEPS must hold whole numbers, not many");
        assertThatThrownBy(() -> Config.fromEnvironment(with("MAX_ACTIVE_PER_USER", "-1")))
                .hasMessage("MAX_ACTIVE_STEPS and MAX_ACTIVE_PER_USER: the per-user cap -1 is negative (0: no cap)");
    }

    @Test
    void onLambdaTheSubmitGraceOutlastsTheStateSyncsTimeout() {
        assertThatThrownBy(() -> Config.fromEnvironment(with("SUBMIT_GRACE_SECONDS", "60")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("SUBMIT_GRACE_SECONDS must be above 60 (the state sync function's timeout) on Lambda, not 60");
        assertThat(Config.fromEnvironment(with("SUBMIT_GRACE_SECONDS", "61")).submitGrace()).hasSeconds(61);
    }

    @Test
    void badClustersStopTheFunctionFromStartingNamingTheSettings() {
        String settings = "EMR_CLUSTER_LABEL, EMR_EXTRA_CLUSTER_LABELS and EMR_EXTRA_CLUSTER_IDS: ";
        assertThatThrownBy(() -> Config.fromEnvironment(withClusters("etl,adhoc", "j-ETL")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(settings + "there are 2 extra cluster labels and 1 extra cluster ids: label i names cluster i");
        assertThatThrownBy(() -> Config.fromEnvironment(withClusters("default", "j-ETL")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(settings + "the label default names two clusters");
        assertThatThrownBy(() -> Config.fromEnvironment(withClusters("Etl", "j-ETL")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(settings + "the cluster label Etl is not [a-z][a-z0-9-]{0,31}");
        assertThatThrownBy(() -> Config.fromEnvironment(withClusters("etl", "j-etl")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(settings + "cluster etl has the id j-etl, not an EMR cluster id j-[0-9A-Z]+");
        assertThatThrownBy(() -> Config.fromEnvironment(with("EMR_CLUSTER_LABEL", "Main")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith(settings + "the cluster label Main is not");
    }

    private static Map<String, String> withClusters(String labels, String ids) {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.put("EMR_EXTRA_CLUSTER_LABELS", labels);
        env.put("EMR_EXTRA_CLUSTER_IDS", ids);
        return env;
    }

    private static Map<String, String> withRoles(String users, String arns) {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.put("RUNTIME_ROLE_USERS", users);
        env.put("RUNTIME_ROLE_ARNS", arns);
        return env;
    }

    @Test
    void aMissingOrWrongSettingStopsTheFunctionAtInitWithItsName() {
        Map<String, String> env = new HashMap<>(MINIMAL);
        env.remove("EMR_CLUSTER_ID");
        assertThatThrownBy(() -> Config.fromEnvironment(env)).hasMessage("environment variable EMR_CLUSTER_ID is not set");

        Map<String, String> badMode = new HashMap<>(MINIMAL);
        badMode.put("AUTH_MODE", "LDAP");
        assertThatThrownBy(() -> Config.fromEnvironment(badMode)).hasMessage("AUTH_MODE must be one of [IAM, BASIC, JWT, NONE], not LDAP");

        Map<String, String> noneOnLambda = new HashMap<>(MINIMAL);
        noneOnLambda.put("AUTH_MODE", "NONE");
        assertThatThrownBy(() -> Config.fromEnvironment(noneOnLambda))
                .hasMessage("AUTH_MODE NONE is for the local stack only, not for a Lambda function");

        Map<String, String> badDays = new HashMap<>(MINIMAL);
        badDays.put("BATCH_RETENTION_DAYS", "0");
        assertThatThrownBy(() -> Config.fromEnvironment(badDays))
                .hasMessage("BATCH_RETENTION_DAYS must be a positive whole number, not 0");
    }
}
