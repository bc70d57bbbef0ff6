package dev.batchapi.store;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * An item in DynamoDB's JSON (each value under its type's name), as a stream event carries its images
 * and as SnapStart priming's stub answers: of the types a batch item holds (S, N, BOOL, NULL, M, L).
 */
final class ItemJson {

    private ItemJson() {
    }

    static Map<String, Object> write(Map<String, AttributeValue> item) {
        Map<String, Object> json = new LinkedHashMap<>();
        item.forEach((name, value) -> json.put(name, write(value)));
        return json;
    }

    private static Map<String, Object> write(AttributeValue value) {
        return switch (value.type()) {
            case S -> Map.of("S", value.s());
            case N -> Map.of("N", value.n());
            case BOOL -> Map.of("BOOL", value.bool());
            case NUL -> Map.of("NULL", true);
            case M -> Map.of("M", write(value.m()));
            case L -> Map.of("L", value.l().stream().map(ItemJson::write).toList());
            default -> throw new IllegalArgumentException("a batch item holds no " + value.type());
        };
    }

    /** @throws IllegalArgumentException if it is not an item of those types */
    static Map<String, AttributeValue> read(Object json) {
        if (!(json instanceof Map<?, ?> attributes)) {
            throw new IllegalArgumentException("an item is a JSON object");
        }
        Map<String, AttributeValue> item = new LinkedHashMap<>();
        attributes.forEach((name, value) -> item.put((String) name, value(value)));
        return item;
    }

    private static AttributeValue value(Object json) {
        if (!(json instanceof Map<?, ?> typed) || typed.size() != 1) {
            throw new IllegalArgumentException("an attribute value is an object of one type");
        }
        Map.Entry<?, ?> only = typed.entrySet().iterator().next();
        Object value = only.getValue();
        return switch ((String) only.getKey()) {
            case "S" -> AttributeValue.fromS((String) value);
            case "N" -> AttributeValue.fromN((String) value);
            case "BOOL" -> AttributeValue.fromBool((Boolean) value);
            case "NULL" -> AttributeValue.fromNul(true);
            case "M" -> AttributeValue.fromM(read(value));
            case "L" -> AttributeValue.fromL(((List<?>) value).stream().map(ItemJson::value).toList());
            default -> throw new IllegalArgumentException("a batch item holds no " + only.getKey());
        };
    }
}
