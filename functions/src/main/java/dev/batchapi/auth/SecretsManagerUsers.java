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
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * The users kept in one Secrets Manager secret, a flat JSON object of user name to password hash
 * ({@code {"alice": "pbkdf2-sha256$600000$…"}}: what the console's key/value editor writes). Read
 * again after {@link #REFRESH}, so an added user or a changed password takes effect within minutes
 * without a deployment. An entry that is not a valid hash is left out and logged, never the secret.
 * If the secret cannot be read again, the users last read stay in force and the read is retried
 * after {@link #RETRY}; with none read yet, the failure stands (nobody is let in).
 */
public final class SecretsManagerUsers implements UserDirectory {

    static final Duration REFRESH = Duration.ofMinutes(5);
    static final Duration RETRY = Duration.ofSeconds(30);
    private static final JsonLimits SECRET_LIMITS = new JsonLimits(2, 4096);

    private final SecretsManagerClient secrets;
    private final String secretId;
    private final Clock clock;
    private Map<String, PasswordHash> users;
    private Instant readAgainAt;

    public SecretsManagerUsers(SecretsManagerClient secrets, String secretId, Clock clock) {
        this.secrets = secrets;
        this.secretId = secretId;
        this.clock = clock;
    }

    @Override
    public synchronized Map<String, PasswordHash> users() {
        Instant now = clock.instant();
        if (users == null || !now.isBefore(readAgainAt)) {
            try {
                users = read();
                readAgainAt = now.plus(REFRESH);
            } catch (SdkException e) {
                if (users == null) {
                    throw e;
                }
                OpsLog.warn("auth.users.stale", e, "secret", secretId, "retryInSeconds", RETRY.toSeconds());
                readAgainAt = now.plus(RETRY);
            }
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
            OpsLog.error("auth.users.unreadable", null, "secret", secretId,
                    "reason", "the secret is not a JSON object of user name to password hash: nobody can sign in");
            return Map.of();
        }
        Map<String, PasswordHash> read = new HashMap<>();
        entries.forEach((user, hash) -> {
            try {
                read.put((String) user, PasswordHash.parse(String.valueOf(hash)));
            } catch (IllegalArgumentException e) {
                OpsLog.warn("auth.users.entry.skipped", null, "secret", secretId, "user", user, "reason", e.getMessage());
            }
        });
        OpsLog.info("auth.users.read", "secret", secretId, "users", read.size());
        return Map.copyOf(read);
    }
}
