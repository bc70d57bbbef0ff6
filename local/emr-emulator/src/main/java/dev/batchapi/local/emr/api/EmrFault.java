package dev.batchapi.local.emr.api;

import dev.batchapi.local.awsjson.AwsFault;
import java.util.Objects;

/** An error a test makes the emulator answer instead of doing an operation: EMR's words for an {@link AwsFault}. */
public record EmrFault(int status, String errorCode, String message) {

    public EmrFault {
        Objects.requireNonNull(errorCode, "errorCode");
        Objects.requireNonNull(message, "message");
    }

    /** EMR's throttling answer; the SDK retries it, with backoff. */
    public static EmrFault throttling() {
        return new EmrFault(400, "ThrottlingException", "Rate exceeded");
    }

    /** EMR's 500; the SDK retries it too, and then throws InternalServerErrorException. */
    public static EmrFault internalError() {
        return new EmrFault(500, "InternalServerError", "Internal error");
    }

    /** The fault as the server answers it. */
    public AwsFault toAwsFault() {
        return new AwsFault(status, errorCode, message);
    }
}
