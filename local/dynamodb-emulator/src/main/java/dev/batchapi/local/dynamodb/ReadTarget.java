package dev.batchapi.local.dynamodb;

import java.util.HashSet;

/** What a Query or Scan reads: a table, or one of its global secondary indexes (indexName not null). */
record ReadTarget(Table table, GlobalSecondaryIndex index, PartitionedItems items) {

    static final String INVALID_START_KEY = "The provided starting key is invalid";

    static ReadTarget of(Table table, String indexName) {
        if (indexName == null) {
            return new ReadTarget(table, null, table.items());
        }
        GlobalSecondaryIndex index = table.definition().index(indexName).orElseThrow(() ->
                ServiceErrors.validation("The table does not have the specified index: " + indexName));
        return new ReadTarget(table, index, table.index(indexName));
    }

    boolean isIndex() {
        return index != null;
    }

    KeySchema keySchema() {
        return items.ownKey();
    }

    /** Reads of an index are charged to the index. */
    ConsumedCapacity capacity(double units) {
        return isIndex() ? ConsumedCapacity.ofIndex(table.name(), index.name(), units)
                : ConsumedCapacity.ofTable(table.name(), units);
    }

    /**
     * An ExclusiveStartKey must name exactly the attributes of a LastEvaluatedKey here (for an index:
     * the index key and the table key), with the key types.
     */
    Item startKey(Item given, boolean query) {
        if (!given.attributes().keySet().equals(new HashSet<>(items.positionAttributeNames()))) {
            throw ServiceErrors.validation(query || isIndex() ? INVALID_START_KEY
                    : INVALID_START_KEY + ": The provided key element does not match the schema");
        }
        if (!keyTypesMatch(table.keySchema(), given) || !keyTypesMatch(keySchema(), given)) {
            throw ServiceErrors.validation("The provided key element does not match the schema");
        }
        return given;
    }

    private static boolean keyTypesMatch(KeySchema key, Item given) {
        return key.attributes().stream().allMatch(attribute -> attribute.hasTypeOf(given.get(attribute.name())));
    }
}
