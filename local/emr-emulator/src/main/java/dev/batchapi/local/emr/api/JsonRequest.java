package dev.batchapi.local.emr.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.batchapi.local.awsjson.AwsErrors;
import dev.batchapi.local.awsjson.AwsServiceException;
import dev.batchapi.local.awsjson.MemberPath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Reads one object of a request body, refusing what EMR refuses with EMR's wording: a missing
 * required member or a value out of its set is a ValidationException naming the member by its
 * path (e.g. {@code steps.1.member.name}); a value of the wrong JSON type is a SerializationException.
 */
final class JsonRequest {

    private final JsonNode node;
    private final MemberPath path;

    private JsonRequest(JsonNode node, MemberPath path) {
        this.node = node;
        this.path = path;
    }

    static JsonRequest of(JsonNode body) {
        return new JsonRequest(body, MemberPath.ROOT);
    }

    String requiredString(String member) {
        return optionalString(member).orElseThrow(() -> missing(member));
    }

    String requiredString(String member, int maxLength) {
        String value = requiredString(member);
        if (value.length() > maxLength) {
            throw AwsErrors.constraintViolated(path.member(member), value,
                    "Member must have length less than or equal to " + maxLength);
        }
        return value;
    }

    Optional<String> optionalString(String member) {
        return value(member).map(value -> {
            if (!value.isTextual()) {
                throw wrongType(member, "a string");
            }
            return value.textValue();
        });
    }

    Optional<Integer> optionalInt(String member) {
        return value(member).map(value -> {
            if (!value.canConvertToInt() || !value.isIntegralNumber()) {
                throw wrongType(member, "an integer");
            }
            return value.intValue();
        });
    }

    Optional<Boolean> optionalBoolean(String member) {
        return value(member).map(value -> {
            if (!value.isBoolean()) {
                throw wrongType(member, "a boolean");
            }
            return value.booleanValue();
        });
    }

    <E extends Enum<E>> Optional<E> optionalEnum(String member, Class<E> type) {
        return optionalString(member).map(text -> enumValue(text, member, type));
    }

    JsonRequest requiredObject(String member) {
        JsonNode value = value(member).orElseThrow(() -> missing(member));
        if (!value.isObject()) {
            throw wrongType(member, "an object");
        }
        return new JsonRequest(value, path.member(member));
    }

    /** The objects of a list member; none when it is missing. */
    List<JsonRequest> objects(String member) {
        List<JsonRequest> objects = new ArrayList<>();
        List<JsonNode> elements = elements(member);
        for (int i = 0; i < elements.size(); i++) {
            if (!elements.get(i).isObject()) {
                throw wrongType(member, "a list of objects");
            }
            objects.add(new JsonRequest(elements.get(i), path.member(member).element(i)));
        }
        return objects;
    }

    List<JsonRequest> requiredObjects(String member) {
        value(member).orElseThrow(() -> missing(member));
        return objects(member);
    }

    /** The strings of a list member; none when it is missing. */
    List<String> strings(String member) {
        return elements(member).stream().map(element -> {
            if (!element.isTextual()) {
                throw wrongType(member, "a list of strings");
            }
            return element.textValue();
        }).toList();
    }

    List<String> requiredStrings(String member) {
        value(member).orElseThrow(() -> missing(member));
        return strings(member);
    }

    <E extends Enum<E>> List<E> enums(String member, Class<E> type) {
        return strings(member).stream().map(text -> enumValue(text, member, type)).toList();
    }

    private <E extends Enum<E>> E enumValue(String text, String member, Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .filter(constant -> constant.name().equals(text))
                .findFirst()
                .orElseThrow(() -> AwsErrors.constraintViolated(path.member(member), text,
                        "Member must satisfy enum value set: " + Arrays.toString(type.getEnumConstants())));
    }

    private List<JsonNode> elements(String member) {
        Optional<JsonNode> list = value(member);
        if (list.isEmpty()) {
            return List.of();
        }
        if (!list.get().isArray()) {
            throw wrongType(member, "a list");
        }
        List<JsonNode> elements = new ArrayList<>();
        list.get().forEach(elements::add);
        return elements;
    }

    /** A member sent as JSON null counts as missing, as in AWS's own JSON services. */
    private Optional<JsonNode> value(String member) {
        JsonNode value = node.get(member);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
    }

    private AwsServiceException missing(String member) {
        return AwsErrors.constraintViolated(path.member(member), null, "Member must not be null");
    }

    private AwsServiceException wrongType(String member, String expected) {
        return AwsErrors.serialization(path.member(member) + " must be " + expected);
    }
}
