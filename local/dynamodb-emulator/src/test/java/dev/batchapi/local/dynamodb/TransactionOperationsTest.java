package dev.batchapi.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Unchecked: the SDK's varargs builders take generic consumers and maps. */
@SuppressWarnings("unchecked")
class TransactionOperationsTest extends DynamoDbClientTest {

    @BeforeEach
    void createTables() {
        createTable("jobs", "pk", null);
        createTable("locks", "pk", null);
        put("jobs", item("pk", s("existing"), "v", n("1")));
        put("jobs", item("pk", s("guard")));
    }

    @Test
    void allActionsApplyTogether() {
        client.transactWriteItems(request -> request.transactItems(
                item -> item.put(put -> put.tableName("jobs").item(item("pk", s("new")))
                        .conditionExpression("attribute_not_exists(pk)")),
                item -> item.update(update -> update.tableName("jobs").key(item("pk", s("existing")))
                        .updateExpression("SET v = v + :one").expressionAttributeValues(Map.of(":one", n("1")))),
                item -> item.put(put -> put.tableName("locks").item(item("pk", s("lock")))),
                item -> item.conditionCheck(check -> check.tableName("jobs").key(item("pk", s("guard")))
                        .conditionExpression("attribute_exists(pk)"))));

        assertThat(get("jobs", item("pk", s("new")))).isNotEmpty();
        assertThat(get("jobs", item("pk", s("existing")))).containsEntry("v", n("2"));
        assertThat(get("locks", item("pk", s("lock")))).isNotEmpty();
    }

    @Test
    void aFailedConditionCancelsEverythingWithReasonsInOrder() {
        assertThatThrownBy(() -> client.transactWriteItems(request -> request.transactItems(
                item -> item.put(put -> put.tableName("locks").item(item("pk", s("lock")))),
                item -> item.delete(delete -> delete.tableName("jobs").key(item("pk", s("existing")))
                        .conditionExpression("v = :two").expressionAttributeValues(Map.of(":two", n("2")))))))
                .isInstanceOf(TransactionCanceledException.class)
                .hasMessageStartingWith("Transaction cancelled, please refer cancellation reasons for specific"
                        + " reasons [None, ConditionalCheckFailed]");

        assertThat(get("locks", item("pk", s("lock")))).isEmpty();
        assertThat(get("jobs", item("pk", s("existing")))).isNotEmpty();
    }

    @Test
    void theCancellationReasonsReachTheCallerWithTheItemsAsked() {
        TransactionCanceledException cancelled = catchThrowableOfType(TransactionCanceledException.class,
                () -> client.transactWriteItems(request -> request.transactItems(
                        item -> item.put(put -> put.tableName("locks").item(item("pk", s("lock")))),
                        item -> item.conditionCheck(check -> check.tableName("jobs").key(item("pk", s("existing")))
                                .conditionExpression("v = :two").expressionAttributeValues(Map.of(":two", n("2")))
                                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)))));

        assertThat(cancelled.cancellationReasons()).extracting(CancellationReason::code)
                .containsExactly("None", "ConditionalCheckFailed");
        assertThat(cancelled.cancellationReasons().get(1).item()).isEqualTo(item("pk", s("existing"), "v", n("1")));
    }

    @Test
    void aWriteInvalidForItsItemCancelsTheTransaction() {
        assertThatThrownBy(() -> client.transactWriteItems(request -> request.transactItems(
                item -> item.update(update -> update.tableName("jobs").key(item("pk", s("existing")))
                        .updateExpression("SET v = absent + :one").expressionAttributeValues(Map.of(":one", n("1")))))))
                .isInstanceOf(TransactionCanceledException.class)
                .hasMessageContaining("[ValidationError]");
    }

    @Test
    void twoActionsOnOneItemAreRefused() {
        assertThatThrownBy(() -> client.transactWriteItems(request -> request.transactItems(
                item -> item.put(put -> put.tableName("jobs").item(item("pk", s("a")))),
                item -> item.delete(delete -> delete.tableName("jobs").key(item("pk", s("a")))))))
                .hasMessageStartingWith("Transaction request cannot include multiple operations on one item");
    }

    @Test
    void atMostOneHundredActions() {
        List<TransactWriteItem> puts = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            String key = "k" + i;
            puts.add(TransactWriteItem.builder().put(put -> put.tableName("jobs").item(item("pk", s(key)))).build());
        }
        assertThatThrownBy(() -> client.transactWriteItems(request -> request.transactItems(puts)))
                .hasMessageContaining("Member must have length less than or equal to 100");
    }
}
