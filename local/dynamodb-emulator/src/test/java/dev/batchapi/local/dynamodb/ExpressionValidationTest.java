package dev.batchapi.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** The checks DynamoDB makes on every expression and its placeholders, whatever the operation. */
class ExpressionValidationTest extends DynamoDbClientTest {

    @BeforeEach
    void createJobsTable() {
        createTable("jobs", "pk", "sk");
    }

    @Test
    void reservedWordsMustGoThroughNames() {
        assertThatThrownBy(() -> client.updateItem(request -> request.tableName("jobs")
                .key(item("pk", s("a"), "sk", s("1"))).updateExpression("SET status = :s")
                .expressionAttributeValues(Map.of(":s", s("x")))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("Invalid UpdateExpression: Attribute name is a reserved keyword;"
                        + " reserved keyword: status");
        assertThatThrownBy(() -> client.putItem(request -> request.tableName("jobs")
                .item(item("pk", s("a"), "sk", s("1"))).conditionExpression("attribute_not_exists(Data)")))
                .hasMessageStartingWith("Invalid ConditionExpression: Attribute name is a reserved keyword;"
                        + " reserved keyword: Data");
        assertThatThrownBy(() -> client.getItem(request -> request.tableName("jobs")
                .key(item("pk", s("a"), "sk", s("1"))).projectionExpression("pk, ttl")))
                .hasMessageStartingWith("Invalid ProjectionExpression: Attribute name is a reserved keyword;"
                        + " reserved keyword: ttl");
        assertThatThrownBy(() -> client.query(request -> request.tableName("jobs")
                .keyConditionExpression("pk = :p").filterExpression("size > :p")
                .expressionAttributeValues(Map.of(":p", s("a")))))
                .hasMessageStartingWith("Invalid FilterExpression: Attribute name is a reserved keyword;"
                        + " reserved keyword: size");
    }

    @Test
    void unusedPlaceholdersAreRefused() {
        assertThatThrownBy(() -> client.putItem(request -> request.tableName("jobs")
                .item(item("pk", s("a"), "sk", s("1"))).conditionExpression("attribute_not_exists(pk)")
                .expressionAttributeValues(Map.of(":x", s("x")))))
                .hasMessageStartingWith("Value provided in ExpressionAttributeValues unused in expressions: keys: {:x}");
        assertThatThrownBy(() -> client.putItem(request -> request.tableName("jobs")
                .item(item("pk", s("a"), "sk", s("1"))).conditionExpression("attribute_not_exists(pk)")
                .expressionAttributeNames(Map.of("#a", "a", "#b", "b"))))
                .hasMessageStartingWith("Value provided in ExpressionAttributeNames unused in expressions: keys: {#a, #b}");
    }

    @Test
    void placeholdersUsedAcrossAQuerysExpressionsCount() {
        put("jobs", item("pk", s("a"), "sk", s("1"), "value", s("b")));
        put("jobs", item("pk", s("a"), "sk", s("2"), "value", s("0")));

        var answer = client.query(request -> request.tableName("jobs").keyConditionExpression("#p = :p")
                .filterExpression("#v > :p").projectionExpression("#v")
                .expressionAttributeNames(Map.of("#p", "pk", "#v", "value"))
                .expressionAttributeValues(Map.of(":p", s("a"))));

        assertThat(answer.items()).containsExactly(item("value", s("b")));
    }

    @Test
    void aListIndexBeyondAnyListIsRefused() {
        assertThatThrownBy(() -> client.getItem(request -> request.tableName("jobs")
                .key(item("pk", s("a"), "sk", s("1"))).projectionExpression("steps[99999999999]")))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("Invalid ProjectionExpression: List index is not within the allowable range;"
                        + " index: [99999999999]");
        assertThatThrownBy(() -> client.updateItem(request -> request.tableName("jobs")
                .key(item("pk", s("a"), "sk", s("1"))).updateExpression("REMOVE steps[99999999999]")))
                .hasMessageStartingWith("Invalid UpdateExpression: List index is not within the allowable range;");
    }

    @Test
    void undefinedPlaceholdersAreRefused() {
        assertThatThrownBy(() -> client.putItem(request -> request.tableName("jobs")
                .item(item("pk", s("a"), "sk", s("1"))).conditionExpression("#missing = :v")
                .expressionAttributeValues(Map.of(":v", s("x")))))
                .hasMessageStartingWith("Invalid ConditionExpression: An expression attribute name used in the"
                        + " document path is not defined; attribute name: #missing");
        assertThatThrownBy(() -> client.putItem(request -> request.tableName("jobs")
                .item(item("pk", s("a"), "sk", s("1"))).conditionExpression("pk = :v")))
                .hasMessageStartingWith("Invalid ConditionExpression: An expression attribute value used in"
                        + " expression is not defined; attribute value: :v");
    }

    @Test
    void placeholdersWithoutExpressionsAreRefused() {
        assertThatThrownBy(() -> client.putItem(request -> request.tableName("jobs")
                .item(item("pk", s("a"), "sk", s("1"))).expressionAttributeValues(Map.of(":v", s("x")))))
                .hasMessageStartingWith("ExpressionAttributeValues can only be specified when using expressions");
    }

    @Test
    void invalidValuesNameTheirPlaceholder() {
        assertThatThrownBy(() -> client.putItem(request -> request.tableName("jobs")
                .item(item("pk", s("a"), "sk", s("1"))).conditionExpression("pk = :v")
                .expressionAttributeValues(Map.of(":v", n("x")))))
                .hasMessageStartingWith("ExpressionAttributeValues contains invalid value: The parameter cannot be"
                        + " converted to a numeric value: x for key :v");
    }

    @Test
    void emptyExpressionsAreRefused() {
        assertThatThrownBy(() -> client.putItem(request -> request.tableName("jobs")
                .item(item("pk", s("a"), "sk", s("1"))).conditionExpression("  ")))
                .hasMessageStartingWith("Invalid ConditionExpression: The expression can not be empty;");
    }

    @Test
    void legacyParametersAreRefusedByName() {
        assertThatThrownBy(() -> client.putItem(request -> request.tableName("jobs")
                .item(item("pk", s("a"), "sk", s("1")))
                .expected(Map.of("pk", software.amazon.awssdk.services.dynamodb.model.ExpectedAttributeValue.builder()
                        .exists(false).build()))))
                .hasMessageStartingWith("The DynamoDB emulator does not support PutItem parameter Expected");
    }
}
