package dev.batchapi.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

class QueryOperationsTest extends DynamoDbClientTest {

    @BeforeEach
    void createJobs() {
        createTable("jobs", "pk", "sk",
                index("byState", "state", "createdAt", ProjectionType.KEYS_ONLY),
                index("byQueue", "queue", null, ProjectionType.INCLUDE, "size"),
                index("byOwner", "owner", null, ProjectionType.ALL));
        for (int i = 0; i < 10; i++) {
            put("jobs", item("pk", s("user"), "sk", s("job#" + i), "n", n(String.valueOf(i)),
                    "even", AttributeValue.fromBool(i % 2 == 0)));
        }
        put("jobs", item("pk", s("other"), "sk", s("job#0")));
    }

    @Test
    void queryReturnsOnePartitionInSortKeyOrderEitherWay() {
        assertThat(sortKeys(query(q -> q.keyConditionExpression("pk = :p").expressionAttributeValues(values()))))
                .containsExactly("job#0", "job#1", "job#2", "job#3", "job#4", "job#5", "job#6", "job#7", "job#8", "job#9");
        assertThat(sortKeys(query(q -> q.keyConditionExpression("pk = :p").scanIndexForward(false)
                .expressionAttributeValues(values())))).startsWith("job#9", "job#8");
    }

    @Test
    void sortKeyConditionsNarrowTheRange() {
        assertThat(sortKeys(query(q -> q.keyConditionExpression("pk = :p AND sk BETWEEN :a AND :b")
                .expressionAttributeValues(values(":a", s("job#3"), ":b", s("job#5"))))))
                .containsExactly("job#3", "job#4", "job#5");
        assertThat(sortKeys(query(q -> q.keyConditionExpression("pk = :p AND begins_with(sk, :a)")
                .expressionAttributeValues(values(":a", s("job#7"))))))
                .containsExactly("job#7");
        assertThat(sortKeys(query(q -> q.keyConditionExpression(":a > sk AND pk = :p")
                .expressionAttributeValues(values(":a", s("job#2"))))))
                .containsExactly("job#0", "job#1");
        assertThat(sortKeys(query(q -> q.keyConditionExpression("(pk = :p) AND (sk >= :a)")
                .expressionAttributeValues(values(":a", s("job#8"))))))
                .containsExactly("job#8", "job#9");
    }

    @Test
    void unsupportedKeyConditionsAreRefused() {
        assertThatThrownBy(() -> query(q -> q.keyConditionExpression("sk = :p").expressionAttributeValues(values())))
                .hasMessageStartingWith("Query condition missed key schema element: pk");
        assertThatThrownBy(() -> query(q -> q.keyConditionExpression("pk = :p OR sk = :p").expressionAttributeValues(values())))
                .hasMessageStartingWith("Invalid operator used in KeyConditionExpression: OR");
        assertThatThrownBy(() -> query(q -> q.keyConditionExpression("pk = :p AND :p BETWEEN sk AND :p")
                .expressionAttributeValues(values())))
                .hasMessageStartingWith("Invalid condition in KeyConditionExpression: BETWEEN operator must have the"
                        + " key attribute as its first operand");
        assertThatThrownBy(() -> query(q -> q.keyConditionExpression("pk = sk")))
                .hasMessageStartingWith("Invalid condition in KeyConditionExpression: Multiple attribute names used in"
                        + " one condition");
        assertThatThrownBy(() -> query(q -> q.keyConditionExpression(":p = :p").expressionAttributeValues(values())))
                .hasMessageStartingWith("Invalid condition in KeyConditionExpression: No key attribute specified");
        assertThatThrownBy(() -> query(q -> q.keyConditionExpression("pk = :p AND size(sk) > :p")
                .expressionAttributeValues(values())))
                .hasMessageStartingWith("KeyConditionExpressions cannot contain nested operations");
        assertThatThrownBy(() -> query(q -> q.keyConditionExpression("pk = :p AND sk > :p AND sk < :p")
                .expressionAttributeValues(values())))
                .hasMessageStartingWith("KeyConditionExpressions must only contain one condition per key");
        assertThatThrownBy(() -> query(q -> q.keyConditionExpression("pk = :p AND n = :p").expressionAttributeValues(values())))
                .hasMessageStartingWith("Query key condition not supported");
        assertThatThrownBy(() -> query(q -> q.keyConditionExpression("pk > :p").expressionAttributeValues(values())))
                .hasMessageStartingWith("Query key condition not supported");
        assertThatThrownBy(() -> query(q -> q.keyConditionExpression("pk = :p AND sk > :p AND n < :p")
                .expressionAttributeValues(values())))
                .hasMessageStartingWith("Conditions can be of length 1 or 2 only");
        assertThatThrownBy(() -> query(q -> q.keyConditionExpression("pk = :n").expressionAttributeValues(Map.of(":n", n("1")))))
                .hasMessageStartingWith("One or more parameter values were invalid: Condition parameter type does not match schema type");
        assertThatThrownBy(() -> query(q -> q.keyConditionExpression("pk = :p").filterExpression("sk = :p")
                .expressionAttributeValues(values())))
                .hasMessageStartingWith("Filter Expression can only contain non-primary key attributes: Primary key attribute: sk");
    }

    @Test
    void limitCountsItemsBeforeTheFilterAndPagesResume() {
        QueryResponse first = query(q -> q.keyConditionExpression("pk = :p").filterExpression("even = :t")
                .expressionAttributeValues(values(":t", AttributeValue.fromBool(true))).limit(3));

        assertThat(first.scannedCount()).isEqualTo(3);
        assertThat(first.count()).isEqualTo(2);
        assertThat(sortKeys(first)).containsExactly("job#0", "job#2");
        assertThat(first.lastEvaluatedKey()).isEqualTo(item("pk", s("user"), "sk", s("job#2")));

        List<String> all = new ArrayList<>(sortKeys(first));
        Map<String, AttributeValue> start = first.lastEvaluatedKey();
        int pages = 1;
        while (!start.isEmpty()) {
            Map<String, AttributeValue> from = start;
            QueryResponse page = query(q -> q.keyConditionExpression("pk = :p").filterExpression("even = :t")
                    .expressionAttributeValues(values(":t", AttributeValue.fromBool(true))).limit(3).exclusiveStartKey(from));
            all.addAll(sortKeys(page));
            start = page.lastEvaluatedKey();
            pages++;
        }
        assertThat(all).containsExactly("job#0", "job#2", "job#4", "job#6", "job#8");
        // Ten items by three: the fourth page ends at the last item, so DynamoDB still answers a key.
        assertThat(pages).isEqualTo(4);
    }

    @Test
    void aStartKeyMustLieWithinTheKeyCondition() {
        String range = "pk = :p AND sk BETWEEN :a AND :b";
        Map<String, AttributeValue> bounds = values(":a", s("job#3"), ":b", s("job#5"));

        assertThatThrownBy(() -> query(q -> q.keyConditionExpression(range).expressionAttributeValues(bounds)
                .exclusiveStartKey(item("pk", s("user"), "sk", s("job#8")))))
                .hasMessageStartingWith("The provided starting key is outside query boundaries based on provided"
                        + " conditions");
        assertThat(sortKeys(query(q -> q.keyConditionExpression(range).expressionAttributeValues(bounds)
                .exclusiveStartKey(item("pk", s("user"), "sk", s("job#3"))))))
                .containsExactly("job#4", "job#5");
    }

    @Test
    void startKeysMustNameTheKeyAttributesWithTheirTypes() {
        assertThatThrownBy(() -> query(q -> q.keyConditionExpression("pk = :p").expressionAttributeValues(values())
                .exclusiveStartKey(item("pk", s("user")))))
                .hasMessageStartingWith("The provided starting key is invalid");
        assertThatThrownBy(() -> query(q -> q.keyConditionExpression("pk = :p").expressionAttributeValues(values())
                .exclusiveStartKey(item("pk", s("user"), "sk", n("1")))))
                .hasMessageStartingWith("The provided key element does not match the schema");
        assertThatThrownBy(() -> client.scan(q -> q.tableName("jobs").exclusiveStartKey(item("pk", s("user")))))
                .hasMessageStartingWith("The provided starting key is invalid: The provided key element does not"
                        + " match the schema");
    }

    @Test
    void aPageEndsAfterOneMegabyteRead() {
        String payload = "x".repeat(300 * 1024);
        for (int i = 0; i < 5; i++) {
            put("jobs", item("pk", s("big"), "sk", s("b" + i), "payload", s(payload)));
        }

        QueryResponse first = client.query(q -> q.tableName("jobs").keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("big"))).select(Select.COUNT));

        assertThat(first.count()).isEqualTo(4);
        assertThat(first.hasItems()).isFalse();
        assertThat(first.lastEvaluatedKey()).containsEntry("sk", s("b3"));
    }

    @Test
    void projectionsAndSelectShapeTheItems() {
        QueryResponse projected = query(q -> q.keyConditionExpression("pk = :p AND sk = :s").projectionExpression("n")
                .expressionAttributeValues(values(":s", s("job#1"))));
        assertThat(projected.items()).containsExactly(item("n", n("1")));

        assertThatThrownBy(() -> query(q -> q.keyConditionExpression("pk = :p").select(Select.SPECIFIC_ATTRIBUTES)
                .expressionAttributeValues(values())))
                .hasMessageStartingWith("Must specify the AttributesToGet or ProjectionExpression when choosing to"
                        + " get SPECIFIC_ATTRIBUTES");
        assertThatThrownBy(() -> query(q -> q.keyConditionExpression("pk = :p").select(Select.ALL_PROJECTED_ATTRIBUTES)
                .expressionAttributeValues(values())))
                .hasMessageStartingWith("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
    }

    @Test
    void indexesHoldOnlyItemsWithTheirKeysAndOnlyProjectedAttributes() {
        put("jobs", item("pk", s("u2"), "sk", s("j1"), "state", s("RUNNING"), "createdAt", s("t2"), "extra", s("x")));
        put("jobs", item("pk", s("u1"), "sk", s("j1"), "state", s("RUNNING"), "createdAt", s("t1"), "extra", s("x")));
        put("jobs", item("pk", s("u3"), "sk", s("j1"), "state", s("RUNNING")));

        QueryResponse running = client.query(q -> q.tableName("jobs").indexName("byState")
                .keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "state"))
                .expressionAttributeValues(Map.of(":s", s("RUNNING"))));

        assertThat(running.items()).containsExactly(
                item("pk", s("u1"), "sk", s("j1"), "state", s("RUNNING"), "createdAt", s("t1")),
                item("pk", s("u2"), "sk", s("j1"), "state", s("RUNNING"), "createdAt", s("t2")));
        assertThatThrownBy(() -> client.query(q -> q.tableName("jobs").indexName("byState").select(Select.ALL_ATTRIBUTES)
                .keyConditionExpression("#s = :s").expressionAttributeNames(Map.of("#s", "state"))
                .expressionAttributeValues(Map.of(":s", s("RUNNING")))))
                .hasMessageStartingWith("One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not"
                        + " supported for global secondary index byState because its projection type is not ALL");
    }

    @Test
    void itemsSharingIndexKeysComeInTableKeyOrderAndPageByTableKey() {
        for (String user : List.of("u3", "u1", "u2")) {
            put("jobs", item("pk", s(user), "sk", s("j"), "queue", s("q1"), "size", n("1"), "extra", s("x")));
        }

        QueryResponse first = client.query(q -> q.tableName("jobs").indexName("byQueue").limit(2)
                .keyConditionExpression("queue = :q").expressionAttributeValues(Map.of(":q", s("q1"))));
        QueryResponse second = client.query(q -> q.tableName("jobs").indexName("byQueue").limit(2)
                .exclusiveStartKey(first.lastEvaluatedKey())
                .keyConditionExpression("queue = :q").expressionAttributeValues(Map.of(":q", s("q1"))));

        assertThat(first.items()).extracting(item -> item.get("pk").s()).containsExactly("u1", "u2");
        assertThat(first.items().get(0)).containsOnlyKeys("pk", "sk", "queue", "size");
        assertThat(first.lastEvaluatedKey()).isEqualTo(item("queue", s("q1"), "pk", s("u2"), "sk", s("j")));
        assertThat(second.items()).extracting(item -> item.get("pk").s()).containsExactly("u3");
    }

    @Test
    void indexesFollowUpdatesAndDeletes() {
        put("jobs", item("pk", s("u1"), "sk", s("j"), "owner", s("ann")));
        client.updateItem(u -> u.tableName("jobs").key(item("pk", s("u1"), "sk", s("j")))
                .updateExpression("SET #o = :bob").expressionAttributeNames(Map.of("#o", "owner"))
                .expressionAttributeValues(Map.of(":bob", s("bob"))));

        assertThat(ownedBy("ann")).isZero();
        assertThat(ownedBy("bob")).isOne();
        client.deleteItem(d -> d.tableName("jobs").key(item("pk", s("u1"), "sk", s("j"))));
        assertThat(ownedBy("bob")).isZero();
    }

    @Test
    void indexReadsRefuseConsistencyAndUnknownIndexes() {
        assertThatThrownBy(() -> client.query(q -> q.tableName("jobs").indexName("byOwner").consistentRead(true)
                .keyConditionExpression("#o = :o").expressionAttributeNames(Map.of("#o", "owner"))
                .expressionAttributeValues(Map.of(":o", s("ann")))))
                .hasMessageStartingWith("Consistent reads are not supported on global secondary indexes");
        assertThatThrownBy(() -> client.scan(q -> q.tableName("jobs").indexName("nope")))
                .hasMessageStartingWith("The table does not have the specified index: nope");
    }

    @Test
    void indexKeyValuesMustHaveTheDeclaredType() {
        assertThatThrownBy(() -> put("jobs", item("pk", s("u"), "sk", s("j"), "owner", n("1"))))
                .hasMessageStartingWith("One or more parameter values were invalid: Type mismatch for Index Key owner"
                        + " Expected: S Actual: N IndexName: byOwner");
    }

    @Test
    void indexKeyValuesMustFitDynamoDbsKeySizeLimitsInUtf8Bytes() {
        String fourByteCharacters = "\uD83D\uDE00".repeat(513);

        assertThatThrownBy(() -> put("jobs", item("pk", s("u"), "sk", s("j"), "owner", s(fourByteCharacters))))
                .hasMessageStartingWith("One or more parameter values were invalid: Size limit exceeded for Index Key"
                        + " owner Actual Size: 2052 bytes Max Size: 2048 bytes IndexName: byOwner");
        assertThatThrownBy(() -> put("jobs", item("pk", s("u"), "sk", s("j"), "state", s("x"),
                "createdAt", s("y".repeat(1025)))))
                .hasMessageStartingWith("One or more parameter values were invalid: Size limit exceeded for Index Key"
                        + " createdAt Actual Size: 1025 bytes Max Size: 1024 bytes IndexName: byState");
        assertThatThrownBy(() -> client.updateItem(u -> u.tableName("jobs").key(item("pk", s("user"), "sk", s("job#1")))
                .updateExpression("SET #o = :o").expressionAttributeNames(Map.of("#o", "owner"))
                .expressionAttributeValues(Map.of(":o", s(fourByteCharacters)))))
                .hasMessageStartingWith("One or more parameter values were invalid: Size limit exceeded for Index Key owner");
        put("jobs", item("pk", s("u"), "sk", s("j"), "owner", s("\uD83D\uDE00".repeat(512))));
        assertThat(client.getItem(g -> g.tableName("jobs").key(item("pk", s("u"), "sk", s("j")))).item()).isNotEmpty();
    }

    @Test
    void tableKeyValuesMustFitDynamoDbsKeySizeLimits() {
        assertThatThrownBy(() -> put("jobs", item("pk", s("p".repeat(2049)), "sk", s("j"))))
                .hasMessageStartingWith("One or more parameter values were invalid: Size of hashkey has exceeded the"
                        + " maximum size limit of2048 bytes");
        assertThatThrownBy(() -> client.getItem(g -> g.tableName("jobs").key(item("pk", s("p"), "sk", s("s".repeat(1025))))))
                .hasMessageStartingWith("One or more parameter values were invalid: Aggregated size of all range keys"
                        + " has exceeded the size limit of 1024 bytes");
    }

    @Test
    void aQueryWhosePartitionKeyValueNoItemCouldHaveIsRefusedAsDynamoDbRefusesIt() {
        assertThatThrownBy(() -> ownedBy("\uD83D\uDE00".repeat(513)))
                .hasMessageStartingWith("One or more parameter values were invalid: Size of hashkey has exceeded the"
                        + " maximum size limit of2048 bytes");
        assertThatThrownBy(() -> query(q -> q.keyConditionExpression("pk = :p")
                .expressionAttributeValues(Map.of(":p", s("p".repeat(2049))))))
                .hasMessageStartingWith("One or more parameter values were invalid: Size of hashkey has exceeded the"
                        + " maximum size limit of2048 bytes");
        assertThat(ownedBy("\uD83D\uDE00".repeat(512))).isZero();
    }

    @Test
    void scanReadsEveryItemAndPages() {
        List<String> keys = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
            Map<String, AttributeValue> from = start;
            var page = client.scan(q -> q.tableName("jobs").limit(4).exclusiveStartKey(from));
            page.items().forEach(item -> keys.add(item.get("pk").s() + "/" + item.get("sk").s()));
            start = page.hasLastEvaluatedKey() ? page.lastEvaluatedKey() : null;
            pages++;
        } while (start != null);

        assertThat(keys).hasSize(11).doesNotHaveDuplicates();
        assertThat(pages).isEqualTo(3);
        assertThat(client.scan(q -> q.tableName("jobs").filterExpression("n >= :five")
                .expressionAttributeValues(Map.of(":five", n("5")))).count()).isEqualTo(5);
    }

    private long ownedBy(String owner) {
        return client.query(q -> q.tableName("jobs").indexName("byOwner").keyConditionExpression("#o = :o")
                .expressionAttributeNames(Map.of("#o", "owner")).expressionAttributeValues(Map.of(":o", s(owner)))).count();
    }

    private QueryResponse query(java.util.function.Consumer<QueryRequest.Builder> request) {
        return client.query(builder -> request.accept(builder.tableName("jobs")));
    }

    private static List<String> sortKeys(QueryResponse response) {
        return response.items().stream().map(item -> item.get("sk").s()).toList();
    }

    /** The values of a query on the partition "user" (:p), plus the given ones. */
    private static Map<String, AttributeValue> values(Object... more) {
        Map<String, AttributeValue> values = new java.util.HashMap<>(item(more));
        values.put(":p", s("user"));
        return values;
    }
}
