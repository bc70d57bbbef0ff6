package dev.batchapi.local.dynamodb;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * DynamoDB's capacity arithmetic (Developer Guide, "DynamoDB read and write operations" and "Global
 * secondary indexes: provisioned throughput considerations").
 */
final class CapacityUnits {

    /** One read unit covers up to 4 KB read strongly consistently; an eventually consistent read costs half. */
    private static final long READ_UNIT_BYTES = 4 * 1024;
    /** One write unit covers up to 1 KB written. */
    private static final long WRITE_UNIT_BYTES = 1024;

    private CapacityUnits() {
    }

    /** Reads round the bytes up to the next 4 KB; even a read of nothing costs one unit. */
    static double read(long bytes, boolean consistent) {
        long units = Math.max(1, ceilDiv(bytes, READ_UNIT_BYTES));
        return consistent ? units : units / 2.0;
    }

    /** Writes round the bytes up to the next 1 KB; even a write of nothing costs one unit. */
    static double write(long bytes) {
        return Math.max(1, ceilDiv(bytes, WRITE_UNIT_BYTES));
    }

    /**
     * A put, update or delete turning {@code before} into {@code after} (either null when absent):
     * the table pays for the larger of the two items; each index pays one write to add, remove or
     * update an entry, and two when the entry's index key changes. An index the item is in neither
     * before nor after costs nothing.
     */
    static ConsumedCapacity ofWrite(Table table, Item before, Item after) {
        double tableUnits = write(Math.max(size(before), size(after)));
        Map<String, Double> indexUnits = new LinkedHashMap<>();
        for (GlobalSecondaryIndex index : table.definition().indexes()) {
            Item old = index.entryFor(before, table.keySchema());
            Item current = index.entryFor(after, table.keySchema());
            double units;
            if (Objects.equals(old, current)) {
                units = 0;
            } else if (old == null || current == null) {
                units = write(size(old == null ? current : old));
            } else if (!index.keySchema().keyOf(old).equals(index.keySchema().keyOf(current))) {
                units = write(size(old)) + write(size(current));
            } else {
                units = write(Math.max(size(old), size(current)));
            }
            if (units > 0) {
                indexUnits.put(index.name(), units);
            }
        }
        return new ConsumedCapacity(table.name(), tableUnits, indexUnits);
    }

    private static long size(Item item) {
        return item == null ? 0 : ItemSize.of(item);
    }

    private static long ceilDiv(long bytes, long unit) {
        return (bytes + unit - 1) / unit;
    }
}
