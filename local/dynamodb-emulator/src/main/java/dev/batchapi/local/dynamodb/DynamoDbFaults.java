package dev.batchapi.local.dynamodb;

import dev.batchapi.local.awsjson.AwsFault;

/**
 * DynamoDB's answers when it will not serve a call now, for a test to inject with
 * {@code AwsJsonServer.failNext}, e.g. {@code server.failNext("UpdateItem", 3, DynamoDbFaults.provisionedThroughputExceeded())}.
 */
public final class DynamoDbFaults {

    private DynamoDbFaults() {
    }

    /** What a table or index answers reads or writes beyond its capacity; the SDK retries it. */
    public static AwsFault provisionedThroughputExceeded() {
        return AwsFault.throttling("ProvisionedThroughputExceededException", "The level of configured provisioned"
                + " throughput for the table was exceeded. Consider increasing your provisioning level with the"
                + " UpdateTable API.");
    }

    /** What DynamoDB answers calls made faster than it allows (e.g. of the table operations); the SDK retries it. */
    public static AwsFault throttling() {
        return AwsFault.throttling("ThrottlingException", "Rate of requests exceeds the allowed throughput.");
    }

    /** DynamoDB's 500; the SDK retries it, and then throws InternalServerErrorException. */
    public static AwsFault internalError() {
        return AwsFault.internalError("Internal server error");
    }
}
