package dev.batchapi.local.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class UpdateExpressionTest extends DynamoDbClientTest {

    private static final Map<String, AttributeValue> KEY = item("pk", s("a"));

    @BeforeEach
    void createOneItem() {
        createTable("jobs", "pk", null);
        put("jobs", item("pk", s("a"), "attempts", n("2"), "tags", AttributeValue.fromSs(List.of("x", "y")),
                "steps", AttributeValue.fromL(List.of(s("s0"), s("s1"), s("s2"), s("s3"))),
                "conf", AttributeValue.fromM(Map.of("spark", s("3.5")))));
    }

    @Test
    void setAssignsComputesAndNests() {
        Map<String, AttributeValue> item = update("SET attempts = attempts + :one, remaining = :ten - attempts,"
                        + " conf.driver = :mem, steps[1] = :new, steps[9] = :last",
                Map.of(":one", n("1"), ":ten", n("10"), ":mem", s("4g"), ":new", s("S1"), ":last", s("end")));

        assertThat(item.get("attempts")).isEqualTo(n("3"));
        assertThat(item.get("remaining")).isEqualTo(n("8"));
        assertThat(item.get("conf").m()).containsEntry("driver", s("4g")).containsEntry("spark", s("3.5"));
        assertThat(item.get("steps").l()).containsExactly(s("s0"), s("S1"), s("s2"), s("s3"), s("end"));
    }

    @Test
    void ifNotExistsAndListAppendBuildOnWhatIsThere() {
        Map<String, AttributeValue> item = update("SET attempts = if_not_exists(attempts, :zero),"
                        + " started = if_not_exists(started, :now),"
                        + " steps = list_append(steps, :more), history = list_append(if_not_exists(history, :empty), :more)",
                Map.of(":zero", n("0"), ":now", s("t1"), ":more", AttributeValue.fromL(List.of(s("s4"))),
                        ":empty", AttributeValue.fromL(List.of())));

        assertThat(item.get("attempts")).isEqualTo(n("2"));
        assertThat(item.get("started")).isEqualTo(s("t1"));
        assertThat(item.get("steps").l()).hasSize(5).endsWith(s("s4"));
        assertThat(item.get("history").l()).containsExactly(s("s4"));
    }

    @Test
    void removeDeletesAttributesAndListElementsByOriginalIndex() {
        Map<String, AttributeValue> item = update("REMOVE conf.spark, steps[1], steps[2], absent", Map.of());

        assertThat(item.get("conf").m()).isEmpty();
        assertThat(item.get("steps").l()).containsExactly(s("s0"), s("s3"));
    }

    @Test
    void setAndRemoveOnOneListBothIndexTheListAsItWasBeforeTheUpdate() {
        Map<String, AttributeValue> item = update("SET steps[3] = :new REMOVE steps[1]", Map.of(":new", s("S3")));

        assertThat(item.get("steps").l()).containsExactly(s("s0"), s("s2"), s("S3"));
    }

    @Test
    void manySetAndRemoveActionsAllApplyWhateverTheirOrder() {
        // 32 actions in an order that once broke the sort's contract (an HTTP 500).
        List<String> set = List.of("a03", "a07", "a20", "a15", "a29", "a17", "a18", "a22", "a06", "a24", "a25",
                "a09", "a05", "a23", "a11", "a16", "a00", "a26", "a27", "a02", "a04", "a21");
        List<String> removed = List.of("a30", "a28", "a12", "a19", "a08", "a10", "a01", "a13", "a14", "a31");
        Map<String, AttributeValue> before = new HashMap<>(KEY);
        removed.forEach(name -> before.put(name, s("old")));
        put("jobs", before);

        Map<String, AttributeValue> item = update(set.stream().map(name -> name + " = :v")
                .collect(Collectors.joining(", ", "SET ", " REMOVE ")) + String.join(", ", removed), Map.of(":v", s("new")));

        assertThat(item).containsKeys(set.toArray(String[]::new)).doesNotContainKeys(removed.toArray(String[]::new));
    }

    @Test
    void addAndDeleteWorkOnNumbersAndSets() {
        Map<String, AttributeValue> item = update("ADD attempts :five, tags :z, fresh :five DELETE absentSet :x",
                Map.of(":five", n("5"), ":z", AttributeValue.fromSs(List.of("z")), ":x", AttributeValue.fromSs(List.of("x"))));
        assertThat(item.get("attempts")).isEqualTo(n("7"));
        assertThat(item.get("tags").ss()).containsExactlyInAnyOrder("x", "y", "z");
        assertThat(item.get("fresh")).isEqualTo(n("5"));

        Map<String, AttributeValue> emptied = update("DELETE tags :all",
                Map.of(":all", AttributeValue.fromSs(List.of("x", "y", "z"))));
        assertThat(emptied).doesNotContainKey("tags");
    }

    @Test
    void clausesMayComeInAnyOrderButOnlyOnce() {
        Map<String, AttributeValue> item = update("remove conf set attempts = :one", Map.of(":one", n("1")));
        assertThat(item).doesNotContainKey("conf").containsEntry("attempts", n("1"));

        assertThatThrownBy(() -> update("SET attempts = :one SET remaining = :one", Map.of(":one", n("1"))))
                .hasMessageStartingWith("Invalid UpdateExpression: The \"SET\" section can only be used once in an"
                        + " update expression;");
    }

    @Test
    void overlappingPathsAreRefused() {
        assertThatThrownBy(() -> update("SET conf.spark = :v REMOVE conf", Map.of(":v", s("4"))))
                .hasMessageStartingWith("Invalid UpdateExpression: Two document paths overlap with each other; must"
                        + " remove or rewrite one of these paths; path one: [conf, spark], path two: [conf]");
        assertThatThrownBy(() -> update("SET attempts = :v, attempts = :v", Map.of(":v", n("4"))))
                .hasMessageContaining("Two document paths overlap");
        assertThatThrownBy(() -> update("REMOVE steps.head SET steps[1] = :v", Map.of(":v", n("4"))))
                .hasMessageStartingWith("Invalid UpdateExpression: Two document paths conflict with each other; must"
                        + " remove or rewrite one of these paths; path one: [steps, head], path two: [steps, [1]]");
    }

    @Test
    void operandsOfTheWrongTypeAreRefused() {
        assertThatThrownBy(() -> update("SET attempts = tags + :one", Map.of(":one", n("1"))))
                .hasMessageStartingWith("An operand in the update expression has an incorrect data type");
        assertThatThrownBy(() -> update("SET attempts = absent + :one", Map.of(":one", n("1"))))
                .hasMessageStartingWith("The provided expression refers to an attribute that does not exist in the item");
        assertThatThrownBy(() -> update("ADD tags :one", Map.of(":one", n("1"))))
                .hasMessageStartingWith("An operand in the update expression has an incorrect data type");
        assertThatThrownBy(() -> update("ADD attempts :s", Map.of(":s", s("x"))))
                .hasMessageStartingWith("Invalid UpdateExpression: Incorrect operand type for operator or function;"
                        + " operator: ADD, operand type: STRING");
        assertThatThrownBy(() -> update("SET steps = list_append(:s, steps)", Map.of(":s", s("x"))))
                .hasMessageStartingWith("Invalid UpdateExpression: Incorrect operand type for operator or function;"
                        + " operator or function: list_append, operand type: S");
        assertThatThrownBy(() -> update("SET attempts = if_not_exists(attempts)", Map.of()))
                .hasMessageStartingWith("Invalid UpdateExpression: Incorrect number of operands for operator or"
                        + " function; operator or function: if_not_exists, number of operands: 1");
        assertThatThrownBy(() -> update("SET attempts = if_not_exists(:s, attempts)", Map.of(":s", s("x"))))
                .hasMessageStartingWith("Invalid UpdateExpression: Operator or function requires a document path;"
                        + " operator or function: if_not_exists");
        assertThatThrownBy(() -> update("SET absent.nested = :s", Map.of(":s", s("x"))))
                .hasMessageStartingWith("The document path provided in the update expression is invalid for update");
        assertThatThrownBy(() -> update("REMOVE conf[0]", Map.of()))
                .hasMessageStartingWith("The document path provided in the update expression is invalid for update");
        assertThatThrownBy(() -> update("DELETE attempts.inside :x", Map.of(":x", AttributeValue.fromSs(List.of("x")))))
                .hasMessageStartingWith("The document path provided in the update expression is invalid for update");
    }

    @Test
    void updatedNumbersMustStayWithinDynamoDbsRange() {
        assertThatThrownBy(() -> update("SET attempts = :big + :big", Map.of(":big", n("9.9E+125"))))
                .hasMessageStartingWith("Number overflow.");
    }

    private Map<String, AttributeValue> update(String expression, Map<String, AttributeValue> values) {
        return client.updateItem(request -> request.tableName("jobs").key(KEY).updateExpression(expression)
                .expressionAttributeValues(values.isEmpty() ? null : values)
                .returnValues("ALL_NEW")).attributes();
    }
}
