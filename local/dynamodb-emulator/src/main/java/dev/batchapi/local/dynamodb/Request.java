package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request body (or one nested element of it, such as a transaction item), read the way DynamoDB
 * validates members. Members the emulator does not implement are refused by name, never ignored.
 */
record Request(String operation, JsonNode body) {

    /** Refuses every member outside {@code supported}, naming the first one the emulator lacks. */
    Request supporting(Set<String> supported) {
        Set<String> unsupported = new TreeSet<>();
        body.fieldNames().forEachRemaining(member -> {
            if (!supported.contains(member) && !body.get(member).isNull()) {
                unsupported.add(member);
            }
        });
        if (!unsupported.isEmpty()) {
            throw ServiceErrors.unsupported(operation + " parameter " + unsupported.iterator().next());
        }
        return this;
    }

    boolean has(String member) {
        JsonNode node = body.get(member);
        return node != null && !node.isNull();
    }

    /** The member's node, or null when absent. */
    JsonNode node(String member) {
        return has(member) ? body.get(member) : null;
    }

    Request nested(String member) {
        return new Request(operation, required(member));
    }

    JsonNode required(String member) {
        if (!has(member)) {
            throw ServiceErrors.validation("1 validation error detected: Value null at '" + camel(member)
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return body.get(member);
    }

    String requiredString(String member) {
        return required(member).asText();
    }

    /** The string member, or null when absent. */
    String string(String member) {
        return has(member) ? body.get(member).asText() : null;
    }

    String string(String member, String absent) {
        return has(member) ? body.get(member).asText() : absent;
    }

    /** An enumerated member: one of {@code allowed}, or {@code absent} when not given. */
    String choice(String member, String absent, Set<String> allowed) {
        String value = string(member, absent);
        if (!allowed.contains(value)) {
            throw ServiceErrors.validation("1 validation error detected: Value '" + value + "' at '" + camel(member)
                    + "' failed to satisfy constraint: Member must satisfy enum value set: " + new TreeSet<>(allowed));
        }
        return value;
    }

    boolean bool(String member, boolean absent) {
        return has(member) ? body.get(member).asBoolean() : absent;
    }

    /** A positive integer member such as Limit, or null when absent. */
    Integer positiveInteger(String member) {
        if (!has(member)) {
            return null;
        }
        int value = body.get(member).asInt();
        if (value < 1) {
            throw ServiceErrors.validation("1 validation error detected: Value '" + value + "' at '" + camel(member)
                    + "' failed to satisfy constraint: Member must have value greater than or equal to 1");
        }
        return value;
    }

    /** The elements of an array member; empty when absent. */
    List<JsonNode> array(String member) {
        List<JsonNode> elements = new ArrayList<>();
        if (has(member)) {
            body.get(member).forEach(elements::add);
        }
        return elements;
    }

    /** DynamoDB's validation messages name members in lower camel case, e.g. 'tableName'. */
    static String camel(String member) {
        return Character.toLowerCase(member.charAt(0)) + member.substring(1);
    }
}
