package dev.batchapi.support;

import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Which of the store's DynamoDB calls a request is, for tests that crash or interleave before one. */
public final class StoreCalls {

    private StoreCalls() {
    }

    /** The write that records a batch's step id (its update expression sets stepId). */
    public static boolean recordsAStep(SdkRequest request) {
        if (!(request instanceof UpdateItemRequest update)) {
            return false;
        }
        String sets = update.updateExpression().split(" REMOVE | ADD ")[0];
        return sets.startsWith("SET") && update.expressionAttributeNames().entrySet().stream()
                .anyMatch(name -> name.getValue().equals("stepId") && sets.contains(name.getKey() + " = "));
    }
}
