package dev.batchapi.config;

import dev.batchapi.batch.BatchType;
import dev.batchapi.batch.Clusters;
import dev.batchapi.batch.ConfKeyPattern;
import dev.batchapi.batch.KyuubiInstance;
import dev.batchapi.batch.PolicyRule;
import dev.batchapi.batch.ReadAccess;
import dev.batchapi.batch.ShareLimits;
import dev.batchapi.batch.SubmissionPolicy;
import dev.batchapi.events.EventBus;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The deployment's settings, read once per container from environment variables (the template sets
 * them; the README's configuration table lists them). Each variable is read here and nowhere else.
 *
 * @param clusters the EMR clusters batches run on, by label
 * @param instance what new batches' kyuubiInstance says: a plain-HTTP host:port of this API, or
 *     empty (on Lambda: there is none)
 * @param dynamoDbEndpoint set only to point the functions at a local stand-in
 * @param emrEndpoint set only to point the functions at a local stand-in
 * @param s3Endpoint set only to point the functions at a local stand-in
 * @param appUrlTemplate where a step can be followed, with {clusterId} and {stepId}; empty: EMR console
 * @param uploadLocation where uploaded resource files go ({@code s3://bucket/prefix/} or a
 *     {@code file:} folder); empty: upload is disabled
 * @param userClaim the JWT claim that names the user (JWT mode)
 * @param usersSecret the Secrets Manager secret holding the users and their password hashes (BASIC mode)
 * @param runtimeRoles the EMR runtime role of each user ({@code *}: anyone else); empty: steps run
 *     under the cluster's own role
 * @param submissionPolicy what a batch may carry (each of its settings blank: the default)
 * @param jwtRequiredClaim a claim value every JWT must carry (JWT mode); empty: none
 * @param allowedOrigins the web origins besides the API's own whose pages may create and delete batches
 * @param readAccess who may read a batch and its log
 * @param shareLimits the active steps kept on each cluster, and per user
 * @param eventBus where the batches' state-change events go
 * @param eventBridgeEndpoint set only to point the functions at a local stand-in
 * @param metricsNamespace the CloudWatch namespace of the functions' metrics
 */
public record Config(
        String region,
        String tableName,
        Clusters clusters,
        AuthMode authMode,
        Set<String> admins,
        Optional<String> instance,
        Duration retention,
        Duration submitGrace,
        Optional<URI> dynamoDbEndpoint,
        Optional<URI> emrEndpoint,
        Optional<URI> s3Endpoint,
        Optional<String> appUrlTemplate,
        Optional<URI> uploadLocation,
        String userClaim,
        Optional<String> usersSecret,
        Optional<URI> secretsManagerEndpoint,
        Map<String, String> runtimeRoles,
        SubmissionPolicy submissionPolicy,
        Optional<RequiredClaim> jwtRequiredClaim,
        Set<WebOrigin> allowedOrigins,
        ReadAccess readAccess,
        ShareLimits shareLimits,
        EventBus eventBus,
        Optional<URI> eventBridgeEndpoint,
        String metricsNamespace) {

    public static final String REGION = "AWS_REGION";
    public static final String FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
    public static final String TABLE = "BATCH_TABLE";
    public static final String CLUSTER_ID = "EMR_CLUSTER_ID";
    public static final String CLUSTER_LABEL = "EMR_CLUSTER_LABEL";
    public static final String EXTRA_CLUSTER_LABELS = "EMR_EXTRA_CLUSTER_LABELS";
    public static final String EXTRA_CLUSTER_IDS = "EMR_EXTRA_CLUSTER_IDS";
    public static final String AUTH_MODE = "AUTH_MODE";
    public static final String ADMIN_USERS = "ADMIN_USERS";
    public static final String INSTANCE = "KYUUBI_INSTANCE";
    public static final String RETENTION_DAYS = "BATCH_RETENTION_DAYS";
    public static final String SUBMIT_GRACE_SECONDS = "SUBMIT_GRACE_SECONDS";
    public static final String DYNAMODB_ENDPOINT = "AWS_ENDPOINT_URL_DYNAMODB";
    public static final String EMR_ENDPOINT = "AWS_ENDPOINT_URL_EMR";
    public static final String S3_ENDPOINT = "AWS_ENDPOINT_URL_S3";
    public static final String APP_URL_TEMPLATE = "APP_URL_TEMPLATE";
    public static final String UPLOAD_LOCATION = "UPLOAD_LOCATION";
    public static final String USER_CLAIM = "USER_CLAIM";
    public static final String USERS_SECRET = "USERS_SECRET";
    public static final String SECRETS_MANAGER_ENDPOINT = "AWS_ENDPOINT_URL_SECRETS_MANAGER";
    public static final String RUNTIME_ROLE_USERS = "RUNTIME_ROLE_USERS";
    public static final String RUNTIME_ROLE_ARNS = "RUNTIME_ROLE_ARNS";
    public static final String ALLOWED_BATCH_TYPES = SubmissionPolicy.ALLOWED_TYPES_SETTING;
    public static final String ALLOWED_CONF_KEYS = SubmissionPolicy.ALLOWED_KEYS_SETTING;
    public static final String DENIED_CONF_KEYS = SubmissionPolicy.DENIED_KEYS_SETTING;
    public static final String ALLOWED_RESOURCE_SCHEMES = SubmissionPolicy.ALLOWED_SCHEMES_SETTING;
    public static final String RELAXED_POLICY_RULES = SubmissionPolicy.RELAXED_RULES_SETTING;
    public static final String JWT_REQUIRED_CLAIM = "JWT_REQUIRED_CLAIM";
    public static final String ALLOWED_ORIGINS = "ALLOWED_ORIGINS";
    public static final String READ_ACCESS = "READ_ACCESS";
    public static final String MAX_ACTIVE_STEPS = "MAX_ACTIVE_STEPS";
    public static final String MAX_ACTIVE_PER_USER = "MAX_ACTIVE_PER_USER";
    public static final String EVENT_BUS_NAME = "EVENT_BUS_NAME";
    public static final String EVENT_SOURCE = "EVENT_SOURCE";
    public static final String EVENTBRIDGE_ENDPOINT = "AWS_ENDPOINT_URL_EVENTBRIDGE";
    public static final String METRICS_NAMESPACE = "METRICS_NAMESPACE";

    static final int DEFAULT_RETENTION_DAYS = 90;
    static final String DEFAULT_USER_CLAIM = "sub";
    /** The template parameter MetricsNamespace's default too. */
    public static final String DEFAULT_METRICS_NAMESPACE = "BatchApi";
    private static final Pattern URI_SCHEME = Pattern.compile("[a-z][a-z0-9+.-]*");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::\\d{12}:role/[\\w+=,.@/-]+");
    /**
     * Four times the create function's 30 s timeout and twice the sync's 60 s: no submit of a create,
     * nor of a sync that claimed it a grace before a listing, can still be under way by then.
     */
    static final int DEFAULT_SUBMIT_GRACE_SECONDS = 120;
    /** The state sync function's timeout in template.yaml (a template test holds them equal). */
    public static final int MAX_SYNC_SECONDS = 60;

    public Config {
        admins = Set.copyOf(admins);
        runtimeRoles = Map.copyOf(runtimeRoles);
        allowedOrigins = Set.copyOf(allowedOrigins);
    }

    /** Uploaded files go to S3 (not to a local folder, and uploads are on). */
    public boolean uploadsToS3() {
        return uploadLocation.filter(location -> "s3".equals(location.getScheme())).isPresent();
    }

    public static Config fromEnvironment(Map<String, String> env) {
        String region = required(env, REGION);
        Clusters clusters = clusters(required(env, CLUSTER_ID),
                optional(env, CLUSTER_LABEL).orElse(Clusters.DEFAULT_LABEL),
                list(env.get(EXTRA_CLUSTER_LABELS)), list(env.get(EXTRA_CLUSTER_IDS)));
        return new Config(
                region,
                required(env, TABLE),
                clusters,
                authMode(env.get(AUTH_MODE), optional(env, FUNCTION_NAME).isPresent()),
                admins(env.get(ADMIN_USERS)),
                optional(env, INSTANCE).map(Config::kyuubiInstance),
                Duration.ofDays(optional(env, RETENTION_DAYS)
                        .map(value -> positiveInt(RETENTION_DAYS, value)).orElse(DEFAULT_RETENTION_DAYS)),
                submitGrace(env),
                optional(env, DYNAMODB_ENDPOINT).map(URI::create),
                optional(env, EMR_ENDPOINT).map(URI::create),
                optional(env, S3_ENDPOINT).map(URI::create),
                optional(env, APP_URL_TEMPLATE),
                optional(env, UPLOAD_LOCATION).map(Config::folder),
                optional(env, USER_CLAIM).orElse(DEFAULT_USER_CLAIM),
                optional(env, USERS_SECRET),
                optional(env, SECRETS_MANAGER_ENDPOINT).map(URI::create),
                runtimeRoles(list(env.get(RUNTIME_ROLE_USERS)), list(env.get(RUNTIME_ROLE_ARNS))),
                submissionPolicy(env),
                RequiredClaim.fromSetting(JWT_REQUIRED_CLAIM, optional(env, JWT_REQUIRED_CLAIM)),
                allowedOrigins(list(env.get(ALLOWED_ORIGINS))),
                readAccess(optional(env, READ_ACCESS)),
                shareLimits(clusters, list(env.get(MAX_ACTIVE_STEPS)), optional(env, MAX_ACTIVE_PER_USER)),
                new EventBus(optional(env, EVENT_BUS_NAME).orElse(EventBus.DEFAULT_BUS),
                        optional(env, EVENT_SOURCE).orElse(EventBus.DEFAULT_SOURCE)),
                optional(env, EVENTBRIDGE_ENDPOINT).map(URI::create),
                metricsNamespace(optional(env, METRICS_NAMESPACE)));
    }

    /** CloudWatch's rule: at most 255 characters, and {@code AWS/} is AWS's own. */
    private static String metricsNamespace(Optional<String> setting) {
        String namespace = setting.orElse(DEFAULT_METRICS_NAMESPACE);
        if (namespace.length() > 255 || namespace.startsWith("AWS/")) {
            throw new IllegalArgumentException(METRICS_NAMESPACE + " must be a CloudWatch namespace of at most 255"
                    + " characters that does not start with AWS/, not " + namespace);
        }
        return namespace;
    }

    /**
     * {@value #MAX_ACTIVE_STEPS}: the limit of every cluster, then {@code label=limit} for a cluster
     * with another (e.g. {@code 200,adhoc=50}); {@value #MAX_ACTIVE_PER_USER}: 0 or absent for no cap.
     */
    private static ShareLimits shareLimits(Clusters clusters, List<String> maxActive, Optional<String> perUser) {
        int defaultLimit = ShareLimits.DEFAULT_MAX_ACTIVE;
        Map<String, Integer> byCluster = new HashMap<>();
        for (String entry : maxActive) {
            int equals = entry.indexOf('=');
            if (equals < 0) {
                defaultLimit = wholeNumber(MAX_ACTIVE_STEPS, entry);
                continue;
            }
            String label = entry.substring(0, equals).trim();
            String clusterId = clusters.idsByLabel().get(label);
            if (clusterId == null) {
                throw new IllegalStateException(MAX_ACTIVE_STEPS + " names the cluster " + label
                        + ", which this deployment does not have: it has " + String.join(", ", clusters.idsByLabel().keySet()));
            }
            byCluster.put(clusterId, wholeNumber(MAX_ACTIVE_STEPS, entry.substring(equals + 1)));
        }
        try {
            return new ShareLimits(defaultLimit, byCluster,
                    perUser.map(value -> wholeNumber(MAX_ACTIVE_PER_USER, value)).orElse(0));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(MAX_ACTIVE_STEPS + " and " + MAX_ACTIVE_PER_USER + ": " + e.getMessage());
        }
    }

    private static int wholeNumber(String name, String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalStateException(name + " must hold whole numbers, not " + value);
        }
    }

    private static SubmissionPolicy submissionPolicy(Map<String, String> env) {
        List<String> types = list(env.get(ALLOWED_BATCH_TYPES));
        List<String> allowedKeys = list(env.get(ALLOWED_CONF_KEYS));
        List<String> schemes = list(env.get(ALLOWED_RESOURCE_SCHEMES));
        return new SubmissionPolicy(
                types.isEmpty() ? SubmissionPolicy.ALL_TYPES : Set.copyOf(types.stream().map(Config::batchType).toList()),
                allowedKeys.isEmpty() ? SubmissionPolicy.ANY_KEY : allowedKeys.stream().map(ConfKeyPattern::of).toList(),
                list(env.get(DENIED_CONF_KEYS)).stream().map(ConfKeyPattern::of).toList(),
                schemes.isEmpty() ? SubmissionPolicy.S3 : Set.copyOf(schemes.stream().map(Config::scheme).toList()),
                Set.copyOf(list(env.get(RELAXED_POLICY_RULES)).stream().map(Config::policyRule).toList()));
    }

    private static BatchType batchType(String value) {
        return BatchType.parse(value).orElseThrow(() -> new IllegalStateException(ALLOWED_BATCH_TYPES + " holds " + value
                + ", not one of " + BatchType.SUPPORTED));
    }

    /** {@code s3}, also written {@code s3:} or {@code s3://}. */
    private static String scheme(String value) {
        String scheme = value.toLowerCase(Locale.ROOT).replaceFirst(":(//)?$", "");
        if (!URI_SCHEME.matcher(scheme).matches()) {
            throw new IllegalStateException(ALLOWED_RESOURCE_SCHEMES + " holds " + value + ", not a URI scheme");
        }
        return scheme;
    }

    private static PolicyRule policyRule(String value) {
        return PolicyRule.named(value).orElseThrow(() -> new IllegalStateException(RELAXED_POLICY_RULES + " holds "
                + value + ", not one of " + Arrays.stream(PolicyRule.values()).map(PolicyRule::ruleName).toList()));
    }

    private static Set<WebOrigin> allowedOrigins(List<String> entries) {
        return entries.stream().map(entry -> WebOrigin.parse(entry).orElseThrow(() -> new IllegalStateException(
                ALLOWED_ORIGINS + " holds " + entry + ", not an origin scheme://host[:port]"))).collect(Collectors.toSet());
    }

    private static ReadAccess readAccess(Optional<String> value) {
        try {
            return value.map(text -> ReadAccess.valueOf(text.toUpperCase(Locale.ROOT))).orElse(ReadAccess.ANYONE);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(READ_ACCESS + " must be one of " + Arrays.toString(ReadAccess.values())
                    + ", not " + value.get());
        }
    }

    /** Two lists, user i runs under role i: CloudFormation can pass lists but cannot build a map. */
    private static Map<String, String> runtimeRoles(List<String> users, List<String> arns) {
        if (users.size() != arns.size()) {
            throw new IllegalStateException(RUNTIME_ROLE_USERS + " and " + RUNTIME_ROLE_ARNS
                    + " must list as many entries, user i running under role i");
        }
        Map<String, String> roles = new HashMap<>();
        for (int i = 0; i < users.size(); i++) {
            if (!ROLE_ARN.matcher(arns.get(i)).matches()) {
                throw new IllegalStateException(RUNTIME_ROLE_ARNS + " holds " + arns.get(i) + ", not an IAM role ARN");
            }
            if (roles.put(users.get(i), arns.get(i)) != null) {
                throw new IllegalStateException(RUNTIME_ROLE_USERS + " names " + users.get(i) + " twice");
            }
        }
        return roles;
    }

    private static Clusters clusters(String defaultId, String defaultLabel, List<String> labels, List<String> ids) {
        try {
            return Clusters.of(defaultLabel, defaultId, labels, ids);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(CLUSTER_LABEL + ", " + EXTRA_CLUSTER_LABELS + " and " + EXTRA_CLUSTER_IDS
                    + ": " + e.getMessage());
        }
    }

    private static AuthMode authMode(String value, boolean onLambda) {
        if (value == null || value.isBlank()) {
            return AuthMode.IAM;
        }
        AuthMode mode;
        try {
            mode = AuthMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(AUTH_MODE + " must be one of " + Arrays.toString(AuthMode.values())
                    + ", not " + value);
        }
        if (mode == AuthMode.NONE && onLambda) {
            // One edit in the console must not make every caller whoever it claims to be.
            throw new IllegalStateException(AUTH_MODE + " NONE is for the local stack only, not for a Lambda function");
        }
        return mode;
    }

    private static String kyuubiInstance(String value) {
        return KyuubiInstance.of(value).orElseThrow(() -> new IllegalStateException(INSTANCE + " must be the host:port"
                + " of a plain-HTTP server of this API (Kyuubi's clients call http://<it>), not " + value));
    }

    private static Set<String> admins(String value) {
        return Set.copyOf(list(value));
    }

    /** A comma-separated list, blanks dropped. */
    private static List<String> list(String value) {
        return value == null ? List.of() : Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(entry -> !entry.isEmpty())
                .toList();
    }

    /** A folder URI ends with a slash, so that names resolve inside it. */
    private static URI folder(String value) {
        return URI.create(value.endsWith("/") ? value : value + "/");
    }

    /**
     * On Lambda above the sync function's 60 s timeout: a shorter grace would let a sync take over a
     * submit another sync had claimed and might still be making (two steps for one batch).
     */
    private static Duration submitGrace(Map<String, String> env) {
        int seconds = optional(env, SUBMIT_GRACE_SECONDS).map(value -> positiveInt(SUBMIT_GRACE_SECONDS, value))
                .orElse(DEFAULT_SUBMIT_GRACE_SECONDS);
        if (optional(env, FUNCTION_NAME).isPresent() && seconds <= MAX_SYNC_SECONDS) {
            throw new IllegalStateException(SUBMIT_GRACE_SECONDS + " must be above " + MAX_SYNC_SECONDS
                    + " (the state sync function's timeout) on Lambda, not " + seconds);
        }
        return Duration.ofSeconds(seconds);
    }

    private static int positiveInt(String name, String value) {
        try {
            int number = Integer.parseInt(value.trim());
            if (number > 0) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalStateException(name + " must be a positive whole number, not " + value);
    }

    private static String required(Map<String, String> env, String name) {
        return optional(env, name).orElseThrow(() -> new IllegalStateException(
                "environment variable " + name + " is not set"));
    }

    private static Optional<String> optional(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(value -> !value.isEmpty());
    }
}
