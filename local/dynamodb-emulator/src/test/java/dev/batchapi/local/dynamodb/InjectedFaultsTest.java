package dev.batchapi.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.InternalServerErrorException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

/** DynamoDB's faults as a test injects them through the server, and as the SDK sees them. */
class InjectedFaultsTest extends DynamoDbClientTest {

    private static final Map<String, AttributeValue> KEY = item("pk", s("a"));

    @BeforeEach
    void createJobsTable() {
        createTable("jobs", "pk", null);
    }

    @Test
    void aThrottledWriteIsRetriedByTheSdkAndThenDone() {
        server.failNext("UpdateItem", 1, DynamoDbFaults.provisionedThroughputExceeded());

        client.updateItem(request -> request.tableName("jobs").key(KEY).updateExpression("SET v = :one")
                .expressionAttributeValues(Map.of(":one", n("1"))));

        assertThat(server.callCount("UpdateItem")).isEqualTo(2);
        assertThat(get("jobs", KEY)).containsEntry("v", n("1"));
    }

    @Test
    void eachFaultReachesACallerThatDoesNotRetryAsItsTypedException() {
        server.failNext("PutItem", 1, DynamoDbFaults.provisionedThroughputExceeded());
        server.failNext("PutItem", 1, DynamoDbFaults.throttling());
        server.failNext("PutItem", 1, DynamoDbFaults.internalError());

        try (DynamoDbClient once = clientBuilderFor(server)
                .overrideConfiguration(config -> config.retryStrategy(AwsRetryStrategy.doNotRetry())).build()) {
            assertThatThrownBy(() -> once.putItem(request -> request.tableName("jobs").item(KEY)))
                    .isInstanceOf(ProvisionedThroughputExceededException.class);
            assertThatThrownBy(() -> once.putItem(request -> request.tableName("jobs").item(KEY)))
                    .isInstanceOfSatisfying(DynamoDbException.class, error -> {
                        assertThat(error.statusCode()).isEqualTo(400);
                        assertThat(error.awsErrorDetails().errorCode()).isEqualTo("ThrottlingException");
                    });
            assertThatThrownBy(() -> once.putItem(request -> request.tableName("jobs").item(KEY)))
                    .isInstanceOf(InternalServerErrorException.class);
        }
        assertThat(get("jobs", KEY)).as("faulted calls change nothing").isEmpty();
    }
}
