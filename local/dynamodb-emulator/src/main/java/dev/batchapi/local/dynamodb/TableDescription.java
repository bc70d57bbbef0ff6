package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchapi.local.awsjson.EpochSeconds;
import dev.batchapi.local.awsjson.LocalAccount;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The TableDescription DynamoDB answers CreateTable, DescribeTable and DeleteTable with: what
 * CreateTable declared, with the billing mode and throughput described, and what the table and
 * each index hold.
 */
final class TableDescription {

    private static final String THROUGHPUT = "ProvisionedThroughput";

    private TableDescription() {
    }

    static ObjectNode of(Table table, String status) {
        TableDefinition definition = table.definition();
        ObjectNode node = definition.toCreateTableJson();
        node.remove("BillingMode");
        node.putObject("BillingModeSummary").put("BillingMode", definition.billingMode());
        node.set(THROUGHPUT, throughput(definition.provisionedThroughput()));
        node.put("TableStatus", status);
        node.put("CreationDateTime", EpochSeconds.of(definition.created()));
        node.put("TableSizeBytes", table.items().bytes());
        node.put("ItemCount", table.items().count());
        String tableArn = LocalAccount.arn("dynamodb", "table/" + definition.name());
        node.put("TableArn", tableArn);
        node.put("TableId", UUID.nameUUIDFromBytes((definition.name() + definition.created())
                .getBytes(StandardCharsets.UTF_8)).toString());
        List<GlobalSecondaryIndex> indexes = definition.indexes();
        // toCreateTableJson lists the indexes in declaration order, and leaves the member out when there are none.
        JsonNode indexNodes = node.path("GlobalSecondaryIndexes");
        for (int i = 0; i < indexes.size(); i++) {
            GlobalSecondaryIndex index = indexes.get(i);
            PartitionedItems entries = table.index(index.name());
            ObjectNode indexNode = (ObjectNode) indexNodes.get(i);
            indexNode.put("IndexStatus", "ACTIVE");
            indexNode.set(THROUGHPUT, throughput(index.provisionedThroughput()));
            indexNode.put("IndexSizeBytes", entries.bytes());
            indexNode.put("ItemCount", entries.count());
            indexNode.put("IndexArn", tableArn + "/index/" + index.name());
        }
        if (table.stream() != null) {
            node.put("LatestStreamArn", table.stream().arn());
            node.put("LatestStreamLabel", table.stream().label());
        }
        node.put("DeletionProtectionEnabled", false);
        return node;
    }

    /** On-demand tables and indexes describe their throughput as zero units. */
    private static ObjectNode throughput(ProvisionedThroughput declared) {
        return JsonNodeFactory.instance.objectNode()
                .put("NumberOfDecreasesToday", 0)
                .put("ReadCapacityUnits", declared == null ? 0 : declared.readCapacityUnits())
                .put("WriteCapacityUnits", declared == null ? 0 : declared.writeCapacityUnits());
    }
}
