package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.batchapi.config.AuthMode;
import dev.batchapi.errors.UnauthorizedException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallerResolverTest {

    @Test
    void namesIamPrincipals() {
        assertThat(CallerResolver.iamPrincipalName("arn:aws:iam::123456789012:user/alice")).contains("alice");
        assertThat(CallerResolver.iamPrincipalName("arn:aws:iam::123456789012:user/team/data/bob")).contains("bob");
        assertThat(CallerResolver.iamPrincipalName("arn:aws:sts::123456789012:assumed-role/Airflow/i-0abc"))
                .contains("Airflow");
        assertThat(CallerResolver.iamPrincipalName("arn:aws-cn:sts::123456789012:federated-user/carol")).contains("carol");
        assertThat(CallerResolver.iamPrincipalName("arn:aws:iam::123456789012:root")).contains("root");
        assertThat(CallerResolver.iamPrincipalName("not-an-arn")).isEmpty();
        assertThat(CallerResolver.iamPrincipalName(null)).isEmpty();
    }

    @Test
    void iamModeTakesTheVerifiedPrincipalAndIgnoresAnAuthorizationHeader() {
        CallerResolver resolver = new CallerResolver(AuthMode.IAM);

        assertThat(resolver.resolve(request("arn:aws:iam::1:user/alice", basic("mallory:x"))).user()).isEqualTo("alice");
        assertThatThrownBy(() -> resolver.resolve(request(null, basic("mallory:x"))))
                .isInstanceOf(UnauthorizedException.class)
                .hasMessage("The request carries no verified IAM identity");
    }

    @Test
    void withoutAuthenticationTheBasicUserIsTakenAsGivenOrAnonymous() {
        CallerResolver resolver = new CallerResolver(AuthMode.NONE);

        assertThat(resolver.resolve(request(null, basic("bob:secret"))).user()).isEqualTo("bob");
        assertThat(resolver.resolve(request(null, "BASIC " + encode("kyuubi-user:"))).user()).isEqualTo("kyuubi-user");
        assertThat(resolver.resolve(request(null, basic("nopassword"))).user()).isEqualTo("nopassword");
        assertThat(resolver.resolve(request(null, null)).user()).isEqualTo("anonymous");
        assertThat(resolver.resolve(request(null, "Bearer abc")).user()).isEqualTo("anonymous");
        assertThat(resolver.resolve(request(null, basic(":x"))).user()).isEqualTo("anonymous");
        assertThatThrownBy(() -> resolver.resolve(request(null, "Basic !!!")))
                .isInstanceOf(UnauthorizedException.class);
    }

    private static HttpRequest request(String arn, String authorization) {
        Map<String, String> headers = authorization == null ? Map.of() : Map.of("authorization", authorization);
        return new HttpRequest("GET", "/api/v1/batches", Map.of(), Map.of(), headers, new byte[0], "r", arn);
    }

    private static String basic(String credentials) {
        return "Basic " + encode(credentials);
    }

    private static String encode(String credentials) {
        return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }
}
