package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.batchapi.support.ApiEvents;
import org.junit.jupiter.api.Test;

class MethodNotAllowedHandlerTest {

    @Test
    void anyOtherMethodOnAnApiPathIsA405NamingMethodAndPath() {
        APIGatewayV2HTTPResponse response = new MethodNotAllowedHandler()
                .handleRequest(ApiEvents.request("PATCH", "/api/v1/batches/x/localLog").build(), null);

        assertThat(response.getStatusCode()).isEqualTo(405);
        assertThat(response.getHeaders()).containsEntry("Content-Type", "application/json; charset=utf-8");
        assertThat(response.getBody()).isEqualTo("{\"message\":\"Method PATCH is not allowed on /api/v1/batches/x/localLog\"}");
    }
}
