package dev.batchapi.local.awsjson;

import java.util.Objects;

/** An error a test makes the server answer instead of running an operation (see {@link AwsJsonServer#failNext}). */
public record AwsFault(int status, String errorCode, String message) {

    public AwsFault {
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(message, "message");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a fault answers a 4xx or 5xx status, not " + status);
        }
    }

    /**
     * A throttling answer: HTTP 400 with the service's own code, e.g. EMR's {@code ThrottlingException}
     * or DynamoDB's {@code ProvisionedThroughputExceededException}. The SDK retries it, with backoff.
     */
    public static AwsFault throttling(String errorCode, String message) {
        return new AwsFault(400, errorCode, message);
    }

    /** A 500; the SDK retries it too, and then throws the service's InternalServerErrorException. */
    public static AwsFault internalError(String message) {
        return new AwsFault(500, "InternalServerError", message);
    }

    AwsServiceException toException() {
        return new AwsServiceException(status, errorCode, message);
    }
}
