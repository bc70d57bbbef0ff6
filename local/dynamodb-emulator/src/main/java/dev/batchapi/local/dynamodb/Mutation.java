package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One change of state. Every write of every operation is committed as a list of mutations, which
 * is what the journal records and replays. Each mutation sets state rather than adjusting it, so
 * replaying one twice leaves the same state (which makes recovery safe around compaction).
 */
sealed interface Mutation {

    void applyTo(Map<String, Table> tables);

    ObjectNode toJson();

    static Mutation fromJson(JsonNode node) {
        String table = node.path("table").asText();
        return switch (node.path("mutation").asText()) {
            case "TableCreated" -> new TableCreated(TableDefinition.parse(
                    new Request("journal", node.get("definition")), Instant.ofEpochMilli(node.get("created").asLong())));
            case "TableDeleted" -> new TableDeleted(table);
            case "ItemPut" -> new ItemPut(table, AttributeValueJson.item(node.get("item")));
            case "ItemDeleted" -> new ItemDeleted(table, AttributeValueJson.item(node.get("key")));
            case "TimeToLiveSet" -> new TimeToLiveSet(table, node.path("enabled").asBoolean()
                    ? new TimeToLive(node.get("attribute").asText(), true) : TimeToLive.DISABLED);
            case "StreamRecordAppended" -> new StreamRecordAppended(table, StreamRecord.fromJournalJson(node.get("record")));
            case "PointInTimeRecoverySet" -> new PointInTimeRecoverySet(table, node.path("enabled").asBoolean());
            default -> throw new IllegalStateException("unknown mutation in the journal: " + node);
        };
    }

    /**
     * Applies a change to a table. The table is missing only when a journal is replayed over a snapshot
     * taken after the table's deletion; the later TableDeleted mutation makes the outcome the same.
     */
    private static void withTable(Map<String, Table> tables, String table, Consumer<Table> change) {
        Table found = tables.get(table);
        if (found != null) {
            change.accept(found);
        }
    }

    private static ObjectNode json(String mutation, String table) {
        return JsonNodeFactory.instance.objectNode().put("mutation", mutation).put("table", table);
    }

    /** Creating a table replaces any table of that name with an empty one. */
    record TableCreated(TableDefinition definition) implements Mutation {
        @Override
        public void applyTo(Map<String, Table> tables) {
            tables.put(definition.name(), new Table(definition));
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = json("TableCreated", definition.name());
            node.set("definition", definition.toCreateTableJson());
            return node.put("created", definition.created().toEpochMilli());
        }
    }

    record TableDeleted(String table) implements Mutation {
        @Override
        public void applyTo(Map<String, Table> tables) {
            tables.remove(table);
        }

        @Override
        public ObjectNode toJson() {
            return json("TableDeleted", table);
        }
    }

    record ItemPut(String table, Item item) implements Mutation {
        @Override
        public void applyTo(Map<String, Table> tables) {
            withTable(tables, table, found -> found.put(item));
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = json("ItemPut", table);
            node.set("item", AttributeValueJson.toJson(item));
            return node;
        }
    }

    record ItemDeleted(String table, Item key) implements Mutation {
        @Override
        public void applyTo(Map<String, Table> tables) {
            withTable(tables, table, found -> found.delete(key));
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = json("ItemDeleted", table);
            node.set("key", AttributeValueJson.toJson(key));
            return node;
        }
    }

    record TimeToLiveSet(String table, TimeToLive timeToLive) implements Mutation {
        @Override
        public void applyTo(Map<String, Table> tables) {
            withTable(tables, table, found -> found.setTimeToLive(timeToLive));
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = json("TimeToLiveSet", table).put("enabled", timeToLive.enabled());
            return timeToLive.enabled() ? node.put("attribute", timeToLive.attributeName()) : node;
        }
    }

    record PointInTimeRecoverySet(String table, boolean enabled) implements Mutation {
        @Override
        public void applyTo(Map<String, Table> tables) {
            withTable(tables, table, found -> found.setPointInTimeRecovery(enabled));
        }

        @Override
        public ObjectNode toJson() {
            return json("PointInTimeRecoverySet", table).put("enabled", enabled);
        }
    }

    /** A change of an item, as its table's stream records it (committed with the change itself). */
    record StreamRecordAppended(String table, StreamRecord record) implements Mutation {
        @Override
        public void applyTo(Map<String, Table> tables) {
            withTable(tables, table, found -> {
                if (found.stream() != null) {
                    found.stream().append(record);
                }
            });
        }

        @Override
        public ObjectNode toJson() {
            ObjectNode node = json("StreamRecordAppended", table);
            node.set("record", record.toJournalJson());
            return node;
        }
    }
}
