package dev.batchapi.local.dynamodb;

import java.util.List;

/**
 * The position of an item within its partition: the sort key value (if the key has one), then, in
 * an index, the table key, so that items sharing index keys keep a stable order by table key.
 */
record SortKey(List<AttributeValue> parts) implements Comparable<SortKey> {

    SortKey {
        parts = List.copyOf(parts);
    }

    @Override
    public int compareTo(SortKey other) {
        for (int i = 0; i < Math.min(parts.size(), other.parts.size()); i++) {
            int order = ScalarOrder.SAME_TYPE.compare(parts.get(i), other.parts.get(i));
            if (order != 0) {
                return order;
            }
        }
        return Integer.compare(parts.size(), other.parts.size());
    }
}
