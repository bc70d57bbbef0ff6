package dev.batchapi.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Unchecked: the SDK's varargs builders take generic consumers and maps. */
@SuppressWarnings("unchecked")
class BatchOperationsTest extends DynamoDbClientTest {

    @BeforeEach
    void createTables() {
        createTable("jobs", "pk", null);
        createTable("logs", "pk", "sk");
    }

    @Test
    void batchWritePutsAndDeletesAcrossTables() {
        put("jobs", item("pk", s("old")));

        var answer = client.batchWriteItem(request -> request.requestItems(Map.of(
                "jobs", List.of(putRequest(item("pk", s("a"), "v", n("1"))), deleteRequest(item("pk", s("old")))),
                "logs", List.of(putRequest(item("pk", s("a"), "sk", s("1")))))));

        assertThat(answer.unprocessedItems()).isEmpty();
        assertThat(get("jobs", item("pk", s("a")))).containsEntry("v", n("1"));
        assertThat(get("jobs", item("pk", s("old")))).isEmpty();
        assertThat(get("logs", item("pk", s("a"), "sk", s("1")))).isNotEmpty();
    }

    @Test
    void batchWriteTakesAtMost25RequestsOnDistinctItems() {
        List<WriteRequest> puts = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            puts.add(putRequest(item("pk", s("k" + i))));
        }
        assertThatThrownBy(() -> client.batchWriteItem(request -> request.requestItems(Map.of("jobs", puts))))
                .hasMessageStartingWith("Too many items requested for the BatchWriteItem call");
        assertThatThrownBy(() -> client.batchWriteItem(request -> request.requestItems(Map.of("jobs",
                List.of(putRequest(item("pk", s("a"))), deleteRequest(item("pk", s("a"))))))))
                .hasMessageStartingWith("Provided list of item keys contains duplicates");
        assertThat(client.scan(request -> request.tableName("jobs")).count()).isZero();
    }

    @Test
    void batchGetReturnsFoundItemsPerTableWithProjection() {
        put("jobs", item("pk", s("a"), "v", n("1"), "w", n("2")));
        put("logs", item("pk", s("a"), "sk", s("1")));

        var answer = client.batchGetItem(request -> request.requestItems(Map.of(
                "jobs", KeysAndAttributes.builder().keys(item("pk", s("a")), item("pk", s("missing")))
                        .projectionExpression("v").build(),
                "logs", KeysAndAttributes.builder().keys(item("pk", s("a"), "sk", s("1"))).build())));

        assertThat(answer.responses().get("jobs")).containsExactly(item("v", n("1")));
        assertThat(answer.responses().get("logs")).hasSize(1);
        assertThat(answer.unprocessedKeys()).isEmpty();
    }

    @Test
    void batchGetTakesAtMost100DistinctKeys() {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            keys.add(item("pk", s("k" + i)));
        }
        assertThatThrownBy(() -> client.batchGetItem(request -> request.requestItems(Map.of("jobs",
                KeysAndAttributes.builder().keys(keys).build()))))
                .hasMessageStartingWith("Too many items requested for the BatchGetItem call");
        assertThatThrownBy(() -> client.batchGetItem(request -> request.requestItems(Map.of("jobs",
                KeysAndAttributes.builder().keys(item("pk", s("a")), item("pk", s("a"))).build()))))
                .hasMessageStartingWith("Provided list of item keys contains duplicates");
    }

    private static WriteRequest putRequest(Map<String, AttributeValue> item) {
        return WriteRequest.builder().putRequest(put -> put.item(item)).build();
    }

    private static WriteRequest deleteRequest(Map<String, AttributeValue> key) {
        return WriteRequest.builder().deleteRequest(delete -> delete.key(key)).build();
    }
}
