package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.TestApi;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

class GetBatchIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private final TestApi api = new TestApi(aws.context());

    @Test
    void anyAuthenticatedUserGetsABatchAndUpperCaseIdsAreAnsweredInLowerCase() {
        String id = api.create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}")
                .string("id");

        ApiResponse byBob = api.get("bob", id.toUpperCase());

        assertThat(byBob.status()).isEqualTo(200);
        assertThat(byBob.json()).containsEntry("id", id).containsEntry("user", "alice").containsEntry("state", "PENDING");
    }

    @Test
    void dynamoDbThrottlingBeyondTheSdksRetriesIsA429() {
        String id = api.create("alice", "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}")
                .string("id");
        aws.faults().interleaveBefore(request -> request instanceof GetItemRequest, () -> {
            throw ProvisionedThroughputExceededException.builder()
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException").build())
                    .message("The level of configured provisioned throughput for the table was exceeded.")
                    .statusCode(400)
                    .build();
        });

        ApiResponse response = api.get("alice", id);

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.json()).isEqualTo(Map.of("message", "The service is busy; try again in a few seconds"));
    }

    @Test
    void anIdThatIsNotAUuidIsNotFound() {
        ApiResponse response = api.get("alice", "not-a-uuid");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json()).isEqualTo(Map.of("message", "Invalid batchId: not-a-uuid"));
    }

    @Test
    void anUnknownIdIsNotFound() {
        String id = UUID.randomUUID().toString();

        ApiResponse response = api.get("alice", id);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.message()).isEqualTo("Invalid batchId: " + id);
    }
}
