package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** The TableDescription DynamoDB answers CreateTable, DescribeTable and DeleteTable with. */
final class TableDescription {

    /** There is no region here: ARNs name us-east-1 and the account every local stand-in uses. */
    private static final String ARN_PREFIX = "arn:aws:dynamodb:us-east-1:000000000000:table/";

    private TableDescription() {
    }

    static ObjectNode of(Table table, String status) {
        TableDefinition definition = table.definition();
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode definitions = node.putArray("AttributeDefinitions");
        definition.attributeDefinitions().forEach(attribute -> definitions.addObject()
                .put("AttributeName", attribute.name()).put("AttributeType", attribute.type()));
        node.put("TableName", definition.name());
        node.set("KeySchema", TableDefinition.keySchemaJson(definition.keySchema()));
        node.put("TableStatus", status);
        node.put("CreationDateTime", definition.created().toEpochMilli() / 1000.0);
        node.set("ProvisionedThroughput", throughput(definition.provisionedThroughput()));
        node.put("TableSizeBytes", table.items().bytes());
        node.put("ItemCount", table.items().count());
        node.put("TableArn", ARN_PREFIX + definition.name());
        node.put("TableId", UUID.nameUUIDFromBytes((definition.name() + definition.created())
                .getBytes(StandardCharsets.UTF_8)).toString());
        node.putObject("BillingModeSummary").put("BillingMode", definition.billingMode());
        if (!definition.indexes().isEmpty()) {
            ArrayNode indexes = node.putArray("GlobalSecondaryIndexes");
            for (GlobalSecondaryIndex index : definition.indexes()) {
                PartitionedItems entries = table.index(index.name());
                ObjectNode indexNode = indexes.addObject().put("IndexName", index.name());
                indexNode.set("KeySchema", TableDefinition.keySchemaJson(index.keySchema()));
                indexNode.set("Projection", index.projection().toJson());
                indexNode.put("IndexStatus", "ACTIVE");
                indexNode.set("ProvisionedThroughput", throughput(index.provisionedThroughput()));
                indexNode.put("IndexSizeBytes", entries.bytes());
                indexNode.put("ItemCount", entries.count());
                indexNode.put("IndexArn", ARN_PREFIX + definition.name() + "/index/" + index.name());
            }
        }
        node.put("DeletionProtectionEnabled", false);
        return node;
    }

    /** On-demand tables describe their throughput as zero units. */
    private static ObjectNode throughput(JsonNode declared) {
        return JsonNodeFactory.instance.objectNode()
                .put("NumberOfDecreasesToday", 0)
                .put("ReadCapacityUnits", declared == null ? 0 : declared.path("ReadCapacityUnits").asLong())
                .put("WriteCapacityUnits", declared == null ? 0 : declared.path("WriteCapacityUnits").asLong());
    }
}
