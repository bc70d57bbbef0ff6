package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The key of a table or an index: a partition (HASH) attribute and an optional sort (RANGE) attribute. */
record KeySchema(KeyAttribute partitionKey, KeyAttribute sortKey) {

    /** DynamoDB's limits on a key value, of a table or an index (Developer Guide, "Constraints"). */
    static final long MAX_PARTITION_KEY_BYTES = 2048;
    static final long MAX_SORT_KEY_BYTES = 1024;

    boolean hasSortKey() {
        return sortKey != null;
    }

    /** The most bytes a value of this key attribute may have (UTF-8 for a string). */
    long maxBytes(KeyAttribute attribute) {
        return attribute.equals(partitionKey) ? MAX_PARTITION_KEY_BYTES : MAX_SORT_KEY_BYTES;
    }

    List<KeyAttribute> attributes() {
        return hasSortKey() ? List.of(partitionKey, sortKey) : List.of(partitionKey);
    }

    boolean isKeyAttribute(String name) {
        return attributes().stream().anyMatch(attribute -> attribute.name().equals(name));
    }

    /** The KeySchema member of CreateTable and TableDescription. */
    ArrayNode toJson() {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        array.addObject().put("AttributeName", partitionKey.name()).put("KeyType", "HASH");
        if (hasSortKey()) {
            array.addObject().put("AttributeName", sortKey.name()).put("KeyType", "RANGE");
        }
        return array;
    }

    /** Whether the item has every key attribute: an index holds only such items (a sparse index). */
    boolean covers(Item item) {
        return attributes().stream().allMatch(attribute -> item.has(attribute.name()));
    }

    /** Only the key attributes of an item. */
    Item keyOf(Item item) {
        Map<String, AttributeValue> key = new LinkedHashMap<>();
        attributes().forEach(attribute -> {
            AttributeValue value = item.get(attribute.name());
            if (value != null) {
                key.put(attribute.name(), value);
            }
        });
        return new Item(key);
    }

    /** A whole item must carry every key attribute, of the declared type and not empty (PutItem and the like). */
    void validateItem(Item item) {
        for (KeyAttribute attribute : attributes()) {
            AttributeValue value = item.get(attribute.name());
            if (value == null) {
                throw ServiceErrors.invalidParameter("Missing the key " + attribute.name() + " in the item");
            }
            if (!attribute.hasTypeOf(value)) {
                throw ServiceErrors.invalidParameter("Type mismatch for key " + attribute.name() + " expected: "
                        + attribute.type() + " actual: " + value.type());
            }
            rejectEmpty(attribute, value);
            rejectOversize(attribute, value);
        }
    }

    /** A Key member must name exactly the key attributes, with their declared types (GetItem and the like). */
    void validateKey(Item key) {
        boolean matches = key.attributes().size() == attributes().size() && attributes().stream()
                .allMatch(attribute -> key.has(attribute.name()) && attribute.hasTypeOf(key.get(attribute.name())));
        if (!matches) {
            throw ServiceErrors.validation("The provided key element does not match the schema");
        }
        attributes().forEach(attribute -> {
            rejectEmpty(attribute, key.get(attribute.name()));
            rejectOversize(attribute, key.get(attribute.name()));
        });
    }

    /** A Query's partition key value: DynamoDB refuses one that no item could have, as it refuses such a key. */
    void validatePartitionValue(AttributeValue value) {
        rejectOversize(partitionKey, value);
    }

    /** DynamoDB's words, "limit of2048" included. */
    private void rejectOversize(KeyAttribute attribute, AttributeValue value) {
        if (ItemSize.of(value) <= maxBytes(attribute)) {
            return;
        }
        throw ServiceErrors.invalidParameter(attribute.equals(partitionKey)
                ? "Size of hashkey has exceeded the maximum size limit of" + MAX_PARTITION_KEY_BYTES + " bytes"
                : "Aggregated size of all range keys has exceeded the size limit of " + MAX_SORT_KEY_BYTES + " bytes");
    }

    private static void rejectEmpty(KeyAttribute attribute, AttributeValue value) {
        if (KeyAttribute.isEmpty(value)) {
            throw ServiceErrors.validation("One or more parameter values are not valid. The AttributeValue for a key"
                    + " attribute cannot contain an " + attribute.emptyValueName() + ". Key: " + attribute.name());
        }
    }
}
