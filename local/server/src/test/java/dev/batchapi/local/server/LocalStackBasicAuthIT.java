package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.json.Json;
import dev.batchapi.json.JsonLimits;
import dev.batchapi.support.OpenApiContract;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack in BASIC mode, as {@code --users-file} starts it: the template's authorizer checks
 * every request's credentials against the users file, over HTTP as a Kyuubi client sends them; with
 * {@code --read-access OWNER_OR_ADMIN}, only owners and admins read a batch.
 */
class LocalStackBasicAuthIT {

    private static final String CHALLENGE = "Basic realm=\"batch-api\", charset=\"UTF-8\"";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path dataDir;
    private static StackProcess stack;

    @BeforeAll
    static void start() throws Exception {
        Path users = UsersFile.write(dataDir.resolve("users.json"),
                Map.of("alice", "alice-pw", "admin", "admin-pw", "erin", "erin-pw", "carol", "carol-pw"));
        stack = StackProcess.start(Path.of("target", "local-stack-basic-it.log"),
                "--data-dir", dataDir.resolve("data").toString(), "--users-file", users.toString(), "--admins", "admin",
                "--read-access", "OWNER_OR_ADMIN");
    }

    @AfterAll
    static void stop() throws Exception {
        stack.stop();
        assertThat(stack.started()).allSatisfy(process -> assertThat(process.isAlive()).isFalse());
    }

    @Test
    void goodCredentialsAreTheUser() throws Exception {
        HttpResponse<String> listed = get("/batches?batchUser=alice", "BASIC " + encode("alice:alice-pw"));
        HttpResponse<String> created = post("/batches", "Basic " + encode("alice:alice-pw"),
                "{\"batchType\":\"SPARK\",\"resource\":\"/nowhere/app.jar\",\"className\":\"a.B\"}");

        assertThat(listed.statusCode()).isEqualTo(200);
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        assertThat(json(created)).containsEntry("user", "alice");
    }

    @Test
    void theOpenApiDocumentNeedsNoCredentialsAndReadsNone() throws Exception {
        for (String authorization : new String[] {null, "Basic " + encode("alice:wrong"), "Basic @@@"}) {
            HttpResponse<String> document = get("/openapi.json", authorization);

            assertThat(document.statusCode()).as(authorization).isEqualTo(200);
            assertThat(document.headers().firstValue("WWW-Authenticate")).isEmpty();
            assertThat(document.body()).isEqualTo(OpenApiContract.DOCUMENT.text());
        }
    }

    @Test
    void missingWrongAndMalformedCredentialsAre401WithAChallenge() throws Exception {
        assertUnauthorized(get("/batches", null),
                "Authentication required: send your user name and password as HTTP Basic credentials");
        assertUnauthorized(get("/batches", "Basic " + encode("alice:wrong")), "Invalid user name or password");
        assertUnauthorized(get("/batches", "Basic " + encode("bob:alice-pw")), "Invalid user name or password");
        assertUnauthorized(get("/batches", "Basic @@@"), "The Authorization header is not valid Basic credentials");
    }

    /** The authorizer keeps its counts in the stack's batch table, as on AWS. */
    @Test
    void afterFiveFailuresTheRightPasswordIsRefusedSayingToWait() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertUnauthorized(get("/batches", "Basic " + encode("erin:guess-" + i)), "Invalid user name or password");
        }

        HttpResponse<String> refused = get("/batches", "Basic " + encode("erin:erin-pw"));

        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).contains(CHALLENGE);
        assertThat((String) json(refused).get("message"))
                .matches("Too many failed sign-ins for this user name: wait [0-9]+ seconds before trying again");
    }

    @Test
    void withOwnerOrAdminReadsAnotherUsersBatchAndLogAre403() throws Exception {
        String id = (String) json(post("/batches", "Basic " + encode("alice:alice-pw"),
                "{\"batchType\":\"SPARK\",\"resource\":\"/nowhere/app.jar\",\"className\":\"a.B\"}")).get("id");

        for (String path : new String[] {"/batches/" + id, "/batches/" + id + "/localLog"}) {
            HttpResponse<String> refused = get(path, "Basic " + encode("carol:carol-pw"));
            assertThat(refused.statusCode()).as(path).isEqualTo(403);
            assertThat(json(refused)).isEqualTo(Map.of("message", "Failed to validate proxy privilege of carol for alice"));
            assertThat(get(path, "Basic " + encode("alice:alice-pw")).statusCode()).as(path).isEqualTo(200);
            assertThat(get(path, "Basic " + encode("admin:admin-pw")).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    void aNonAdminMayNotSubmitAsAnotherUser() throws Exception {
        String asBob = "{\"batchType\":\"SPARK\",\"resource\":\"/nowhere/app.jar\",\"className\":\"a.B\","
                + "\"conf\":{\"kyuubi.session.proxy.user\":\"bob\"}}";

        HttpResponse<String> refused = post("/batches", "Basic " + encode("alice:alice-pw"), asBob);

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused)).isEqualTo(Map.of("message", "Failed to validate proxy privilege of alice for bob"));
        assertThat(json(post("/batches", "Basic " + encode("admin:admin-pw"), asBob))).containsEntry("user", "bob");
    }

    private static void assertUnauthorized(HttpResponse<String> response, String message) {
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains(CHALLENGE);
        assertThat(json(response)).isEqualTo(Map.of("message", message));
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(stack.api() + path)).GET(), authorization);
    }

    private static HttpResponse<String> post(String path, String authorization, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(stack.api() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), authorization);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request, String authorization) throws Exception {
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return StackClient.checked(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) {
        return (Map<String, Object>) Json.parse(response.body(), new JsonLimits(32, Integer.MAX_VALUE));
    }

    private static String encode(String credentials) {
        return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
