package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.support.ApiEvents;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.BasicAuthGateway;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.TestApi;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each auth mode through the real functions: who is let in, who is refused (status and body), and
 * that no function takes a user from a header the caller wrote when authentication is on.
 */
class AuthModesIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final String BODY = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}";
    private static final String CHALLENGE = "Basic realm=\"batch-api\", charset=\"UTF-8\"";
    /** The claims of a Cognito access token, as API Gateway's JWT authorizer passes them on. */
    private static final Map<String, String> CAROL = Map.of("sub", "0b7c1e4a-uuid", "username", "carol",
            "iss", "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Example", "token_use", "access");

    private static TestApi iam;
    private static TestApi basic;
    private static BasicAuthGateway gateway;
    private static TestApi jwt;
    private static TestApi none;

    @BeforeAll
    static void deployments() {
        aws.users(Map.of("alice", "alice-pw", "bob", "bob-pw", "dave", "dave-pw", LocalAws.ADMIN, "admin-pw"));
        iam = new TestApi(aws.context(Map.of("AUTH_MODE", "IAM", "ADMIN_USERS", LocalAws.ADMIN + ",role/Operators")));
        basic = new TestApi(aws.context(Map.of("AUTH_MODE", "BASIC")));
        gateway = new BasicAuthGateway(aws.context(Map.of("AUTH_MODE", "BASIC")));
        jwt = new TestApi(aws.context(Map.of("AUTH_MODE", "JWT", "USER_CLAIM", "username")));
        none = new TestApi(aws.context(Map.of("AUTH_MODE", "NONE")));
    }

    @Test
    void iamTheSigningPrincipalIsTheUser() {
        ApiResponse created = iam.create("alice", BODY);

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json()).containsEntry("user", "alice");
        assertThat(iam.list("alice").status()).isEqualTo(200);
    }

    @Test
    void iamARequestWithoutAVerifiedPrincipalIsRefused() {
        var before = aws.tableItems();

        ApiResponse refused = iam.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(BODY)
                .withBasicAuth("alice", "alice-pw").build());

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json()).isEqualTo(Map.of("message", "The request carries no verified IAM identity"));
        assertThat(aws.tableItems()).isEqualTo(before);
    }

    @Test
    void iamHeadersNamingAnotherUserAreIgnored() {
        ApiResponse created = iam.createEvent(forged(ApiEvents.request("POST", "/api/v1/batches").json(BODY))
                .asIamUser("alice").build());

        assertThat(created.json()).containsEntry("user", "alice");
    }
    @Test
    void iamARoleOrTheRootNamedLikeTheAdminIsNotTheAdmin() {
        String batch = iam.create("alice", BODY).string("id");
        var before = aws.tableItems();

        ApiResponse byRole = iamKill(batch, "arn:aws:sts::123456789012:assumed-role/" + LocalAws.ADMIN + "/" + LocalAws.ADMIN);

        assertThat(byRole.status()).isEqualTo(403);
        assertThat(byRole.json()).isEqualTo(Map.of("message",
                "Failed to validate proxy privilege of role/" + LocalAws.ADMIN + " for alice"));
        assertThat(aws.tableItems()).isEqualTo(before);
        assertThat(iam.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(BODY)
                .asIamPrincipal("arn:aws:iam::123456789012:root").build()).json())
                .containsEntry("user", "account/123456789012");
    }

    @Test
    void iamARoleListedAsRoleSlashNameIsAnAdminWhateverTheSession() {
        String batch = iam.create("alice", BODY).string("id");

        ApiResponse byOperator = iamKill(batch, "arn:aws:sts::123456789012:assumed-role/Operators/dana");
        ApiResponse created = iam.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(BODY)
                .asIamPrincipal("arn:aws:sts::123456789012:assumed-role/Airflow/run-42").build());

        assertThat(byOperator.json()).containsEntry("success", true);
        assertThat(created.json()).containsEntry("user", "role/Airflow");
    }

    private static ApiResponse iamKill(String batch, String principalArn) {
        return iam.killEvent(ApiEvents.request("DELETE", "/api/v1/batches/" + batch).pathParameter("batchId", batch)
                .asIamPrincipal(principalArn).build());
    }

    @Test
    void basicVerifiedCredentialsNameTheUser() {
        ApiResponse created = basicCreate(ApiEvents.request("POST", "/api/v1/batches").json(BODY).withBasicAuth("alice", "alice-pw"));
        ApiResponse listed = basic.listEvent(gateway.authorize(ApiEvents.request("GET", "/api/v1/batches")
                .query("batchUser", "alice").withBasicAuth("alice", "alice-pw").build()));

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json()).containsEntry("user", "alice");
        assertThat(listed.status()).isEqualTo(200);
    }

    @Test
    void basicWrongMissingOrMalformedCredentialsAre401WithAChallengeAndStoreNoBatch() {
        var before = aws.batchItems();

        assertUnauthorized(basicCreate(ApiEvents.request("POST", "/api/v1/batches").json(BODY).withBasicAuth("alice", "bob-pw")),
                "Invalid user name or password");
        assertUnauthorized(basicCreate(ApiEvents.request("POST", "/api/v1/batches").json(BODY).withBasicAuth("mallory", "x")),
                "Invalid user name or password");
        assertUnauthorized(basicCreate(ApiEvents.request("POST", "/api/v1/batches").json(BODY)),
                "Authentication required: send your user name and password as HTTP Basic credentials");
        assertUnauthorized(basicCreate(ApiEvents.request("POST", "/api/v1/batches").json(BODY).header("authorization", "Basic ???")),
                "The Authorization header is not valid Basic credentials");
        assertUnauthorized(basic.getEvent(gateway.authorize(ApiEvents.request("GET", "/api/v1/batches/x")
                .pathParameter("batchId", "x").build())),
                "Authentication required: send your user name and password as HTTP Basic credentials");
        assertThat(aws.batchItems()).isEqualTo(before);
    }

    @Test
    void basicAfterRepeatedFailuresTheRightPasswordIs401SayingToWaitAndStoresNoBatch() {
        for (int i = 0; i < 5; i++) {
            assertUnauthorized(basicCreate(ApiEvents.request("POST", "/api/v1/batches").json(BODY).withBasicAuth("dave", "guess-" + i)),
                    "Invalid user name or password");
        }
        var before = aws.batchItems();

        ApiResponse refused = basicCreate(ApiEvents.request("POST", "/api/v1/batches").json(BODY).withBasicAuth("dave", "dave-pw"));

        assertThat(refused.message()).matches("Too many failed sign-ins for this user name: wait [0-9]+ seconds before trying again");
        assertUnauthorized(refused, refused.message());
        assertThat(aws.batchItems()).isEqualTo(before);
    }

    @Test
    void basicTheFunctionsDoNotReadTheAuthorizationHeaderThemselves() {
        // Valid credentials that did not pass the authorizer (no route authorizer): still nobody.
        ApiResponse unverified = basic.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(BODY)
                .withBasicAuth("alice", "alice-pw").build());
        // A context the caller cannot write, set as if by another authorizer with other keys.
        ApiResponse foreign = basic.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(BODY)
                .withAuthorizerContext(Map.of("principalId", "alice", "username", "alice")).build());

        assertUnauthorized(unverified, "Authentication required");
        assertUnauthorized(foreign, "Authentication required");
    }

    @Test
    void basicHeadersNamingAnotherUserAreIgnored() {
        ApiResponse created = basicCreate(forged(ApiEvents.request("POST", "/api/v1/batches").json(BODY))
                .withBasicAuth("alice", "alice-pw"));

        assertThat(created.json()).containsEntry("user", "alice");
    }

    @Test
    void basicOnlyTheOwnerOrAnAdminMayKill() {
        String batch = basicCreate(ApiEvents.request("POST", "/api/v1/batches").json(BODY).withBasicAuth("alice", "alice-pw"))
                .string("id");
        var before = aws.tableItems();

        ApiResponse byBob = basicKill(batch, "bob", "bob-pw", null);

        assertThat(byBob.status()).isEqualTo(403);
        assertThat(byBob.json()).isEqualTo(Map.of("message", "Failed to validate proxy privilege of bob for alice"));
        assertThat(aws.tableItems()).isEqualTo(before);
        assertThat(basicKill(batch, LocalAws.ADMIN, "admin-pw", null).json()).containsEntry("success", true);
    }

    @Test
    void basicOnlyAnAdminMayKillAsTheOwnerWithTheHiveProxyUser() {
        String batch = basicCreate(ApiEvents.request("POST", "/api/v1/batches").json(BODY).withBasicAuth("alice", "alice-pw"))
                .string("id");

        ApiResponse byBob = basicKill(batch, "bob", "bob-pw", "alice");
        ApiResponse byAdmin = basicKill(batch, LocalAws.ADMIN, "admin-pw", "alice");

        assertThat(byBob.status()).isEqualTo(403);
        assertThat(byBob.message()).isEqualTo("Failed to validate proxy privilege of bob for alice");
        assertThat(byAdmin.json()).containsEntry("success", true);
    }

    @Test
    void basicOnlyAnAdminMaySubmitAsAnotherUser() {
        String asBob = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\","
                + "\"conf\":{\"kyuubi.session.proxy.user\":\"bob\"}}";
        String asAlice = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\","
                + "\"conf\":{\"hive.server2.proxy.user\":\"alice\"}}";
        var before = aws.tableItems();

        ApiResponse byAlice = basicCreate(ApiEvents.request("POST", "/api/v1/batches").json(asBob).withBasicAuth("alice", "alice-pw"));
        ApiResponse byBob = basicCreate(ApiEvents.request("POST", "/api/v1/batches").json(asAlice).withBasicAuth("bob", "bob-pw"));

        assertThat(byAlice.status()).isEqualTo(403);
        assertThat(byAlice.json()).isEqualTo(Map.of("message", "Failed to validate proxy privilege of alice for bob"));
        assertThat(byBob.json()).isEqualTo(Map.of("message", "Failed to validate proxy privilege of bob for alice"));
        assertThat(aws.tableItems()).isEqualTo(before);

        assertThat(basicCreate(ApiEvents.request("POST", "/api/v1/batches").json(asBob).withBasicAuth(LocalAws.ADMIN, "admin-pw"))
                .json()).containsEntry("user", "bob");
        assertThat(basicCreate(ApiEvents.request("POST", "/api/v1/batches").json(asAlice).withBasicAuth(LocalAws.ADMIN, "admin-pw"))
                .json()).containsEntry("user", "alice");
    }

    private static ApiResponse basicCreate(ApiEvents request) {
        return basic.createEvent(gateway.authorize(request.build()));
    }

    private static ApiResponse basicKill(String batch, String user, String password, String proxyUser) {
        ApiEvents request = ApiEvents.request("DELETE", "/api/v1/batches/" + batch).pathParameter("batchId", batch)
                .withBasicAuth(user, password);
        if (proxyUser != null) {
            request.query("hive.server2.proxy.user", proxyUser);
        }
        return basic.killEvent(gateway.authorize(request.build()));
    }

    @Test
    void jwtTheConfiguredClaimOfTheVerifiedTokenIsTheUser() {
        ApiResponse created = jwt.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(BODY)
                .withJwtClaims(CAROL).build());

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json()).containsEntry("user", "carol");
    }

    @Test
    void jwtARequestWithoutTheClaimIsRefused() {
        var before = aws.tableItems();

        ApiResponse noToken = jwt.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(BODY)
                .header("authorization", "Bearer eyJhbGciOiJub25lIn0.eyJ1c2VybmFtZSI6ImNhcm9sIn0.").build());
        ApiResponse noClaim = jwt.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(BODY)
                .withJwtClaims(Map.of("sub", "0b7c1e4a-uuid")).build());

        assertThat(noToken.status()).isEqualTo(401);
        assertThat(noToken.json()).isEqualTo(Map.of("message", "The token carries no username claim"));
        assertThat(noClaim.status()).isEqualTo(401);
        assertThat(aws.tableItems()).isEqualTo(before);
    }

    @Test
    void jwtWithARequiredClaimATokenWithoutItsValueIs403AndStoresNothing() {
        TestApi groupOnly = new TestApi(aws.context(Map.of("AUTH_MODE", "JWT", "USER_CLAIM", "username",
                "JWT_REQUIRED_CLAIM", "cognito:groups=batch-users")));
        Map<String, String> member = new HashMap<>(CAROL);
        member.put("cognito:groups", "[analysts batch-users]");
        Map<String, String> outsider = new HashMap<>(CAROL);
        outsider.put("cognito:groups", "[analysts]");
        var before = aws.tableItems();

        ApiResponse refused = groupOnly.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(BODY)
                .withJwtClaims(outsider).build());
        ApiResponse noGroups = groupOnly.listEvent(ApiEvents.request("GET", "/api/v1/batches").withJwtClaims(CAROL).build());

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json()).isEqualTo(Map.of("message",
                "The token's cognito:groups claim does not include batch-users, which this deployment requires"));
        assertThat(noGroups.status()).isEqualTo(403);
        assertThat(aws.tableItems()).isEqualTo(before);
        assertThat(groupOnly.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(BODY)
                .withJwtClaims(member).build()).json()).containsEntry("user", "carol");
    }

    @Test
    void jwtHeadersNamingAnotherUserAreIgnored() {
        ApiResponse created = jwt.createEvent(forged(ApiEvents.request("POST", "/api/v1/batches").json(BODY))
                .withJwtClaims(CAROL).build());

        assertThat(created.json()).containsEntry("user", "carol");
    }
    @Test
    void noneTheBasicUserIsTakenAsGivenAndAnonymousWithoutOne() {
        ApiResponse asBob = none.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(BODY)
                .withBasicAuth("bob", "anything").build());
        ApiResponse anonymous = none.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(BODY).build());

        assertThat(asBob.json()).containsEntry("user", "bob");
        assertThat(anonymous.json()).containsEntry("user", "anonymous");
    }

    @Test
    void noneCredentialsThatAreNotBasicCredentialsAreRefused() {
        ApiResponse refused = none.createEvent(ApiEvents.request("POST", "/api/v1/batches").json(BODY)
                .header("authorization", "Basic ***").build());

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.json()).isEqualTo(Map.of("message", "The Authorization header is not valid Basic credentials"));
    }
    /** Headers a caller might write to claim another identity: every one must be ignored. */
    private static ApiEvents forged(ApiEvents request) {
        return request.header("x-user", LocalAws.ADMIN)
                .header("x-remote-user", LocalAws.ADMIN)
                .header("x-forwarded-user", LocalAws.ADMIN)
                .header("x-amzn-oidc-identity", LocalAws.ADMIN)
                .header("proxy-user", LocalAws.ADMIN);
    }

    private static void assertUnauthorized(ApiResponse response, String message) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.json()).isEqualTo(Map.of("message", message));
        assertThat(response.headers()).containsEntry("WWW-Authenticate", CHALLENGE)
                .containsEntry("Content-Type", "application/json; charset=utf-8");
    }
}
