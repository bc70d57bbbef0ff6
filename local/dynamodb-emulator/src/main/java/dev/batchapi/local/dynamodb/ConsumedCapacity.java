package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Capacity units one operation consumed on one table: on the table itself (null when only an index
 * was read) and on each global secondary index it touched.
 */
record ConsumedCapacity(String tableName, Double tableUnits, Map<String, Double> indexUnits) {

    /** ReturnConsumedCapacity: NONE (the default), TOTAL, or INDEXES (TOTAL broken down by table and index). */
    static final String NONE = "NONE";
    static final String TOTAL = "TOTAL";
    static final String INDEXES = "INDEXES";
    static final Set<String> MODES = Set.of(NONE, TOTAL, INDEXES);

    ConsumedCapacity {
        indexUnits = Map.copyOf(indexUnits);
    }

    static ConsumedCapacity ofTable(String tableName, double units) {
        return new ConsumedCapacity(tableName, units, Map.of());
    }

    static ConsumedCapacity ofIndex(String tableName, String indexName, double units) {
        return new ConsumedCapacity(tableName, null, Map.of(indexName, units));
    }

    double total() {
        return (tableUnits == null ? 0 : tableUnits) + indexUnits.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    ConsumedCapacity plus(ConsumedCapacity other) {
        Map<String, Double> indexes = new LinkedHashMap<>(indexUnits);
        other.indexUnits.forEach((index, units) -> indexes.merge(index, units, Double::sum));
        Double table = tableUnits == null && other.tableUnits == null ? null
                : (tableUnits == null ? 0 : tableUnits) + (other.tableUnits == null ? 0 : other.tableUnits);
        return new ConsumedCapacity(tableName, table, indexes);
    }

    ConsumedCapacity times(double factor) {
        Map<String, Double> indexes = new LinkedHashMap<>();
        indexUnits.forEach((index, units) -> indexes.put(index, units * factor));
        return new ConsumedCapacity(tableName, tableUnits == null ? null : tableUnits * factor, indexes);
    }

    /** Reads the ReturnConsumedCapacity member of a request. */
    static String mode(Request request) {
        return request.choice("ReturnConsumedCapacity", NONE, MODES);
    }

    /** Adds the ConsumedCapacity member to an answer unless the mode is NONE. */
    static void report(ObjectNode answer, String mode, ConsumedCapacity capacity) {
        if (!NONE.equals(mode)) {
            answer.set("ConsumedCapacity", capacity.toJson(mode));
        }
    }

    /** Adds the ConsumedCapacity member of the multi-table operations: one entry per table. */
    static void report(ObjectNode answer, String mode, Collection<ConsumedCapacity> capacities) {
        if (!NONE.equals(mode)) {
            capacities.forEach(capacity -> answer.withArray("ConsumedCapacity").add(capacity.toJson(mode)));
        }
    }

    /** The ConsumedCapacity member in the form the mode asks for. */
    ObjectNode toJson(String mode) {
        ObjectNode node = JsonNodeFactory.instance.objectNode().put("TableName", tableName).put("CapacityUnits", total());
        if (INDEXES.equals(mode)) {
            if (tableUnits != null) {
                node.putObject("Table").put("CapacityUnits", tableUnits);
            }
            if (!indexUnits.isEmpty()) {
                ObjectNode indexes = node.putObject("GlobalSecondaryIndexes");
                indexUnits.forEach((index, units) -> indexes.putObject(index).put("CapacityUnits", units));
            }
        }
        return node;
    }
}
