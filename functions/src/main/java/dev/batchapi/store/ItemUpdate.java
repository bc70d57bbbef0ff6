package dev.batchapi.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Builds one conditional UpdateItem, alone or as part of a transaction. Every attribute name goes through a placeholder, since several
 * of ours (user, name, state) are DynamoDB reserved words; a null value removes the attribute.
 */
final class ItemUpdate {

    private final List<String> sets = new ArrayList<>();
    private final List<String> removes = new ArrayList<>();
    private final List<String> adds = new ArrayList<>();
    private final Map<String, String> names = new HashMap<>();
    private final Map<String, AttributeValue> values = new HashMap<>();
    private final List<String> conditions = new ArrayList<>();

    ItemUpdate set(String attribute, AttributeValue value) {
        if (value == null) {
            removes.add(name(attribute));
        } else {
            sets.add(name(attribute) + " = " + value(value));
        }
        return this;
    }

    ItemUpdate set(String attribute, String value) {
        return set(attribute, value == null ? null : BatchItems.s(value));
    }

    /** Sets the attribute unless it is already there. */
    ItemUpdate setIfAbsent(String attribute, AttributeValue value) {
        String placeholder = name(attribute);
        sets.add(placeholder + " = if_not_exists(" + placeholder + ", " + value(value) + ")");
        return this;
    }

    /** Adds to a number (a counter), counting from 0 if it is absent. */
    ItemUpdate add(String attribute, long amount) {
        adds.add(name(attribute) + " " + value(BatchItems.n(amount)));
        return this;
    }

    ItemUpdate remove(String attribute) {
        removes.add(name(attribute));
        return this;
    }

    /** The item must exist. */
    ItemUpdate whenExists(String attribute) {
        conditions.add("attribute_exists(" + name(attribute) + ")");
        return this;
    }

    ItemUpdate whenAbsent(String attribute) {
        conditions.add("attribute_not_exists(" + name(attribute) + ")");
        return this;
    }

    /** The attribute must be absent or hold a number below the value. */
    ItemUpdate whenAbsentOrBelow(String attribute, AttributeValue value) {
        conditions.add("(attribute_not_exists(" + name(attribute) + ") OR " + name(attribute) + " < " + value(value) + ")");
        return this;
    }

    /** The attribute must be absent or hold a number at most the value. */
    ItemUpdate whenAbsentOrAtMost(String attribute, AttributeValue value) {
        conditions.add("(attribute_not_exists(" + name(attribute) + ") OR " + name(attribute) + " <= " + value(value) + ")");
        return this;
    }

    /** The attribute must hold the value. */
    ItemUpdate whenEquals(String attribute, AttributeValue value) {
        conditions.add(name(attribute) + " = " + value(value));
        return this;
    }

    /** The attribute must hold one of the values. */
    ItemUpdate whenIn(String attribute, List<AttributeValue> allowed) {
        conditions.add(name(attribute) + " IN (" + String.join(", ", allowed.stream().map(this::value).toList()) + ")");
        return this;
    }

    UpdateItemRequest request(String table, Map<String, AttributeValue> key) {
        return UpdateItemRequest.builder()
                .tableName(table)
                .key(key)
                .updateExpression(expression())
                .conditionExpression(condition())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values.isEmpty() ? null : values)
                .returnValues(ReturnValue.ALL_NEW)
                .build();
    }

    /** The same update as one item of a TransactWriteItems. */
    TransactWriteItem transactItem(String table, Map<String, AttributeValue> key) {
        return TransactWriteItem.builder().update(Update.builder()
                .tableName(table)
                .key(key)
                .updateExpression(expression())
                .conditionExpression(condition())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values.isEmpty() ? null : values)
                .build()).build();
    }

    private String expression() {
        List<String> clauses = new ArrayList<>();
        if (!sets.isEmpty()) {
            clauses.add("SET " + String.join(", ", sets));
        }
        if (!removes.isEmpty()) {
            clauses.add("REMOVE " + String.join(", ", removes));
        }
        if (!adds.isEmpty()) {
            clauses.add("ADD " + String.join(", ", adds));
        }
        return String.join(" ", clauses);
    }

    private String condition() {
        return conditions.isEmpty() ? null : String.join(" AND ", conditions);
    }

    private String name(String attribute) {
        String placeholder = "#a" + names.size();
        for (Map.Entry<String, String> entry : names.entrySet()) {
            if (entry.getValue().equals(attribute)) {
                return entry.getKey();
            }
        }
        names.put(placeholder, attribute);
        return placeholder;
    }

    private String value(AttributeValue value) {
        String placeholder = ":v" + values.size();
        values.put(placeholder, value);
        return placeholder;
    }
}
