package dev.batchapi.local.dynamodb;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One table: its definition, its settings and its items, with every global secondary index kept in
 * step with each write. Not thread-safe: the {@link Database} lock guards it.
 */
final class Table {

    private final TableDefinition definition;
    private final PartitionedItems items;
    private final Map<String, PartitionedItems> indexes = new LinkedHashMap<>();
    private TimeToLive timeToLive = TimeToLive.DISABLED;
    private boolean pointInTimeRecovery;
    /** Null when the table's stream is off. */
    private final TableStream stream;

    Table(TableDefinition definition) {
        this.definition = definition;
        this.stream = definition.stream().enabled() ? new TableStream(definition) : null;
        this.items = new PartitionedItems(definition.keySchema(), definition.keySchema());
        definition.indexes().forEach(index ->
                indexes.put(index.name(), new PartitionedItems(index.keySchema(), definition.keySchema())));
    }

    TableDefinition definition() {
        return definition;
    }

    String name() {
        return definition.name();
    }

    KeySchema keySchema() {
        return definition.keySchema();
    }

    PartitionedItems items() {
        return items;
    }

    PartitionedItems index(String indexName) {
        return indexes.get(indexName);
    }

    TimeToLive timeToLive() {
        return timeToLive;
    }

    void setTimeToLive(TimeToLive timeToLive) {
        this.timeToLive = timeToLive;
    }

    boolean pointInTimeRecovery() {
        return pointInTimeRecovery;
    }

    void setPointInTimeRecovery(boolean enabled) {
        this.pointInTimeRecovery = enabled;
    }

    /** Its stream, or null when the stream is off. */
    TableStream stream() {
        return stream;
    }

    /** The item with the key attributes of {@code key}, or null. */
    Item get(Item key) {
        return items.get(key);
    }

    /** Stores the item in place of the one with its key, and moves its index entries along. */
    void put(Item item) {
        removeIndexEntries(items.get(item));
        items.put(item);
        for (GlobalSecondaryIndex index : definition.indexes()) {
            Item entry = index.entryFor(item, keySchema());
            if (entry != null) {
                indexes.get(index.name()).put(entry);
            }
        }
    }

    void delete(Item key) {
        removeIndexEntries(items.get(key));
        items.remove(key);
    }

    Iterator<Item> all() {
        return items.all(null);
    }

    private void removeIndexEntries(Item old) {
        for (GlobalSecondaryIndex index : definition.indexes()) {
            Item entry = index.entryFor(old, keySchema());
            if (entry != null) {
                indexes.get(index.name()).remove(entry);
            }
        }
    }
}
