package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.batchapi.config.Config;
import dev.batchapi.support.ApiEvents;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MethodNotAllowedHandlerTest {

    @Test
    void anyOtherMethodOnAnApiPathIsA405NamingMethodAndPath() {
        APIGatewayV2HTTPResponse response = handler("IAM")
                .handleRequest(ApiEvents.request("PATCH", "/api/v1/batches/x/localLog").asIamUser("alice").build(), null);

        assertThat(response.getStatusCode()).isEqualTo(405);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json; charset=utf-8");
        assertThat(response.getBody()).isEqualTo("{\"message\":\"Method PATCH is not allowed on /api/v1/batches/x/localLog\"}");
        assertThat(response.getHeaders()).containsEntry("Allow", "GET");
    }

    @Test
    void a405SaysInAllowWhatThePathServes() {
        assertThat(handler("IAM").handleRequest(ApiEvents.request("PUT", "/api/v1/batches").asIamUser("alice").build(), null)
                .getHeaders()).containsEntry("Allow", "GET, POST");
        assertThat(handler("IAM").handleRequest(ApiEvents.request("POST", "/api/v1/batches/b1").asIamUser("alice").build(), null)
                .getHeaders()).containsEntry("Allow", "GET, DELETE");
    }

    @Test
    void aCallerTheDeploymentDoesNotAcceptHears401First() {
        APIGatewayV2HTTPResponse response = handler("BASIC").handleRequest(ApiEvents.request("PUT", "/api/v1/batches")
                .withAuthorizerContext(Map.of("refusal", "Invalid user name or password")).build(), null);

        assertThat(response.getStatusCode()).isEqualTo(401);
        assertThat(response.getHeaders()).containsKey("WWW-Authenticate");
        assertThat(response.getBody()).isEqualTo("{\"message\":\"Invalid user name or password\"}");
        assertThat(handler("NONE").handleRequest(ApiEvents.request("PUT", "/api/v1/batches").build(), null)
                .getStatusCode()).isEqualTo(405);
    }

    private static MethodNotAllowedHandler handler(String authMode) {
        return new MethodNotAllowedHandler(Config.fromEnvironment(Map.of(
                "AWS_REGION", "us-east-1", "BATCH_TABLE", "batches", "EMR_CLUSTER_ID", "j-ABC", "AUTH_MODE", authMode)));
    }
}
