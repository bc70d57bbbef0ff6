package dev.batchapi.auth;

import dev.batchapi.json.Json;
import dev.batchapi.json.JsonException;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.telemetry.OpsLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The users kept in one Secrets Manager secret, a flat JSON object of user name to password hash
 * ({@code {"alice": "pbkdf2-sha256$600000$…"}}: what the console's key/value editor writes). Read
 * again after {@link #REFRESH}, so an added user or a changed password takes effect within minutes
 * without a deployment. An entry that is not a valid hash is left out and logged, never the secret.
 */
public final class SecretsManagerUsers implements UserDirectory {

    static final Duration REFRESH = Duration.ofMinutes(5);
    private static final JsonLimits SECRET_LIMITS = new JsonLimits(2, 4096);

    private final SecretsManagerClient secrets;
    private final String secretId;
    private final Clock clock;
    private Map<String, PasswordHash> users;
    private Instant readAt;

    public SecretsManagerUsers(SecretsManagerClient secrets, String secretId, Clock clock) {
        this.secrets = secrets;
        this.secretId = secretId;
        this.clock = clock;
    }

    @Override
    public synchronized Map<String, PasswordHash> users() {
        Instant now = clock.instant();
        if (users == null || !now.isBefore(readAt.plus(REFRESH))) {
            users = read();
            readAt = now;
        }
        return users;
    }

    private Map<String, PasswordHash> read() {
        String text = secrets.getSecretValue(request -> request.secretId(secretId)).secretString();
        Object parsed;
        try {
            parsed = text == null ? null : Json.parse(text, SECRET_LIMITS);
        } catch (JsonException e) {
            parsed = null;
        }
        if (!(parsed instanceof Map<?, ?> entries)) {
            OpsLog.info("auth.users.unreadable", "secret", secretId,
                    "reason", "the secret is not a JSON object of user name to password hash");
            return Map.of();
        }
        Map<String, PasswordHash> read = new HashMap<>();
        entries.forEach((user, hash) -> {
            try {
                read.put((String) user, PasswordHash.parse(String.valueOf(hash)));
            } catch (IllegalArgumentException e) {
                OpsLog.info("auth.users.entry.skipped", "secret", secretId, "user", user, "reason", e.getMessage());
            }
        });
        OpsLog.info("auth.users.read", "secret", secretId, "users", read.size());
        return Map.copyOf(read);
    }
}
