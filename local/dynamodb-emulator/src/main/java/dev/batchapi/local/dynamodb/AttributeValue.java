package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A DynamoDB attribute value. The record names are DynamoDB's own type descriptors, so code reads
 * like the wire format. Values are immutable; maps and sets keep the order they were given in.
 */
sealed interface AttributeValue {

    /** The DynamoDB data type descriptor: S, N, B, BOOL, NULL, M, L, SS, NS or BS. */
    String type();

    /** The value's content in DynamoDB's JSON form, i.e. what stands under its type descriptor. */
    JsonNode wireContent();

    /** Whether this is one of the types a key attribute may have (S, N or B). */
    default boolean isScalarKeyType() {
        return this instanceof S || this instanceof N || this instanceof B;
    }

    record S(String value) implements AttributeValue {
        @Override
        public String type() {
            return "S";
        }

        @Override
        public JsonNode wireContent() {
            return JsonNodeFactory.instance.textNode(value);
        }
    }

    /** A number, held normalised (no trailing zeros) so that equal numbers are equal records. */
    record N(BigDecimal value) implements AttributeValue {
        public N {
            value = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        }

        @Override
        public String type() {
            return "N";
        }

        @Override
        public JsonNode wireContent() {
            return JsonNodeFactory.instance.textNode(text());
        }

        /** DynamoDB answers numbers in plain notation without trailing zeros: 1.50 is 1.5, 1E+2 is 100. */
        String text() {
            return value.toPlainString();
        }
    }

    record B(Bytes value) implements AttributeValue {
        @Override
        public String type() {
            return "B";
        }

        @Override
        public JsonNode wireContent() {
            return JsonNodeFactory.instance.textNode(value.toString());
        }
    }

    record Bool(boolean value) implements AttributeValue {
        @Override
        public String type() {
            return "BOOL";
        }

        @Override
        public JsonNode wireContent() {
            return JsonNodeFactory.instance.booleanNode(value);
        }
    }

    record Null() implements AttributeValue {
        @Override
        public String type() {
            return "NULL";
        }

        @Override
        public JsonNode wireContent() {
            return JsonNodeFactory.instance.booleanNode(true);
        }
    }

    record M(Map<String, AttributeValue> entries) implements AttributeValue {
        public M {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }

        @Override
        public String type() {
            return "M";
        }

        @Override
        public JsonNode wireContent() {
            return AttributeValueJson.toJson(new Item(entries));
        }
    }

    record L(List<AttributeValue> elements) implements AttributeValue {
        public L {
            elements = List.copyOf(elements);
        }

        @Override
        public String type() {
            return "L";
        }

        @Override
        public JsonNode wireContent() {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            elements.forEach(element -> array.add(AttributeValueJson.toJson(element)));
            return array;
        }
    }

    record SS(Set<String> elements) implements AttributeValue {
        public SS {
            elements = Collections.unmodifiableSet(new LinkedHashSet<>(elements));
        }

        @Override
        public String type() {
            return "SS";
        }

        @Override
        public JsonNode wireContent() {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            elements.forEach(array::add);
            return array;
        }
    }

    /** A number set; its elements are normalised like {@link N} so that 1.0 and 1 are one element. */
    record NS(Set<BigDecimal> elements) implements AttributeValue {
        public NS {
            Set<BigDecimal> normalised = new LinkedHashSet<>();
            elements.forEach(element -> normalised.add(new N(element).value()));
            elements = Collections.unmodifiableSet(normalised);
        }

        @Override
        public String type() {
            return "NS";
        }

        @Override
        public JsonNode wireContent() {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            elements.forEach(element -> array.add(element.toPlainString()));
            return array;
        }
    }

    record BS(Set<Bytes> elements) implements AttributeValue {
        public BS {
            elements = Collections.unmodifiableSet(new LinkedHashSet<>(elements));
        }

        @Override
        public String type() {
            return "BS";
        }

        @Override
        public JsonNode wireContent() {
            ArrayNode array = JsonNodeFactory.instance.arrayNode();
            elements.forEach(element -> array.add(element.toString()));
            return array;
        }
    }
}
