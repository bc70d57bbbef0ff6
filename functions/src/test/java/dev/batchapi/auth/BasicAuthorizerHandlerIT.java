package dev.batchapi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.support.BasicAuthGateway;
import dev.batchapi.local.awsjson.AwsFault;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The BASIC authorizer as API Gateway calls it (payload 2.0, simple response): it always lets the
 * request on, with the verified user, or the reason there is none, for the function to answer 401.
 */
class BasicAuthorizerHandlerIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static BasicAuthGateway authorizer;

    @BeforeAll
    static void users() {
        aws.users(Map.of("alice", "alice-pw"));
        authorizer = new BasicAuthGateway(aws.context(Map.of("AUTH_MODE", "BASIC")));
    }

    @Test
    void goodCredentials() {
        assertThat(authorize(Map.of("authorization", "Basic " + BasicCredentialsTest.encode("alice:alice-pw"))))
                .isEqualTo(Map.of("user", "alice"));
    }

    @Test
    void badCredentials() {
        assertThat(authorize(Map.of("authorization", "Basic " + BasicCredentialsTest.encode("alice:wrong"))))
                .isEqualTo(Map.of("refusal", "Invalid user name or password"));
    }

    @Test
    void malformedCredentials() {
        assertThat(authorize(Map.of("authorization", "Basic not*base64")))
                .isEqualTo(Map.of("refusal", "The Authorization header is not valid Basic credentials"));
    }

    @Test
    void missingCredentials() {
        assertThat(authorize(Map.of("user-agent", "curl/8")))
                .isEqualTo(Map.of("refusal", BasicAuthenticator.MISSING));
        assertThat(authorize(null)).isEqualTo(Map.of("refusal", BasicAuthenticator.MISSING));
    }

    @Test
    void aClaimedUserInTheRequestIsNotAnIdentity() {
        Map<String, String> headers = new HashMap<>();
        headers.put("x-user", "alice");
        headers.put("user", "alice");
        assertThat(authorize(headers)).isEqualTo(Map.of("refusal", BasicAuthenticator.MISSING));
    }

    @Test
    void anEventThatIsNotJsonIsAnsweredNotThrown() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BasicAuthorizerHandler(aws.context(Map.of("AUTH_MODE", "BASIC")))
                .handleRequest(new ByteArrayInputStream("{not json".getBytes(StandardCharsets.UTF_8)), out, null);

        assertThat(Json.parse(out.toString(StandardCharsets.UTF_8), new JsonLimits(4, 1024)))
                .isEqualTo(Map.of("isAuthorized", true, "context", Map.of("refusal", "The request could not be read")));
    }

    @Test
    void withoutTheUsersSecretItRefusesToStart() {
        assertThatThrownBy(() -> new BasicAuthorizerHandler(aws.context(Map.of("USERS_SECRET", " "))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("USERS_SECRET");
    }

    /**
     * Failed sign-ins, counted in the table, through authorizers on a clock the test moves: each test
     * its own user names, and one clock per test.
     */
    @Nested
    class FailureBackoff {

        private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T09:00:00Z"));
        private final BasicAuthGateway container = new BasicAuthGateway(aws.contextAt(clock, Map.of("AUTH_MODE", "BASIC")));
        private final BasicAuthGateway otherContainer =
                new BasicAuthGateway(aws.contextAt(clock, Map.of("AUTH_MODE", "BASIC")));

        @BeforeEach
        void users() {
            aws.users(Map.of("alice", "alice-pw", "bob", "bob-pw", "carol", "carol-pw"));
            aws.forgetSignInFailures();
        }

        @Test
        void afterFiveFailuresEvenTheRightPasswordIsRefusedUncheckedUntilTheWaitIsOver() {
            failFiveTimes(container, "alice");

            assertThat(signIn(container, "alice", "alice-pw")).isEqualTo(waiting(30));
            assertThat(signIn(container, "alice", "sixth-guess")).as("the same words, right password or not")
                    .isEqualTo(waiting(30));
            clock.advance(Duration.ofSeconds(29));
            assertThat(signIn(container, "alice", "alice-pw")).isEqualTo(waiting(1));
            clock.advance(Duration.ofSeconds(1));
            assertThat(signIn(container, "alice", "alice-pw")).isEqualTo(Map.of("user", "alice"));
        }

        @Test
        void theWaitDoublesWithEachFurtherFailureUpToFifteenMinutes() {
            failFiveTimes(container, "bob");
            for (int wait : new int[] {30, 60, 120, 240, 480, 900, 900}) {
                assertThat(signIn(container, "bob", "bob-pw")).isEqualTo(waiting(wait));
                clock.advance(Duration.ofSeconds(wait));
                assertThat(signIn(container, "bob", "guess-after-" + wait)).isEqualTo(wrong());
            }
        }

        @Test
        void aSuccessClearsTheCount() {
            for (int i = 0; i < 4; i++) {
                assertThat(signIn(container, "carol", "guess-" + i)).isEqualTo(wrong());
            }
            assertThat(signIn(container, "carol", "carol-pw")).isEqualTo(Map.of("user", "carol"));
            for (int i = 4; i < 8; i++) {
                assertThat(signIn(container, "carol", "guess-" + i)).isEqualTo(wrong());
            }

            assertThat(signIn(otherContainer, "carol", "carol-pw")).isEqualTo(Map.of("user", "carol"));
        }

        @Test
        void aDayWithoutFailureForgetsTheCountAndTheItemCarriesItsExpiry() {
            for (int i = 0; i < 4; i++) {
                assertThat(signIn(container, "alice", "guess-" + i)).isEqualTo(wrong());
            }
            assertThat(aws.signInFailureItems()).singleElement().satisfies(item -> {
                assertThat(item.get("pk").s()).startsWith("auth#").doesNotContain("alice");
                assertThat(item.get("expireAt").n()).isEqualTo(Long.toString(clock.instant().plus(Duration.ofDays(1)).getEpochSecond()));
            });
            // The TTL removes an expired item within days, not at once: until then it counts for nothing.
            clock.advance(Duration.ofDays(1));

            assertThat(signIn(container, "alice", "guess-4")).isEqualTo(wrong());
            assertThat(signIn(container, "alice", "alice-pw")).isEqualTo(Map.of("user", "alice"));
        }

        @Test
        void theCountHoldsAcrossAuthorizerContainers() {
            failFiveTimes(otherContainer, "bob");

            assertThat(signIn(container, "bob", "bob-pw")).isEqualTo(waiting(30));
        }

        @Test
        void aHeaderAlreadyVerifiedKeepsWorkingWhileItsUserWaits() {
            assertThat(signIn(container, "carol", "carol-pw")).isEqualTo(Map.of("user", "carol"));
            failFiveTimes(otherContainer, "carol");

            assertThat(signIn(container, "carol", "carol-pw")).isEqualTo(Map.of("user", "carol"));
            assertThat(authorize(container, "BASIC " + BasicCredentialsTest.encode("carol:carol-pw"))).isEqualTo(waiting(30));
        }

        @Test
        void anUnknownUserNameWaitsAlikeSoTheWaitTellsNoNameExists() {
            failFiveTimes(container, "mallory");

            assertThat(signIn(container, "mallory", "anything")).isEqualTo(waiting(30));
        }

        @Test
        void aStoreThatCannotBeReadOrWrittenNeitherLetsAnyoneInNorLocksAnyoneOut() {
            failFiveTimes(container, "alice");
            AwsFault denied = new AwsFault(400, "AccessDeniedException", "not authorized to perform: dynamodb:GetItem");
            aws.dynamoDbServer().failNext("GetItem", 2, denied);
            aws.dynamoDbServer().failNext("UpdateItem", 1, denied);

            assertThat(signIn(container, "alice", "seventh-guess")).isEqualTo(wrong());
            assertThat(signIn(container, "alice", "alice-pw")).isEqualTo(Map.of("user", "alice"));
            assertThat(signIn(otherContainer, "alice", "alice-pw")).as("read again: the count stands").isEqualTo(waiting(30));
        }

        private void failFiveTimes(BasicAuthGateway authorizer, String user) {
            for (int i = 0; i < 5; i++) {
                assertThat(signIn(authorizer, user, "guess-" + i)).isEqualTo(wrong());
            }
        }

        private Map<String, Object> signIn(BasicAuthGateway authorizer, String user, String password) {
            return authorize(authorizer, "Basic " + BasicCredentialsTest.encode(user + ":" + password));
        }

        private static Map<String, Object> waiting(int seconds) {
            return Map.of("refusal", "Too many failed sign-ins for this user name: wait " + seconds + " seconds before trying again");
        }

        private static Map<String, Object> wrong() {
            return Map.of("refusal", "Invalid user name or password");
        }
    }

    private static Map<String, Object> authorize(Map<String, String> headers) {
        return authorize(authorizer, headers);
    }

    private static Map<String, Object> authorize(BasicAuthGateway gateway, String authorization) {
        return authorize(gateway, Map.of("authorization", authorization));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> authorize(BasicAuthGateway gateway, Map<String, String> headers) {
        Map<String, Object> answer = gateway.answer(headers, "GET /api/v1/batches");
        assertThat(answer.get("isAuthorized")).isEqualTo(true);
        return (Map<String, Object>) answer.get("context");
    }
}
