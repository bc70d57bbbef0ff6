package dev.batchapi.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

class ItemOperationsTest extends DynamoDbClientTest {

    @BeforeEach
    void createJobsTable() {
        createTable("jobs", "pk", "sk");
    }

    @Test
    void everyAttributeTypeRoundTrips() {
        Map<String, AttributeValue> item = item("pk", s("a"), "sk", s("1"),
                "string", s(""),
                "binary", AttributeValue.fromB(SdkBytes.fromUtf8String("bytes")),
                "flag", AttributeValue.fromBool(true),
                "nothing", AttributeValue.fromNul(true),
                "map", AttributeValue.fromM(Map.of("inner", n("7"))),
                "list", AttributeValue.fromL(List.of(s("x"), n("1"))),
                "strings", AttributeValue.fromSs(List.of("b", "a")),
                "numbers", AttributeValue.fromNs(List.of("1", "2.5")),
                "binaries", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("z"))));
        put("jobs", item);

        assertThat(get("jobs", item("pk", s("a"), "sk", s("1")))).isEqualTo(item);
    }

    @Test
    void numbersAreNormalisedLikeDynamoDb() {
        put("jobs", item("pk", s("a"), "sk", s("1"), "price", n("1.50"), "big", n("1E+2"), "zero", n("-0.000"),
                "set", AttributeValue.fromNs(List.of("010", "2.0"))));

        Map<String, AttributeValue> stored = get("jobs", item("pk", s("a"), "sk", s("1")));

        assertThat(stored.get("price").n()).isEqualTo("1.5");
        assertThat(stored.get("big").n()).isEqualTo("100");
        assertThat(stored.get("zero").n()).isEqualTo("0");
        assertThat(stored.get("set").ns()).containsExactly("10", "2");
    }

    @Test
    void invalidNumbersAndSetsAreRefused() {
        assertThatThrownBy(() -> put("jobs", item("pk", s("a"), "sk", s("1"), "n", n("abc"))))
                .hasMessageStartingWith("The parameter cannot be converted to a numeric value: abc");
        assertThatThrownBy(() -> put("jobs", item("pk", s("a"), "sk", s("1"), "n", n("1234567890123456789012345678901234567890"))))
                .hasMessageStartingWith("Attempting to store more than 38 significant digits in a Number");
        assertThatThrownBy(() -> put("jobs", item("pk", s("a"), "sk", s("1"), "n", n("1E+126"))))
                .hasMessageStartingWith("Number overflow.");
        assertThatThrownBy(() -> put("jobs", item("pk", s("a"), "sk", s("1"), "set", AttributeValue.fromSs(List.of("x", "x")))))
                .hasMessageStartingWith("One or more parameter values were invalid: Input collection [x, x] contains duplicates.");
        assertThatThrownBy(() -> put("jobs", item("pk", s("a"), "sk", s("1"), "set", AttributeValue.fromNs(List.of("1", "1.0")))))
                .hasMessageContaining("contains duplicates");
        assertThatThrownBy(() -> put("jobs", item("pk", s("a"), "sk", s("1"), "set", AttributeValue.fromSs(List.of()))))
                .hasMessageStartingWith("One or more parameter values were invalid: An string set  may not be empty");
    }

    @Test
    void keysMustBePresentNonEmptyAndOfTheDeclaredType() {
        assertThatThrownBy(() -> put("jobs", item("pk", s("a"))))
                .isInstanceOf(DynamoDbException.class)
                .hasMessageStartingWith("One or more parameter values were invalid: Missing the key sk in the item");
        assertThatThrownBy(() -> put("jobs", item("pk", s("a"), "sk", n("1"))))
                .hasMessageStartingWith("One or more parameter values were invalid: Type mismatch for key sk expected: S actual: N");
        assertThatThrownBy(() -> put("jobs", item("pk", s(""), "sk", s("1"))))
                .hasMessageStartingWith("One or more parameter values are not valid. The AttributeValue for a key"
                        + " attribute cannot contain an empty string value. Key: pk");
        assertThatThrownBy(() -> get("jobs", item("pk", s("a"))))
                .hasMessageStartingWith("The provided key element does not match the schema");
        assertThatThrownBy(() -> get("jobs", item("pk", s("a"), "sk", s("1"), "extra", s("x"))))
                .hasMessageStartingWith("The provided key element does not match the schema");
    }

    @Test
    void itemsOver400KbAreRefused() {
        String big = "x".repeat(400 * 1024);

        assertThatThrownBy(() -> put("jobs", item("pk", s("a"), "sk", s("1"), "payload", s(big))))
                .hasMessageStartingWith("Item size has exceeded the maximum allowed size");
        put("jobs", item("pk", s("a"), "sk", s("1"), "payload", s(big.substring(0, 400 * 1024 - 20))));
    }

    @Test
    void getItemProjectsNestedPaths() {
        put("jobs", item("pk", s("a"), "sk", s("1"), "conf", AttributeValue.fromM(Map.of(
                "spark", s("3.5"), "args", AttributeValue.fromL(List.of(s("a0"), s("a1"), s("a2"))))), "state", s("OK")));

        Map<String, AttributeValue> projected = client.getItem(request -> request.tableName("jobs")
                .key(item("pk", s("a"), "sk", s("1")))
                .projectionExpression("#c.spark, #c.args[2], #s")
                .expressionAttributeNames(Map.of("#c", "conf", "#s", "state"))).item();

        assertThat(projected).isEqualTo(item("conf", AttributeValue.fromM(Map.of(
                "spark", s("3.5"), "args", AttributeValue.fromL(List.of(s("a2"))))), "state", s("OK")));
    }

    @Test
    void missingItemsAreAnsweredWithoutItem() {
        assertThat(client.getItem(request -> request.tableName("jobs").key(item("pk", s("a"), "sk", s("1"))))
                .hasItem()).isFalse();
    }

    @Test
    void putReturnsTheOldItemOnRequest() {
        put("jobs", item("pk", s("a"), "sk", s("1"), "v", n("1")));

        var answer = client.putItem(request -> request.tableName("jobs").returnValues(ReturnValue.ALL_OLD)
                .item(item("pk", s("a"), "sk", s("1"), "v", n("2"))));

        assertThat(answer.attributes()).isEqualTo(item("pk", s("a"), "sk", s("1"), "v", n("1")));
        assertThatThrownBy(() -> client.putItem(request -> request.tableName("jobs").returnValues(ReturnValue.ALL_NEW)
                .item(item("pk", s("a"), "sk", s("1")))))
                .hasMessageStartingWith("ReturnValues can only be ALL_OLD or NONE");
    }

    @Test
    void conditionalPutFailsWhenTheItemExists() {
        put("jobs", item("pk", s("a"), "sk", s("1")));

        assertThatThrownBy(() -> client.putItem(request -> request.tableName("jobs")
                .item(item("pk", s("a"), "sk", s("1"), "v", n("2")))
                .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOfSatisfying(ConditionalCheckFailedException.class, failed -> assertThat(failed.hasItem()).isFalse())
                .hasMessageStartingWith("The conditional request failed");
        assertThat(get("jobs", item("pk", s("a"), "sk", s("1")))).doesNotContainKey("v");
    }

    @Test
    void aFailedConditionCarriesTheItemAsItWasWhenAsked() {
        put("jobs", item("pk", s("a"), "sk", s("1"), "v", n("1")));

        ConditionalCheckFailedException failed = catchThrowableOfType(ConditionalCheckFailedException.class,
                () -> client.deleteItem(request -> request.tableName("jobs").key(item("pk", s("a"), "sk", s("1")))
                        .conditionExpression("v = :two").expressionAttributeValues(Map.of(":two", n("2")))
                        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)));

        assertThat(failed.item()).isEqualTo(item("pk", s("a"), "sk", s("1"), "v", n("1")));
    }

    @Test
    void updateReturnsWhatWasAsked() {
        put("jobs", item("pk", s("a"), "sk", s("1"), "count", n("1"), "label", s("x")));
        Map<String, AttributeValue> key = item("pk", s("a"), "sk", s("1"));

        var updatedNew = client.updateItem(request -> request.tableName("jobs").key(key)
                .updateExpression("SET #c = #c + :one").expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":one", n("1"))).returnValues(ReturnValue.UPDATED_NEW));
        var updatedOld = client.updateItem(request -> request.tableName("jobs").key(key)
                .updateExpression("SET #c = #c + :one").expressionAttributeNames(Map.of("#c", "count"))
                .expressionAttributeValues(Map.of(":one", n("1"))).returnValues(ReturnValue.UPDATED_OLD));
        var allNew = client.updateItem(request -> request.tableName("jobs").key(key)
                .updateExpression("REMOVE label").returnValues(ReturnValue.ALL_NEW));
        var allOld = client.updateItem(request -> request.tableName("jobs").key(key)
                .updateExpression("SET label = :x").expressionAttributeValues(Map.of(":x", s("y")))
                .returnValues(ReturnValue.ALL_OLD));
        var none = client.updateItem(request -> request.tableName("jobs").key(key)
                .updateExpression("SET label = :x").expressionAttributeValues(Map.of(":x", s("z"))));

        assertThat(updatedNew.attributes()).isEqualTo(item("count", n("2")));
        assertThat(updatedOld.attributes()).isEqualTo(item("count", n("2")));
        assertThat(allNew.attributes()).isEqualTo(item("pk", s("a"), "sk", s("1"), "count", n("3")));
        assertThat(allOld.attributes()).isEqualTo(item("pk", s("a"), "sk", s("1"), "count", n("3")));
        assertThat(none.hasAttributes()).isFalse();
    }

    @Test
    void updateCreatesTheItemWhenMissing() {
        client.updateItem(request -> request.tableName("jobs").key(item("pk", s("a"), "sk", s("1")))
                .updateExpression("SET #s = :s").expressionAttributeNames(Map.of("#s", "state"))
                .expressionAttributeValues(Map.of(":s", s("NEW"))));

        assertThat(get("jobs", item("pk", s("a"), "sk", s("1"))))
                .isEqualTo(item("pk", s("a"), "sk", s("1"), "state", s("NEW")));
    }

    @Test
    void updatingAKeyAttributeIsRefused() {
        assertThatThrownBy(() -> client.updateItem(request -> request.tableName("jobs")
                .key(item("pk", s("a"), "sk", s("1"))).updateExpression("SET sk = :v")
                .expressionAttributeValues(Map.of(":v", s("2")))))
                .hasMessageStartingWith("One or more parameter values were invalid: Cannot update attribute sk."
                        + " This attribute is part of the key");
    }

    @Test
    void deleteRemovesAndReturnsTheOldItem() {
        put("jobs", item("pk", s("a"), "sk", s("1"), "v", n("1")));

        var answer = client.deleteItem(request -> request.tableName("jobs").key(item("pk", s("a"), "sk", s("1")))
                .returnValues(ReturnValue.ALL_OLD));

        assertThat(answer.attributes()).containsEntry("v", n("1"));
        assertThat(get("jobs", item("pk", s("a"), "sk", s("1")))).isEmpty();
    }

    @Test
    void conditionalDeleteFailsWhenTheConditionDoesNotHold() {
        put("jobs", item("pk", s("a"), "sk", s("1"), "state", s("RUNNING")));

        assertThatThrownBy(() -> client.deleteItem(request -> request.tableName("jobs")
                .key(item("pk", s("a"), "sk", s("1"))).conditionExpression("#s = :done")
                .expressionAttributeNames(Map.of("#s", "state")).expressionAttributeValues(Map.of(":done", s("DONE")))))
                .isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(get("jobs", item("pk", s("a"), "sk", s("1")))).isNotEmpty();
    }
}
