package dev.batchapi.config;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The deployment's settings, read once per container from environment variables (the template sets
 * them; the README's configuration table lists them). Each variable is read here and nowhere else.
 *
 * @param dynamoDbEndpoint set only to point the functions at a local stand-in
 * @param emrEndpoint set only to point the functions at a local stand-in
 * @param s3Endpoint set only to point the functions at a local stand-in
 * @param appUrlTemplate where a step can be followed, with {clusterId} and {stepId}; empty: EMR console
 * @param uploadLocation where uploaded resource files go ({@code s3://bucket/prefix/} or a
 *     {@code file:} folder); empty: upload is disabled
 */
public record Config(
        String region,
        String tableName,
        String clusterId,
        AuthMode authMode,
        Set<String> admins,
        String instance,
        Duration retention,
        Duration submitGrace,
        Optional<URI> dynamoDbEndpoint,
        Optional<URI> emrEndpoint,
        Optional<URI> s3Endpoint,
        Optional<String> appUrlTemplate,
        Optional<URI> uploadLocation) {

    public static final String REGION = "AWS_REGION";
    public static final String FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME";
    public static final String TABLE = "BATCH_TABLE";
    public static final String CLUSTER_ID = "EMR_CLUSTER_ID";
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

    static final int DEFAULT_RETENTION_DAYS = 90;
    /** Four times the create function's 30 s timeout: no submit can still be under way by then. */
    static final int DEFAULT_SUBMIT_GRACE_SECONDS = 120;

    public Config {
        admins = Set.copyOf(admins);
    }

    public static Config fromEnvironment(Map<String, String> env) {
        String region = required(env, REGION);
        return new Config(
                region,
                required(env, TABLE),
                required(env, CLUSTER_ID),
                authMode(env.get(AUTH_MODE)),
                admins(env.get(ADMIN_USERS)),
                optional(env, INSTANCE).orElseGet(() -> region + "/" + optional(env, FUNCTION_NAME).orElse("local")),
                Duration.ofDays(optional(env, RETENTION_DAYS)
                        .map(value -> positiveInt(RETENTION_DAYS, value)).orElse(DEFAULT_RETENTION_DAYS)),
                Duration.ofSeconds(optional(env, SUBMIT_GRACE_SECONDS)
                        .map(value -> positiveInt(SUBMIT_GRACE_SECONDS, value)).orElse(DEFAULT_SUBMIT_GRACE_SECONDS)),
                optional(env, DYNAMODB_ENDPOINT).map(URI::create),
                optional(env, EMR_ENDPOINT).map(URI::create),
                optional(env, S3_ENDPOINT).map(URI::create),
                optional(env, APP_URL_TEMPLATE),
                optional(env, UPLOAD_LOCATION).map(Config::folder));
    }

    private static AuthMode authMode(String value) {
        if (value == null || value.isBlank()) {
            return AuthMode.IAM;
        }
        try {
            return AuthMode.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(AUTH_MODE + " must be one of " + Arrays.toString(AuthMode.values())
                    + ", not " + value);
        }
    }

    private static Set<String> admins(String value) {
        return value == null ? Set.of() : Arrays.stream(value.split(","))
                .map(String::trim)
                .filter(user -> !user.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    /** A folder URI ends with a slash, so that names resolve inside it. */
    private static URI folder(String value) {
        return URI.create(value.endsWith("/") ? value : value + "/");
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
