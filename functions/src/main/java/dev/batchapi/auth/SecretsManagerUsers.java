package dev.batchapi.auth;

import dev.batchapi.telemetry.OpsLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
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
        UserList list;
        try {
            list = UserList.parse(secrets.getSecretValue(request -> request.secretId(secretId)).secretString());
        } catch (IllegalArgumentException e) {
            OpsLog.error("auth.users.unreadable", null, "secret", secretId,
                    "reason", "the secret is " + e.getMessage() + ": nobody can sign in");
            return Map.of();
        }
        list.rejected().forEach((user, reason) ->
                OpsLog.warn("auth.users.entry.skipped", null, "secret", secretId, "user", user, "reason", reason));
        OpsLog.info("auth.users.read", "secret", secretId, "users", list.users().size());
        return list.users();
    }
}
