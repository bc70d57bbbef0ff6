package dev.batchapi.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;

/** The worked examples of the Developer Guide, "DynamoDB read and write operations". */
/** Unchecked: the SDK's varargs builders take generic consumers and maps. */
@SuppressWarnings("unchecked")
class ConsumedCapacityTest extends DynamoDbClientTest {

    @BeforeEach
    void createTables() {
        createTable("jobs", "pk", "sk", index("byState", "state", null, ProjectionType.KEYS_ONLY));
    }

    @Test
    void getItemRoundsUpTo4KbAndHalvesForEventualConsistency() {
        put("jobs", sized("a", "1", 3500));
        put("jobs", sized("a", "2", 10 * 1024));

        assertThat(getUnits("1", true)).isEqualTo(1.0);
        assertThat(getUnits("1", false)).isEqualTo(0.5);
        // "If you read a 10 KB item, DynamoDB rounds the item size to 12 KB."
        assertThat(getUnits("2", true)).isEqualTo(3.0);
        assertThat(getUnits("missing", false)).isEqualTo(0.5);
    }

    @Test
    void batchGetItemRoundsEachItemOnItsOwn() {
        put("jobs", sized("a", "1", 1536));
        put("jobs", sized("a", "2", 6656));

        // "If BatchGetItem reads a 1.5 KB item and a 6.5 KB item, DynamoDB calculates the size as 12 KB."
        List<ConsumedCapacity> capacity = client.batchGetItem(request -> request
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .requestItems(Map.of("jobs", software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                        .consistentRead(true).keys(item("pk", s("a"), "sk", s("1")), item("pk", s("a"), "sk", s("2")))
                        .build()))).consumedCapacity();

        assertThat(capacity).singleElement().satisfies(table -> {
            assertThat(table.tableName()).isEqualTo("jobs");
            assertThat(table.capacityUnits()).isEqualTo(3.0);
        });
    }

    @Test
    void queryRoundsUpTheSumOfAllItemsEvaluatedBeforeTheFilter() {
        for (int i = 0; i < 10; i++) {
            put("jobs", sized("a", String.valueOf(i), 1536));
        }

        // Ten 1.5 KB items are 15 KB: four units, however few items the filter keeps.
        ConsumedCapacity strong = client.query(request -> request.tableName("jobs").consistentRead(true)
                .keyConditionExpression("pk = :p").filterExpression("attribute_exists(absent)")
                .expressionAttributeValues(Map.of(":p", s("a")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        ConsumedCapacity eventual = client.query(request -> request.tableName("jobs")
                .keyConditionExpression("pk = :p").expressionAttributeValues(Map.of(":p", s("a")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();

        assertThat(strong.capacityUnits()).isEqualTo(4.0);
        assertThat(eventual.capacityUnits()).isEqualTo(2.0);
    }

    @Test
    void writesRoundUpTo1KbAndCountEachAffectedIndex() {
        // A 3.5 KB item needs four write units.
        Map<String, AttributeValue> item = sized("a", "1", 3500);
        item.put("state", s("NEW"));
        ConsumedCapacity put = client.putItem(request -> request.tableName("jobs").item(item)
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();

        assertThat(put.capacityUnits()).isEqualTo(5.0);
        assertThat(put.table().capacityUnits()).isEqualTo(4.0);
        assertThat(put.globalSecondaryIndexes().get("byState").capacityUnits()).isEqualTo(1.0);

        // Changing an index key deletes the old entry and puts a new one: two index writes.
        ConsumedCapacity moved = client.updateItem(request -> request.tableName("jobs")
                .key(item("pk", s("a"), "sk", s("1"))).updateExpression("SET #s = :s")
                .expressionAttributeNames(Map.of("#s", "state")).expressionAttributeValues(Map.of(":s", s("RUNNING")))
                .returnConsumedCapacity(ReturnConsumedCapacity.INDEXES)).consumedCapacity();
        assertThat(moved.globalSecondaryIndexes().get("byState").capacityUnits()).isEqualTo(2.0);

        // An update that leaves the index entry as it is costs the index nothing.
        ConsumedCapacity untouched = client.updateItem(request -> request.tableName("jobs")
                .key(item("pk", s("a"), "sk", s("1"))).updateExpression("SET note = :n")
                .expressionAttributeValues(Map.of(":n", s("x")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity();
        assertThat(untouched.capacityUnits()).isEqualTo(4.0);
        assertThat(untouched.table()).isNull();
    }

    @Test
    void numbersCountAByteForTwoSignificantDigitsPlusOne() {
        // 1020 bytes of names and values besides the number; 12.3456 (six digits) takes four more: 1 KB.
        // One digit more takes five: 1025 bytes, two write units.
        Map<String, AttributeValue> item = item("pk", s("a"), "sk", s("1"), "payload", s("x".repeat(1020 - 14)),
                "n", n("12.3456"));

        assertThat(client.putItem(request -> request.tableName("jobs").item(item)
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits()).isEqualTo(1.0);
        assertThat(client.putItem(request -> request.tableName("jobs").item(item("pk", s("b"), "sk", s("1"),
                "payload", s("x".repeat(1020 - 14)), "n", n("12.34567")))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)).consumedCapacity().capacityUnits()).isEqualTo(2.0);
    }

    @Test
    void transactionalWritesCostTwice() {
        List<ConsumedCapacity> capacity = client.transactWriteItems(request -> request
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .transactItems(item -> item.put(put -> put.tableName("jobs").item(sized("a", "1", 1500))),
                        item -> item.put(put -> put.tableName("jobs").item(sized("a", "2", 500))))).consumedCapacity();

        assertThat(capacity).singleElement().satisfies(table -> assertThat(table.capacityUnits()).isEqualTo(6.0));
    }

    private double getUnits(String sortKey, boolean consistent) {
        return client.getItem(request -> request.tableName("jobs").key(item("pk", s("a"), "sk", s(sortKey)))
                .consistentRead(consistent).returnConsumedCapacity(ReturnConsumedCapacity.TOTAL))
                .consumedCapacity().capacityUnits();
    }

    /** An item of exactly {@code bytes} bytes by DynamoDB's count (names plus values). */
    private static Map<String, AttributeValue> sized(String partition, String sort, int bytes) {
        int keyBytes = "pk".length() + partition.length() + "sk".length() + sort.length() + "payload".length();
        return item("pk", s(partition), "sk", s(sort), "payload", s("x".repeat(bytes - keyBytes)));
    }
}
