package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchapi.local.awsjson.AwsErrors;
import dev.batchapi.local.awsjson.AwsServiceException;
import dev.batchapi.local.awsjson.MemberPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A request body (or one nested object of it, such as a transaction item, at {@code path}), read
 * the way DynamoDB validates members. Members the emulator does not implement are refused by name,
 * never ignored.
 */
record Request(String operation, JsonNode body, MemberPath path) {

    /** A whole request body. */
    Request(String operation, JsonNode body) {
        this(operation, body, MemberPath.ROOT);
    }

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
        return new Request(operation, required(member), path.member(member));
    }

    /** The objects of a list member, each read at its own path; none when absent. */
    List<Request> elements(String member) {
        List<JsonNode> nodes = array(member);
        List<Request> elements = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            elements.add(new Request(operation, nodes.get(i), path.member(member).element(i)));
        }
        return elements;
    }

    JsonNode required(String member) {
        if (!has(member)) {
            throw constraintViolated(member, null, "Member must not be null");
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
            throw constraintViolated(member, value, "Member must satisfy enum value set: " + new TreeSet<>(allowed));
        }
        return value;
    }

    boolean bool(String member, boolean absent) {
        return has(member) ? body.get(member).asBoolean() : absent;
    }

    /** A positive integer member such as Limit, or null when absent. */
    Integer positiveInteger(String member) {
        return has(member) ? (int) positive(member, body.get(member).asInt()) : null;
    }

    /** A required positive number member such as ReadCapacityUnits. */
    long requiredPositiveLong(String member) {
        return positive(member, required(member).asLong());
    }

    /** The elements of an array member; empty when absent. */
    List<JsonNode> array(String member) {
        List<JsonNode> elements = new ArrayList<>();
        if (has(member)) {
            body.get(member).forEach(elements::add);
        }
        return elements;
    }

    /** DynamoDB's request validation refusing the member's {@code value}; null: it is missing. */
    AwsServiceException constraintViolated(String member, Object value, String constraint) {
        return AwsErrors.constraintViolated(path.member(member), value, constraint);
    }

    private long positive(String member, long value) {
        if (value < 1) {
            throw constraintViolated(member, value, "Member must have value greater than or equal to 1");
        }
        return value;
    }
}
