package dev.batchapi.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** Condition grammar and functions, exercised as the filter of a scan over one item. */
class ConditionExpressionTest extends DynamoDbClientTest {

    private static final Map<String, AttributeValue> VALUES = Map.ofEntries(
            Map.entry(":one", n("1")), Map.entry(":two", n("2")), Map.entry(":ten", n("10")),
            Map.entry(":run", s("RUNNING")), Map.entry(":done", s("DONE")), Map.entry(":ru", s("RU")),
            Map.entry(":spark", s("spark")), Map.entry(":tagA", s("a")), Map.entry(":S", s("S")),
            Map.entry(":M", s("M")), Map.entry(":b", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1}))),
            Map.entry(":n7", n("7")), Map.entry(":set", AttributeValue.fromSs(List.of("a"))));

    @BeforeEach
    void createOneItem() {
        createTable("jobs", "pk", null);
        put("jobs", item("pk", s("a"), "state", s("RUNNING"), "attempts", n("2"), "name", s("my spark job"),
                "tags", AttributeValue.fromSs(List.of("a", "b")), "conf", AttributeValue.fromM(Map.of(
                        "args", AttributeValue.fromL(List.of(s("x"), n("7"))))),
                "payload", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[] {1, 2}))));
    }

    @Test
    void comparatorsCompareNumbersNumerically() {
        assertThat(matches("attempts = :two")).isTrue();
        assertThat(matches("attempts <> :two")).isFalse();
        assertThat(matches("attempts < :ten")).isTrue();
        assertThat(matches("attempts <= :two")).isTrue();
        assertThat(matches("attempts > :one")).isTrue();
        assertThat(matches("attempts >= :ten")).isFalse();
        assertThat(matches("attempts BETWEEN :one AND :ten")).isTrue();
        assertThat(matches("attempts IN (:one, :ten)")).isFalse();
        assertThat(matches("#s IN (:done, :run)")).isTrue();
    }

    @Test
    void absentAttributesEqualNothing() {
        assertThat(matches("absent = :one")).isFalse();
        assertThat(matches("absent <> :one")).isTrue();
        assertThat(matches("absent < :one")).isFalse();
        assertThat(matches("attempts = #s")).isFalse();
        assertThat(matches("attempts < #s")).isFalse();
    }

    @Test
    void logicalOperatorsFollowDynamoDbPrecedence() {
        // NOT binds tighter than AND, which binds tighter than OR.
        assertThat(matches("#s = :done OR #s = :run AND attempts = :two")).isTrue();
        assertThat(matches("(#s = :done OR #s = :run) AND attempts = :one")).isFalse();
        assertThat(matches("#s = :run OR #s = :done AND attempts = :one")).isTrue();
        assertThat(matches("NOT #s = :done AND attempts = :two")).isTrue();
        assertThat(matches("NOT (#s = :run AND attempts = :two)")).isFalse();
    }

    @Test
    void functionsInspectAttributes() {
        assertThat(matches("attribute_exists(conf.args[1])")).isTrue();
        assertThat(matches("attribute_exists(conf.args[2])")).isFalse();
        assertThat(matches("attribute_not_exists(absent)")).isTrue();
        assertThat(matches("attribute_type(conf, :M)")).isTrue();
        assertThat(matches("attribute_type(#s, :M)")).isFalse();
        assertThat(matches("begins_with(#s, :ru)")).isTrue();
        assertThat(matches("begins_with(payload, :b)")).isTrue();
        assertThat(matches("contains(#n, :spark)")).isTrue();
        assertThat(matches("contains(tags, :tagA)")).isTrue();
        assertThat(matches("contains(conf.args, :n7)")).isTrue();
        assertThat(matches("size(tags) = :two AND size(#n) > :ten AND size(conf.args) = :two")).isTrue();
        assertThat(matches("size(payload) = :two")).isTrue();
    }

    @Test
    void conditionalWritesSeeAMissingItemAsEmpty() {
        client.putItem(request -> request.tableName("jobs").item(item("pk", s("b")))
                .conditionExpression("attribute_not_exists(pk)"));

        assertThatThrownBy(() -> client.putItem(request -> request.tableName("jobs").item(item("pk", s("b")))
                .conditionExpression("attribute_not_exists(pk)")))
                .isInstanceOf(ConditionalCheckFailedException.class);
    }

    @Test
    void invalidOperandsAreRefused() {
        assertThatThrownBy(() -> matches("attempts BETWEEN :ten AND :one"))
                .hasMessageStartingWith("Invalid FilterExpression: The BETWEEN operator requires upper bound to be"
                        + " greater than or equal to lower bound; lower bound operand: AttributeValue: {N:10},"
                        + " upper bound operand: AttributeValue: {N:1}");
        assertThatThrownBy(() -> matches("attribute_type(#s, :ru)"))
                .hasMessageStartingWith("Invalid FilterExpression: Invalid attribute type name found; type: RU");
        assertThatThrownBy(() -> matches("attribute_exists(:one)"))
                .hasMessageStartingWith("Invalid FilterExpression: Operator or function requires a document path;"
                        + " operator or function: attribute_exists");
        assertThatThrownBy(() -> matches("nosuch(#s)"))
                .hasMessageStartingWith("Invalid FilterExpression: Invalid function name; function: nosuch");
        assertThatThrownBy(() -> matches("#s = :run AND"))
                .hasMessageStartingWith("Invalid FilterExpression: Syntax error; token: \"<EOF>\"");
        assertThatThrownBy(() -> matches("attempts < :set"))
                .hasMessageStartingWith("Invalid FilterExpression: Incorrect operand type for operator or function;"
                        + " operator or function: <, operand type: SS");
        assertThatThrownBy(() -> matches("#s == :run"))
                .hasMessageStartingWith("Invalid FilterExpression: Syntax error; token: \"=\", near: \"== :run\"");
    }

    /** Whether the item satisfies the condition, with #s and #n standing for state and name when used. */
    private boolean matches(String condition) {
        Map<String, String> names = new java.util.HashMap<>();
        if (condition.contains("#s")) {
            names.put("#s", "state");
        }
        if (condition.contains("#n")) {
            names.put("#n", "name");
        }
        Map<String, AttributeValue> values = new java.util.HashMap<>();
        VALUES.forEach((placeholder, value) -> {
            if (condition.matches(".*" + placeholder + "\\b.*")) {
                values.put(placeholder, value);
            }
        });
        return client.scan(request -> request.tableName("jobs").filterExpression(condition)
                .expressionAttributeNames(names.isEmpty() ? null : names)
                .expressionAttributeValues(values.isEmpty() ? null : values)).count() == 1;
    }
}
