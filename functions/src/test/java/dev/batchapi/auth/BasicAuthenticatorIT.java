package dev.batchapi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.local.awsjson.AwsFault;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.MutableClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.SecretsManagerException;

/** Basic credentials checked against the users secret, read through the real SDK client. */
class BasicAuthenticatorIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
    private final SecretsManagerClient secrets = aws.awsClients().secretsManager();
    private final AtomicInteger verifications = new AtomicInteger();
    private BasicAuthenticator authenticator;

    @BeforeEach
    void users() {
        aws.users(Map.of("alice", "alice-pw", "bob", "bob-pw"));
        aws.secretsServer().resetCallCounts();
        aws.forgetSignInFailures();
        authenticator = new BasicAuthenticator(new CountingLookups(new SecretsManagerUsers(secrets, LocalAws.USERS_SECRET, clock)),
                new SignInBackoff(aws.dynamoDb(), LocalAws.TABLE, clock));
    }

    /** Counts the checks that look a user up: a remembered verdict does not. */
    private final class CountingLookups implements UserDirectory {

        private final UserDirectory source;
        private Map<String, PasswordHash> read;
        private Map<String, PasswordHash> view;

        CountingLookups(UserDirectory source) {
            this.source = source;
        }

        @Override
        public synchronized Map<String, PasswordHash> users() {
            Map<String, PasswordHash> users = source.users();
            if (users != read) {
                read = users;
                view = new AbstractMap<>() {
                    @Override
                    public PasswordHash get(Object user) {
                        verifications.incrementAndGet();
                        return users.get(user);
                    }

                    @Override
                    public Set<Entry<String, PasswordHash>> entrySet() {
                        return users.entrySet();
                    }
                };
            }
            return view;
        }
    }

    @Test
    void goodCredentialsNameTheUser() {
        assertThat(authenticator.authenticate(basic("alice:alice-pw"))).isEqualTo(Authentication.verified("alice"));
        assertThat(authenticator.authenticate("BASIC " + BasicCredentialsTest.encode("bob:bob-pw")))
                .isEqualTo(Authentication.verified("bob"));
    }

    @Test
    void aWrongPasswordAndAnUnknownUserAreRefusedAlike() {
        assertThat(authenticator.authenticate(basic("alice:bob-pw"))).isEqualTo(Authentication.refused(BasicAuthenticator.WRONG));
        assertThat(authenticator.authenticate(basic("mallory:alice-pw"))).isEqualTo(Authentication.refused(BasicAuthenticator.WRONG));
        assertThat(authenticator.authenticate(basic("alice:"))).isEqualTo(Authentication.refused(BasicAuthenticator.WRONG));
    }

    @Test
    void missingAndMalformedCredentialsAreRefusedWithoutReadingTheSecret() {
        assertThat(authenticator.authenticate(null)).isEqualTo(Authentication.refused(BasicAuthenticator.MISSING));
        assertThat(authenticator.authenticate("Bearer abc")).isEqualTo(Authentication.refused(BasicAuthenticator.MISSING));
        assertThat(authenticator.authenticate("Basic %%%"))
                .isEqualTo(Authentication.refused("The Authorization header is not valid Basic credentials"));
        assertThat(authenticator.authenticate("Basic"))
                .isEqualTo(Authentication.refused(BasicAuthenticator.MISSING));
        assertThat(verifications).hasValue(0);
        assertThat(aws.secretsServer().callCount("GetSecretValue")).isZero();
    }

    @Test
    void verdictsAreRememberedUntilTheSecretIsReadAgainFiveMinutesLater() {
        for (int i = 0; i < 5; i++) {
            assertThat(authenticator.authenticate(basic("alice:alice-pw")).user()).contains("alice");
            assertThat(authenticator.authenticate(basic("alice:guess")).user()).isEmpty();
        }
        assertThat(verifications).hasValue(2);
        assertThat(aws.secretsServer().callCount("GetSecretValue")).isEqualTo(1);

        // A changed password: the old one still passes until the secret is read again ...
        aws.users(Map.of("alice", "new-pw"));
        clock.advance(Duration.ofMinutes(4));
        assertThat(authenticator.authenticate(basic("alice:alice-pw")).user()).contains("alice");
        assertThat(aws.secretsServer().callCount("GetSecretValue")).isEqualTo(1);
        assertThat(verifications).hasValue(2);

        // ... and no longer once it was: every verdict is forgotten with the old list.
        clock.advance(Duration.ofMinutes(1));
        assertThat(authenticator.authenticate(basic("alice:alice-pw")).user()).isEmpty();
        assertThat(authenticator.authenticate(basic("alice:new-pw")).user()).contains("alice");
        assertThat(aws.secretsServer().callCount("GetSecretValue")).isEqualTo(2);
        assertThat(verifications).hasValue(4);
    }

    @Test
    void whenTheSecretCannotBeReadAgainTheUsersLastReadStayAndTheReadIsRetriedSoon() {
        assertThat(authenticator.authenticate(basic("alice:alice-pw")).user()).contains("alice");
        clock.advance(Duration.ofMinutes(5));
        aws.secretsServer().failNext("GetSecretValue", 3, AwsFault.internalError("We encountered an internal error."));

        assertThat(authenticator.authenticate(basic("bob:bob-pw")).user()).contains("bob");
        long reads = aws.secretsServer().callCount("GetSecretValue");
        clock.advance(Duration.ofSeconds(10));
        assertThat(authenticator.authenticate(basic("bob:bob-pw")).user()).contains("bob");
        assertThat(aws.secretsServer().callCount("GetSecretValue")).isEqualTo(reads);

        clock.advance(Duration.ofSeconds(30));
        authenticator.authenticate(basic("bob:bob-pw"));
        assertThat(aws.secretsServer().callCount("GetSecretValue")).isEqualTo(reads + 1);
    }

    @Test
    void withNoUsersReadYetAnUnreadableSecretLetsNobodyIn() {
        aws.secretsServer().failNext("GetSecretValue", 3, AwsFault.internalError("We encountered an internal error."));

        assertThatThrownBy(() -> authenticator.authenticate(basic("alice:alice-pw")))
                .isInstanceOf(SecretsManagerException.class);
    }

    @Test
    void anEntryThatIsNotAHashLetsNobodyInUnderThatName() {
        secrets.putSecretValue(request -> request.secretId(LocalAws.USERS_SECRET).secretString(
                "{\"carol\":\"carol-pw\",\"dave\":" + "\"" + PasswordHash.create("dave-pw", 1_000, new SecureRandom())
                        + "\"}"));

        assertThat(authenticator.authenticate(basic("carol:carol-pw")).user()).isEmpty();
        assertThat(authenticator.authenticate(basic("dave:dave-pw")).user()).contains("dave");
    }

    @Test
    void aSecretThatIsNotAJsonObjectLetsNobodyIn() {
        secrets.putSecretValue(request -> request.secretId(LocalAws.USERS_SECRET).secretString("alice:alice-pw"));

        assertThat(authenticator.authenticate(basic("alice:alice-pw"))).isEqualTo(Authentication.refused(BasicAuthenticator.WRONG));
    }

    private static String basic(String credentials) {
        return "Basic " + BasicCredentialsTest.encode(credentials);
    }
}
