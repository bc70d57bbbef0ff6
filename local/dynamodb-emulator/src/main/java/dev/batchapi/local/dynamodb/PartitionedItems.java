package dev.batchapi.local.dynamodb;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;

/**
 * The items of a table or of one index, grouped by partition key value and ordered within a
 * partition by sort key, as DynamoDB stores them. Guarded by the database lock.
 */
final class PartitionedItems {

    private final KeySchema ownKey;
    private final KeySchema tableKey;
    private final NavigableMap<AttributeValue, NavigableMap<SortKey, Item>> partitions =
            new TreeMap<>(ScalarOrder.SAME_TYPE);
    private int count;
    private long bytes;

    /** @param ownKey the key of the table or index; @param tableKey the table's key (the same for a table) */
    PartitionedItems(KeySchema ownKey, KeySchema tableKey) {
        this.ownKey = ownKey;
        this.tableKey = tableKey;
    }

    KeySchema ownKey() {
        return ownKey;
    }

    int count() {
        return count;
    }

    long bytes() {
        return bytes;
    }

    /** The stored item at the position of {@code item} (which needs only the key attributes), or null. */
    Item get(Item item) {
        NavigableMap<SortKey, Item> partition = partitions.get(item.get(ownKey.partitionKey().name()));
        return partition == null ? null : partition.get(sortKeyOf(item));
    }

    void put(Item item) {
        remove(item);
        partitions.computeIfAbsent(item.get(ownKey.partitionKey().name()), value -> new TreeMap<>())
                .put(sortKeyOf(item), item);
        count++;
        bytes += ItemSize.of(item);
    }

    void remove(Item item) {
        AttributeValue partitionValue = item.get(ownKey.partitionKey().name());
        NavigableMap<SortKey, Item> partition = partitions.get(partitionValue);
        Item removed = partition == null ? null : partition.remove(sortKeyOf(item));
        if (removed != null) {
            count--;
            bytes -= ItemSize.of(removed);
            if (partition.isEmpty()) {
                partitions.remove(partitionValue);
            }
        }
    }

    /** The attributes that identify a stored item here: what LastEvaluatedKey and ExclusiveStartKey carry. */
    Item positionOf(Item item) {
        Map<String, AttributeValue> position = new LinkedHashMap<>(ownKey.keyOf(item).attributes());
        position.putAll(tableKey.keyOf(item).attributes());
        return new Item(position);
    }

    /** The names of the attributes of {@link #positionOf}. */
    List<String> positionAttributeNames() {
        List<String> names = new ArrayList<>();
        ownKey.attributes().forEach(attribute -> names.add(attribute.name()));
        tableKey.attributes().stream().map(KeyAttribute::name).filter(name -> !names.contains(name)).forEach(names::add);
        return names;
    }

    /** The items of one partition in sort order (or reversed), after {@code exclusiveStart} when given. */
    Iterator<Item> partition(AttributeValue partitionValue, boolean forward, Item exclusiveStart) {
        NavigableMap<SortKey, Item> partition = partitions.get(partitionValue);
        if (partition == null) {
            return Collections.emptyIterator();
        }
        NavigableMap<SortKey, Item> ordered = forward ? partition : partition.descendingMap();
        return exclusiveStart == null
                ? ordered.values().iterator()
                : ordered.tailMap(sortKeyOf(exclusiveStart), false).values().iterator();
    }

    /** Every item, partition after partition, after {@code exclusiveStart} when given (Scan). */
    Iterator<Item> all(Item exclusiveStart) {
        Iterator<NavigableMap<SortKey, Item>> remainingPartitions = exclusiveStart == null
                ? partitions.values().iterator()
                : partitions.tailMap(exclusiveStart.get(ownKey.partitionKey().name()), false).values().iterator();
        Iterator<Item> first = exclusiveStart == null
                ? Collections.emptyIterator()
                : partition(exclusiveStart.get(ownKey.partitionKey().name()), true, exclusiveStart);
        return new Iterator<>() {
            private Iterator<Item> current = first;

            @Override
            public boolean hasNext() {
                while (!current.hasNext() && remainingPartitions.hasNext()) {
                    current = remainingPartitions.next().values().iterator();
                }
                return current.hasNext();
            }

            @Override
            public Item next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        };
    }

    private SortKey sortKeyOf(Item item) {
        List<AttributeValue> parts = new ArrayList<>();
        if (ownKey.hasSortKey()) {
            parts.add(item.get(ownKey.sortKey().name()));
        }
        if (!ownKey.equals(tableKey)) {
            tableKey.attributes().forEach(attribute -> parts.add(item.get(attribute.name())));
        }
        return new SortKey(parts);
    }
}
