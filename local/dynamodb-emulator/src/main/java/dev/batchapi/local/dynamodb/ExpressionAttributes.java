package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchapi.local.awsjson.AwsServiceException;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request (or of one transaction
 * item), tracking which placeholders the expressions use: DynamoDB rejects unused ones.
 */
final class ExpressionAttributes {

    private static final String NAMES = "ExpressionAttributeNames";
    private static final String VALUES = "ExpressionAttributeValues";

    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, AttributeValue> values = new LinkedHashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private final Set<String> usedValues = new HashSet<>();

    /**
     * Reads the placeholders of a request whose expressions are the members {@code expressionMembers};
     * placeholders given without any of those expressions are refused.
     */
    static ExpressionAttributes of(Request request, String... expressionMembers) {
        ExpressionAttributes attributes = new ExpressionAttributes();
        boolean anyExpression = false;
        for (String member : expressionMembers) {
            anyExpression |= request.has(member);
        }
        JsonNode names = request.node(NAMES);
        if (names != null) {
            checkMap(names, NAMES, "#", anyExpression);
            names.properties().forEach(entry -> attributes.names.put(entry.getKey(), entry.getValue().asText()));
        }
        JsonNode values = request.node(VALUES);
        if (values != null) {
            checkMap(values, VALUES, ":", anyExpression);
            values.properties().forEach(entry -> attributes.values.put(entry.getKey(), value(entry)));
        }
        return attributes;
    }

    /** DynamoDB names the placeholder whose value it cannot accept. */
    private static AttributeValue value(Map.Entry<String, JsonNode> entry) {
        try {
            return AttributeValueJson.value(entry.getValue());
        } catch (AwsServiceException e) {
            throw ServiceErrors.validation(VALUES + " contains invalid value: " + e.getMessage() + " for key "
                    + entry.getKey());
        }
    }

    /** The attribute name behind a {@code #name} placeholder. */
    String name(String placeholder, String expressionMember) {
        String name = names.get(placeholder);
        if (name == null) {
            throw ServiceErrors.invalidExpression(expressionMember, "An expression attribute name used in the document"
                    + " path is not defined; attribute name: " + placeholder);
        }
        usedNames.add(placeholder);
        return name;
    }

    /** The value behind a {@code :value} placeholder. */
    AttributeValue value(String placeholder, String expressionMember) {
        AttributeValue value = values.get(placeholder);
        if (value == null) {
            throw ServiceErrors.invalidExpression(expressionMember, "An expression attribute value used in expression"
                    + " is not defined; attribute value: " + placeholder);
        }
        usedValues.add(placeholder);
        return value;
    }

    /** Call once every expression of the request is parsed. */
    void checkAllUsed() {
        checkUsed(names.keySet(), usedNames, NAMES);
        checkUsed(values.keySet(), usedValues, VALUES);
    }

    private static void checkUsed(Set<String> given, Set<String> used, String member) {
        Set<String> unused = new TreeSet<>(given);
        unused.removeAll(used);
        if (!unused.isEmpty()) {
            throw ServiceErrors.validation("Value provided in " + member + " unused in expressions: keys: {"
                    + String.join(", ", unused) + "}");
        }
    }

    private static void checkMap(JsonNode map, String member, String prefix, boolean anyExpression) {
        if (!anyExpression) {
            throw ServiceErrors.validation(member + " can only be specified when using expressions");
        }
        if (map.size() == 0) {
            throw ServiceErrors.validation(member + " must not be empty");
        }
        map.fieldNames().forEachRemaining(key -> {
            if (!key.startsWith(prefix) || key.length() == 1) {
                throw ServiceErrors.validation(member + " contains invalid key: Syntax error; key: \"" + key + "\"");
            }
        });
    }
}
