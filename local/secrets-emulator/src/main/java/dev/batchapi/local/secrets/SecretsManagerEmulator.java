package dev.batchapi.local.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchapi.local.awsjson.AwsErrors;
import dev.batchapi.local.awsjson.AwsJsonService;
import dev.batchapi.local.awsjson.AwsServiceException;
import dev.batchapi.local.awsjson.EpochSeconds;
import dev.batchapi.local.awsjson.LocalAccount;
import dev.batchapi.local.awsjson.MemberPath;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Secrets Manager, in memory: secrets with a string value, found by name or ARN, each new value a
 * new current version. Answers in the service's own words where a client can see them (the ARN with
 * its six-character suffix, {@code ResourceNotFoundException}, {@code ResourceExistsException}).
 */
public final class SecretsManagerEmulator implements AwsJsonService {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String NOT_FOUND = "Secrets Manager can't find the specified secret.";

    private final Map<String, Secret> byName = new ConcurrentHashMap<>();
    private final Clock clock;

    public SecretsManagerEmulator(Clock clock) {
        this.clock = clock;
    }

    /** Creates a secret; returns its ARN. */
    public String createSecret(String name, String value) {
        Secret secret = new Secret(LocalAccount.arn("secretsmanager", "secret:" + name + "-" + suffix()), name,
                UUID.randomUUID().toString(), value, clock.instant());
        if (byName.putIfAbsent(name, secret) != null) {
            throw new AwsServiceException(400, "ResourceExistsException",
                    "The operation failed because the secret " + name + " already exists.");
        }
        return secret.arn();
    }

    /** Gives a secret a new current value. */
    public void putSecretValue(String secretId, String value) {
        Secret current = find(secretId);
        byName.put(current.name(), new Secret(current.arn(), current.name(), UUID.randomUUID().toString(), value,
                clock.instant()));
    }

    @Override
    public String targetPrefix() {
        return "secretsmanager";
    }

    @Override
    public String jsonVersion() {
        return "1.1";
    }

    @Override
    public Set<String> operations() {
        return Set.of("CreateSecret", "PutSecretValue", "GetSecretValue");
    }

    @Override
    public ObjectNode handle(String operation, JsonNode request) {
        return switch (operation) {
            case "CreateSecret" -> {
                createSecret(required(request, "Name"), required(request, "SecretString"));
                yield describe(find(required(request, "Name")), false);
            }
            case "PutSecretValue" -> {
                putSecretValue(required(request, "SecretId"), required(request, "SecretString"));
                yield describe(find(required(request, "SecretId")), false);
            }
            case "GetSecretValue" -> describe(find(required(request, "SecretId")), true);
            default -> throw AwsErrors.unknownOperation(targetPrefix() + "." + operation);
        };
    }

    private Secret find(String secretId) {
        return Optional.ofNullable(byName.get(secretId))
                .or(() -> byName.values().stream().filter(secret -> secret.arn().equals(secretId)).findFirst())
                .orElseThrow(() -> new AwsServiceException(400, "ResourceNotFoundException", NOT_FOUND));
    }

    private static ObjectNode describe(Secret secret, boolean withValue) {
        ObjectNode answer = JSON.objectNode()
                .put("ARN", secret.arn())
                .put("Name", secret.name())
                .put("VersionId", secret.versionId());
        answer.putArray("VersionStages").add("AWSCURRENT");
        if (withValue) {
            answer.put("SecretString", secret.value());
            answer.put("CreatedDate", EpochSeconds.of(secret.created()));
        }
        return answer;
    }

    private static String required(JsonNode request, String member) {
        JsonNode value = request.get(member);
        if (value == null || value.isNull()) {
            throw AwsErrors.constraintViolated(MemberPath.ROOT.member(member), null, "Member must not be null");
        }
        if (!value.isTextual()) {
            throw AwsErrors.serialization("Member " + member + " must be a string");
        }
        return value.asText();
    }

    /** Secrets Manager ends every secret's ARN with a dash and six random characters. */
    private static String suffix() {
        String alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder suffix = new StringBuilder(6);
        for (int i = 0; i < 6; i++) {
            suffix.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return suffix.toString();
    }

    private record Secret(String arn, String name, String versionId, String value, Instant created) {
    }
}
