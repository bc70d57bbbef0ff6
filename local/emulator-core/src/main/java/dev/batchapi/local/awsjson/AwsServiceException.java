package dev.batchapi.local.awsjson;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An error answer of an emulated service: the HTTP status, the error code the SDK maps to a typed
 * exception (the {@code __type} of the body), the message, and any further members the service puts
 * in its error body (DynamoDB's {@code Item}, {@code CancellationReasons}).
 */
public class AwsServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String errorCode;
    private final transient ObjectNode bodyMembers;

    public AwsServiceException(int status, String errorCode, String message) {
        this(status, errorCode, message, JsonNodeFactory.instance.objectNode());
    }

    public AwsServiceException(int status, String errorCode, String message, ObjectNode bodyMembers) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
        this.bodyMembers = bodyMembers.deepCopy();
    }

    public int status() {
        return status;
    }

    public String errorCode() {
        return errorCode;
    }

    public ObjectNode bodyMembers() {
        return bodyMembers.deepCopy();
    }
}
