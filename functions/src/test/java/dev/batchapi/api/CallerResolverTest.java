package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.batchapi.config.AuthMode;
import dev.batchapi.config.RequiredClaim;
import dev.batchapi.errors.ForbiddenException;
import dev.batchapi.errors.UnauthorizedException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallerResolverTest {

    @Test
    void namesIamPrincipalsKeepingTheirType() {
        assertThat(CallerResolver.iamPrincipalName("arn:aws:iam::123456789012:user/alice")).contains("alice");
        assertThat(CallerResolver.iamPrincipalName("arn:aws:iam::123456789012:user/team/data/bob")).contains("bob");
        assertThat(CallerResolver.iamPrincipalName("arn:aws:sts::123456789012:assumed-role/Airflow/i-0abc"))
                .contains("role/Airflow");
        // A federated user's name is the caller's choice: it must never equal a user's or an admin's.
        assertThat(CallerResolver.iamPrincipalName("arn:aws-cn:sts::123456789012:federated-user/admin"))
                .contains("federated-user/admin");
        assertThat(CallerResolver.iamPrincipalName("arn:aws:iam::123456789012:root")).contains("account/123456789012");
    }

    @Test
    void aRoleOrTheRootNamedLikeAUserIsNotThatUser() {
        assertThat(CallerResolver.iamPrincipalName("arn:aws:sts::123456789012:assumed-role/alice/alice")).contains("role/alice");
        assertThat(CallerResolver.iamPrincipalName("arn:aws:sts::123456789012:assumed-role/root/s")).contains("role/root");
        assertThat(CallerResolver.iamPrincipalName("arn:aws:iam::123456789012:user/root")).contains("root");
        assertThat(CallerResolver.iamPrincipalName("arn:aws:iam::123456789012:root")).isNotEqualTo(Optional.of("root"));
    }

    @Test
    void anArnThatIsNoCallerOfAKnownTypeNamesNobody() {
        assertThat(CallerResolver.iamPrincipalName("arn:aws:iam::123456789012:role/alice")).isEmpty();
        assertThat(CallerResolver.iamPrincipalName("arn:aws:sts::123456789012:assumed-role/Airflow")).isEmpty();
        assertThat(CallerResolver.iamPrincipalName("arn:aws:sts::123456789012:assumed-role//s")).isEmpty();
        assertThat(CallerResolver.iamPrincipalName("arn:aws:iam::123456789012:user/")).isEmpty();
        assertThat(CallerResolver.iamPrincipalName("arn:aws:iam:::root")).isEmpty();
        assertThat(CallerResolver.iamPrincipalName("not-an-arn")).isEmpty();
        assertThat(CallerResolver.iamPrincipalName(null)).isEmpty();
    }

    @Test
    void iamModeTakesTheVerifiedPrincipalAndIgnoresAnAuthorizationHeader() {
        CallerResolver resolver = new CallerResolver(AuthMode.IAM, "sub", Optional.empty());

        assertThat(resolver.resolve(iamRequest("arn:aws:iam::1:user/alice", basic("mallory:x"))).user()).isEqualTo("alice");
        assertThatThrownBy(() -> resolver.resolve(iamRequest(null, basic("mallory:x"))))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage("The request carries no verified IAM identity");
    }

    @Test
    void withoutAuthenticationTheBasicUserIsTakenAsGivenOrAnonymous() {
        CallerResolver resolver = new CallerResolver(AuthMode.NONE, "sub", Optional.empty());

        assertThat(resolver.resolve(iamRequest(null, basic("bob:secret"))).user()).isEqualTo("bob");
        assertThat(resolver.resolve(iamRequest(null, "BASIC " + encode("kyuubi-user:"))).user()).isEqualTo("kyuubi-user");
        assertThat(resolver.resolve(iamRequest(null, basic("nopassword"))).user()).isEqualTo("nopassword");
        assertThat(resolver.resolve(iamRequest(null, null)).user()).isEqualTo("anonymous");
        assertThat(resolver.resolve(iamRequest(null, "Bearer abc")).user()).isEqualTo("anonymous");
        assertThat(resolver.resolve(iamRequest(null, basic(":x"))).user()).isEqualTo("anonymous");
        assertThat(resolver.resolve(iamRequest(null, "Basic")).user()).isEqualTo("anonymous");
        assertThatThrownBy(() -> resolver.resolve(iamRequest(null, "Basic !!!")))
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void jwtModeTakesTheConfiguredClaimOfTheVerifiedToken() {
        CallerResolver resolver = new CallerResolver(AuthMode.JWT, "username", Optional.empty());
        Map<String, String> claims = Map.of("sub", "5f2a-uuid", "username", "dana", "iss", "https://issuer");

        assertThat(resolver.resolve(request(new AuthorizerContext(null, claims, Map.of()), basic("mallory:x"))).user())
                .isEqualTo("dana");
        assertThat(new CallerResolver(AuthMode.JWT, "sub", Optional.empty())
                .resolve(request(new AuthorizerContext(null, claims, Map.of()), null)).user()).isEqualTo("5f2a-uuid");
        assertThatThrownBy(() -> resolver.resolve(request(new AuthorizerContext(null, Map.of("sub", "x"), Map.of()), null)))
                .isInstanceOf(UnauthorizedException.class).hasMessage("The token carries no username claim");
        // A bearer token the handler would have to verify itself is not an identity.
        assertThatThrownBy(() -> resolver.resolve(request(AuthorizerContext.NONE, "Bearer eyJ1c2VybmFtZSI6Im1hbGxvcnkifQ")))
                .isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void jwtModeWithARequiredClaimAdmitsOnlyTokensCarryingItsValue() {
        CallerResolver resolver = new CallerResolver(AuthMode.JWT, "sub",
                Optional.of(RequiredClaim.parse("cognito:groups=batch-users")));

        assertThat(resolver.resolve(jwtRequest(Map.of("sub", "u1", "cognito:groups", "[admins batch-users]"))).user())
                .isEqualTo("u1");
        for (Map<String, String> claims : List.of(Map.of("sub", "u2", "cognito:groups", "[batch-users-old]"),
                Map.of("sub", "u3", "cognito:groups", "analysts"), Map.of("sub", "u4"))) {
            assertThatThrownBy(() -> resolver.resolve(jwtRequest(claims))).as(claims.toString())
                    .isInstanceOf(ForbiddenException.class)
                    .hasMessage("The token's cognito:groups claim does not include batch-users, which this deployment requires");
        }
        // Who the caller is comes first: a token without the user claim is still 401.
        assertThatThrownBy(() -> resolver.resolve(jwtRequest(Map.of("cognito:groups", "[batch-users]"))))
                .isInstanceOf(UnauthorizedException.class);
    }

    private static HttpRequest jwtRequest(Map<String, String> claims) {
        return request(new AuthorizerContext(null, claims, Map.of()), null);
    }

    @Test
    void basicModeTakesOnlyTheUserTheAuthorizerVerified() {
        CallerResolver resolver = new CallerResolver(AuthMode.BASIC, "sub", Optional.empty());

        assertThat(resolver.resolve(request(new AuthorizerContext(null, Map.of(), Map.of("user", "erin")), basic("mallory:x")))
                .user()).isEqualTo("erin");
        UnauthorizedException refused = catchThrowableOfType(UnauthorizedException.class, () -> resolver.resolve(request(
                new AuthorizerContext(null, Map.of(), Map.of("refusal", "Invalid user name or password")), basic("erin:bad"))));
        assertThat(refused.getMessage()).isEqualTo("Invalid user name or password");
        assertThat(refused.headers()).containsEntry("WWW-Authenticate", "Basic realm=\"batch-api\", charset=\"UTF-8\"");
        // No authorizer on the route: the Basic header alone proves nothing.
        assertThatThrownBy(() -> resolver.resolve(request(AuthorizerContext.NONE, basic("mallory:x"))))
                .isInstanceOf(UnauthorizedException.class).hasMessage("Authentication required");
    }

    @Test
    void noModeButNoneReadsAUserFromHeadersTheCallerWrote() {
        Map<String, String> forged = Map.of("authorization", basic("mallory:x"), "x-user", "mallory",
                "x-amzn-oidc-identity", "mallory", "x-forwarded-user", "mallory", "remote-user", "mallory");
        for (AuthMode mode : new AuthMode[] {AuthMode.IAM, AuthMode.JWT, AuthMode.BASIC}) {
            HttpRequest request = new HttpRequest("GET", "/api/v1/batches", Map.of(), Map.of(), forged, new byte[0], "r",
                    AuthorizerContext.NONE, null);
            assertThatThrownBy(() -> new CallerResolver(mode, "sub", Optional.empty()).resolve(request)).as(mode.name())
                    .isInstanceOf(UnauthorizedException.class);
        }
    }

    private static HttpRequest iamRequest(String arn, String authorization) {
        return request(new AuthorizerContext(arn, Map.of(), Map.of()), authorization);
    }

    private static HttpRequest request(AuthorizerContext authorizer, String authorization) {
        Map<String, String> headers = authorization == null ? Map.of() : Map.of("authorization", authorization);
        return new HttpRequest("GET", "/api/v1/batches", Map.of(), Map.of(), headers, new byte[0], "r", authorizer, null);
    }

    private static String basic(String credentials) {
        return "Basic " + encode(credentials);
    }

    private static String encode(String credentials) {
        return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
