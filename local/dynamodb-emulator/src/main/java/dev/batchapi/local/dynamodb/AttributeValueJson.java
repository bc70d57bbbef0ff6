package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchapi.local.awsjson.AwsErrors;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/** Reads and writes attribute values and items in DynamoDB's JSON form, validating them as DynamoDB does. */
final class AttributeValueJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** DynamoDB numbers carry up to 38 significant digits, in magnitude 1E-130 to 9.99...E+125. */
    private static final int MAX_PRECISION = 38;
    private static final int MAX_EXPONENT = 125;
    private static final int MIN_EXPONENT = -130;

    private AttributeValueJson() {
    }

    /** An item (or key) given as a JSON object of attribute values; null or missing stands for no item. */
    static Item item(JsonNode node) {
        if (node == null || node.isNull()) {
            return Item.EMPTY;
        }
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        node.properties().forEach(field -> attributes.put(field.getKey(), value(field.getValue())));
        return new Item(attributes);
    }

    static AttributeValue value(JsonNode node) {
        if (node == null || !node.isObject() || node.size() == 0) {
            throw ServiceErrors.validation(
                    "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
        }
        if (node.size() > 1) {
            throw ServiceErrors.validation(
                    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes");
        }
        Map.Entry<String, JsonNode> only = node.properties().iterator().next();
        JsonNode content = only.getValue();
        return switch (only.getKey()) {
            case "S" -> new AttributeValue.S(content.asText());
            case "N" -> new AttributeValue.N(number(content.asText()));
            case "B" -> new AttributeValue.B(binary(content.asText()));
            case "BOOL" -> new AttributeValue.Bool(content.asBoolean());
            case "NULL" -> nullValue(content);
            case "M" -> new AttributeValue.M(item(content).attributes());
            case "L" -> new AttributeValue.L(list(content));
            case "SS" -> new AttributeValue.SS(set(content, "string", JsonNode::asText));
            case "NS" -> new AttributeValue.NS(set(content, "number", element -> number(element.asText())));
            case "BS" -> new AttributeValue.BS(set(content, "binary", element -> binary(element.asText())));
            default -> throw ServiceErrors.validation("Supplied AttributeValue has an unknown datatype: " + only.getKey());
        };
    }

    static ObjectNode toJson(Item item) {
        ObjectNode node = JSON.objectNode();
        item.attributes().forEach((name, value) -> node.set(name, toJson(value)));
        return node;
    }

    static ObjectNode toJson(AttributeValue value) {
        ObjectNode node = JSON.objectNode();
        node.set(value.type(), value.wireContent());
        return node;
    }

    /** Parses a DynamoDB number, enforcing its precision and range. */
    static BigDecimal number(String text) {
        BigDecimal number;
        try {
            number = new BigDecimal(text);
        } catch (NumberFormatException e) {
            throw ServiceErrors.validation("The parameter cannot be converted to a numeric value: " + text);
        }
        if (number.signum() == 0) {
            return BigDecimal.ZERO;
        }
        BigDecimal normalised = number.stripTrailingZeros();
        if (normalised.precision() > MAX_PRECISION) {
            throw ServiceErrors.validation("Attempting to store more than 38 significant digits in a Number");
        }
        int exponent = normalised.precision() - normalised.scale() - 1;
        if (exponent > MAX_EXPONENT) {
            throw ServiceErrors.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (exponent < MIN_EXPONENT) {
            throw ServiceErrors.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return normalised;
    }

    private static Bytes binary(String base64) {
        try {
            return new Bytes(Base64.getDecoder().decode(base64));
        } catch (IllegalArgumentException e) {
            throw AwsErrors.serialization("Base64 encoded length is expected a multiple of 4 bytes");
        }
    }

    private static AttributeValue nullValue(JsonNode content) {
        if (!content.asBoolean()) {
            throw ServiceErrors.invalidParameter("Null attribute value types must have the value of true");
        }
        return new AttributeValue.Null();
    }

    private static List<AttributeValue> list(JsonNode content) {
        List<AttributeValue> elements = new ArrayList<>();
        content.forEach(element -> elements.add(value(element)));
        return elements;
    }

    /** Sets must be non-empty and free of duplicates (for numbers: numerically equal ones). */
    private static <T> Set<T> set(JsonNode content, String typeName, Function<JsonNode, T> reader) {
        if (content.size() == 0) {
            throw ServiceErrors.invalidParameter("An " + typeName + " set  may not be empty");
        }
        Set<T> elements = new LinkedHashSet<>();
        List<String> given = new ArrayList<>();
        for (Iterator<JsonNode> it = content.elements(); it.hasNext(); ) {
            JsonNode element = it.next();
            given.add(element.asText());
            elements.add(reader.apply(element));
        }
        if (elements.size() < given.size()) {
            throw ServiceErrors.invalidParameter("Input collection " + given + " contains duplicates.");
        }
        return elements;
    }

    /** Writes a list of items as a JSON array. */
    static ArrayNode toJson(Collection<Item> items) {
        ArrayNode array = JSON.arrayNode();
        items.forEach(item -> array.add(toJson(item)));
        return array;
    }
}
