package dev.batchapi.local.awsjson;

/** The errors every AWS JSON service answers in the same words, whatever the service. */
public final class AwsErrors {

    private static final int CLIENT_ERROR = 400;

    private AwsErrors() {
    }

    /** A request the service understood but refuses. */
    public static AwsServiceException validation(String message) {
        return new AwsServiceException(CLIENT_ERROR, "ValidationException", message);
    }

    /** A request body the service cannot even decode: not JSON, or a member of the wrong JSON type. */
    public static AwsServiceException serialization(String message) {
        return new AwsServiceException(CLIENT_ERROR, "SerializationException", message);
    }

    public static AwsServiceException unknownOperation(String target) {
        return new AwsServiceException(CLIENT_ERROR, "UnknownOperationException", "Unknown operation " + target);
    }

    /**
     * A member that breaks a constraint of the service's API model, in the words of AWS's request
     * validation, e.g. {@code 1 validation error detected: Value null at 'clusterId' failed to satisfy
     * constraint: Member must not be null}.
     *
     * @param value the value as sent; null when the member is missing
     */
    public static AwsServiceException constraintViolated(MemberPath path, Object value, String constraint) {
        String shown = value == null ? "null" : "'" + value + "'";
        return validation("1 validation error detected: Value " + shown + " at '" + path
                + "' failed to satisfy constraint: " + constraint);
    }
}
