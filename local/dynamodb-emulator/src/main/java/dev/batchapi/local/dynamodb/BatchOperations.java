package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * BatchGetItem and BatchWriteItem. The whole batch is validated before any of it runs, and every
 * item is processed: UnprocessedKeys and UnprocessedItems are always empty here.
 */
final class BatchOperations {

    /** "A single call to BatchWriteItem can ... comprise as many as 25 put or delete requests." */
    private static final int MAX_WRITES = 25;
    /** "A single operation can retrieve ... as many as 100 items." */
    private static final int MAX_GETS = 100;
    /** Each write of a batch costs what it would cost alone. */
    private static final double BATCHED_COST = 1;

    private final Database database;

    BatchOperations(Database database) {
        this.database = database;
    }

    ObjectNode batchGetItem(Request request) {
        request.supporting(Set.of("RequestItems", "ReturnConsumedCapacity"));
        String capacityMode = ConsumedCapacity.mode(request);
        Map<String, JsonNode> tables = requestItems(request);
        int keyCount = tables.values().stream().mapToInt(entry -> entry.path("Keys").size()).sum();
        if (keyCount > MAX_GETS) {
            throw ServiceErrors.validation("Too many items requested for the BatchGetItem call");
        }
        return database.read(db -> {
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            ObjectNode responses = answer.putObject("Responses");
            List<ConsumedCapacity> capacities = new ArrayList<>();
            tables.forEach((name, node) -> {
                Request entry = new Request("BatchGetItem", node).supporting(
                        Set.of("Keys", "ConsistentRead", ProjectionExpression.MEMBER, "ExpressionAttributeNames"));
                Table table = db.table(name);
                ProjectionExpression projection = ItemOperations.projection(entry);
                boolean consistent = entry.bool("ConsistentRead", false);
                List<Item> keys = keys(entry.array("Keys"), table);
                double units = 0;
                List<Item> found = new ArrayList<>();
                for (Item key : keys) {
                    Item item = table.get(key);
                    // "DynamoDB processes each item in the batch as an individual GetItem request",
                    // each rounded up to 4 KB on its own.
                    units += CapacityUnits.read(item == null ? 0 : ItemSize.of(item), consistent);
                    if (item != null) {
                        found.add(projection == null ? item : projection.apply(item));
                    }
                }
                responses.set(name, AttributeValueJson.toJson(found));
                capacities.add(ConsumedCapacity.ofTable(name, units));
            });
            answer.putObject("UnprocessedKeys");
            ConsumedCapacity.report(answer, capacityMode, capacities);
            return answer;
        });
    }

    ObjectNode batchWriteItem(Request request) {
        request.supporting(Set.of("RequestItems", "ReturnConsumedCapacity", "ReturnItemCollectionMetrics"));
        String capacityMode = ConsumedCapacity.mode(request);
        Map<String, JsonNode> tables = requestItems(request);
        int writeCount = tables.values().stream().mapToInt(JsonNode::size).sum();
        if (writeCount > MAX_WRITES) {
            throw ServiceErrors.validation("Too many items requested for the BatchWriteItem call");
        }
        return database.write(db -> {
            List<ItemWrite> writes = new ArrayList<>();
            tables.forEach((name, entries) -> {
                Table table = db.table(name);
                List<Item> keys = new ArrayList<>();
                for (JsonNode entry : entries) {
                    ItemWrite write = write(entry, table);
                    keys.add(write.key());
                    writes.add(write);
                }
                requireDistinct(keys);
            });
            List<WriteOutcome> outcomes = writes.stream()
                    .map(write -> WriteOutcome.of(write, write.table().get(write.key()))).toList();
            Collection<ConsumedCapacity> capacities = WriteOutcome.commitAll(db, outcomes, BATCHED_COST);
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.putObject("UnprocessedItems");
            ConsumedCapacity.report(answer, capacityMode, capacities);
            return answer;
        });
    }

    /** One entry of a BatchWriteItem table list: a PutRequest or a DeleteRequest, never a condition. */
    private static ItemWrite write(JsonNode entry, Table table) {
        Request request = new Request("BatchWriteItem", entry).supporting(Set.of("PutRequest", "DeleteRequest"));
        if (request.has("PutRequest") == request.has("DeleteRequest")) {
            throw ServiceErrors.validation("A WriteRequest must contain exactly one of PutRequest and DeleteRequest");
        }
        return request.has("PutRequest")
                ? ItemWrite.put(request.nested("PutRequest").supporting(Set.of("Item")), table)
                : ItemWrite.delete(request.nested("DeleteRequest").supporting(Set.of("Key")), table);
    }

    private static Map<String, JsonNode> requestItems(Request request) {
        Map<String, JsonNode> tables = new LinkedHashMap<>();
        JsonNode requestItems = request.required("RequestItems");
        requestItems.properties().forEach(entry -> tables.put(entry.getKey(), entry.getValue()));
        if (tables.isEmpty()) {
            throw request.constraintViolated("RequestItems", requestItems,
                    "Member must have length greater than or equal to 1");
        }
        return tables;
    }

    private static List<Item> keys(List<JsonNode> nodes, Table table) {
        List<Item> keys = new ArrayList<>();
        for (JsonNode node : nodes) {
            Item key = AttributeValueJson.item(node);
            table.keySchema().validateKey(key);
            keys.add(key);
        }
        requireDistinct(keys);
        return keys;
    }

    private static void requireDistinct(List<Item> keys) {
        if (new HashSet<>(keys).size() < keys.size()) {
            throw ServiceErrors.validation("Provided list of item keys contains duplicates");
        }
    }
}
