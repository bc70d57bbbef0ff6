package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A global secondary index as declared at CreateTable.
 *
 * @param provisionedThroughput null when the table is PAY_PER_REQUEST
 */
record GlobalSecondaryIndex(String name, KeySchema keySchema, Projection projection,
                            ProvisionedThroughput provisionedThroughput) {

    /** The index as CreateTable declares it. */
    ObjectNode toCreateTableJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("IndexName", name);
        node.set("KeySchema", keySchema.toJson());
        node.set("Projection", projection.toJson());
        if (provisionedThroughput != null) {
            node.set("ProvisionedThroughput", provisionedThroughput.toJson());
        }
        return node;
    }

    /** The attributes every entry carries whatever the projection: the index key and the table key. */
    Set<String> keyAttributeNames(KeySchema tableKey) {
        Set<String> names = new LinkedHashSet<>();
        keySchema.attributes().forEach(attribute -> names.add(attribute.name()));
        tableKey.attributes().forEach(attribute -> names.add(attribute.name()));
        return names;
    }

    /** The index entry for an item, or null when the item lacks an index key attribute (a sparse index). */
    Item entryFor(Item item, KeySchema tableKey) {
        return item != null && keySchema.covers(item) ? projection.apply(item, keyAttributeNames(tableKey)) : null;
    }

    /** DynamoDB refuses a write whose index key attribute has the wrong type, is empty or is too long. */
    void validateKeyValues(Item item) {
        for (KeyAttribute attribute : keySchema.attributes()) {
            AttributeValue value = item.get(attribute.name());
            if (value == null) {
                continue;
            }
            if (!attribute.hasTypeOf(value)) {
                throw ServiceErrors.invalidParameter("Type mismatch for Index Key " + attribute.name() + " Expected: "
                        + attribute.type() + " Actual: " + value.type() + " IndexName: " + name);
            }
            if (KeyAttribute.isEmpty(value)) {
                throw ServiceErrors.validation("One or more parameter values are not valid. A value specified for a"
                        + " secondary index key is not supported. The AttributeValue for a key attribute cannot contain"
                        + " an " + attribute.emptyValueName() + ". IndexName: " + name + ", IndexKey: " + attribute.name());
            }
            long size = ItemSize.of(value);
            if (size > keySchema.maxBytes(attribute)) {
                throw ServiceErrors.invalidParameter("Size limit exceeded for Index Key " + attribute.name()
                        + " Actual Size: " + size + " bytes Max Size: " + keySchema.maxBytes(attribute)
                        + " bytes IndexName: " + name);
            }
        }
    }
}
