package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Why one entry of a cancelled transaction failed, or {@code None} for the entries that did not. */
record CancellationReason(String code, String message, Item item) {

    static final CancellationReason NONE = new CancellationReason("None", null, null);

    static CancellationReason conditionalCheckFailed(Item item) {
        return new CancellationReason("ConditionalCheckFailed", "The conditional request failed", item);
    }

    static CancellationReason validationError(String message) {
        return new CancellationReason("ValidationError", message, null);
    }

    /** An entry of the CancellationReasons member of TransactionCanceledException. */
    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("Code", code);
        if (message != null) {
            node.put("Message", message);
        }
        if (item != null) {
            node.set("Item", AttributeValueJson.toJson(item));
        }
        return node;
    }
}
