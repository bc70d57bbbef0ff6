package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchapi.local.awsjson.AwsErrors;
import dev.batchapi.local.awsjson.AwsServiceException;
import java.util.List;
import java.util.stream.Collectors;

/** The error answers of DynamoDB, with its codes and, where known, its exact messages. */
final class ServiceErrors {

    private static final int CLIENT_ERROR = 400;

    private ServiceErrors() {
    }

    static AwsServiceException validation(String message) {
        return AwsErrors.validation(message);
    }

    /** A parameter value DynamoDB rejects with its common "One or more parameter values were invalid" prefix. */
    static AwsServiceException invalidParameter(String detail) {
        return validation("One or more parameter values were invalid: " + detail);
    }

    /** An expression DynamoDB could not accept; {@code expression} is the request member, e.g. UpdateExpression. */
    static AwsServiceException invalidExpression(String expression, String detail) {
        return validation("Invalid " + expression + ": " + detail);
    }

    /** A feature this emulator leaves out: answered loudly rather than silently ignored. */
    static AwsServiceException unsupported(String what) {
        return validation("The DynamoDB emulator does not support " + what);
    }

    static AwsServiceException resourceNotFound() {
        return resourceNotFound("Requested resource not found");
    }

    static AwsServiceException resourceNotFound(String message) {
        return new AwsServiceException(CLIENT_ERROR, "ResourceNotFoundException", message);
    }

    /** What the continuous backup operations answer for a missing table. */
    static AwsServiceException tableNotFound(String table) {
        return new AwsServiceException(CLIENT_ERROR, "TableNotFoundException", "Table not found: " + table);
    }

    static AwsServiceException resourceInUse(String message) {
        return new AwsServiceException(CLIENT_ERROR, "ResourceInUseException", message);
    }

    /**
     * A failed ConditionExpression; with ReturnValuesOnConditionCheckFailure=ALL_OLD DynamoDB adds the
     * item as it was ({@code item}, null when there was none) as the {@code Item} member of the body.
     */
    static AwsServiceException conditionalCheckFailed(Item item) {
        ObjectNode members = JsonNodeFactory.instance.objectNode();
        if (item != null) {
            members.set("Item", AttributeValueJson.toJson(item));
        }
        return withBodyMembers("ConditionalCheckFailedException", "The conditional request failed", members);
    }

    /** A cancelled transaction: the message lists the reason codes, the body carries the reasons in full. */
    static AwsServiceException transactionCanceled(List<CancellationReason> reasons) {
        ObjectNode members = JsonNodeFactory.instance.objectNode();
        reasons.forEach(reason -> members.withArray("CancellationReasons").add(reason.toJson()));
        return withBodyMembers("TransactionCanceledException",
                "Transaction cancelled, please refer cancellation reasons for specific reasons "
                        + reasons.stream().map(CancellationReason::code).collect(Collectors.joining(", ", "[", "]")),
                members);
    }

    /** An error whose body has members beyond the message. */
    private static AwsServiceException withBodyMembers(String code, String message, ObjectNode members) {
        return new AwsServiceException(CLIENT_ERROR, code, message, members);
    }
}
