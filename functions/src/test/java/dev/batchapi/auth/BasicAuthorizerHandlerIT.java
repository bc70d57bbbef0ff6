package dev.batchapi.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.support.BasicAuthGateway;
import dev.batchapi.support.LocalAws;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
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

    @SuppressWarnings("unchecked")
    private static Map<String, Object> authorize(Map<String, String> headers) {
        Map<String, Object> answer = authorizer.answer(headers, "GET /api/v1/batches");
        assertThat(answer.get("isAuthorized")).isEqualTo(true);
        return (Map<String, Object>) answer.get("context");
    }
}
