package dev.batchapi.local.dynamodb;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The size of items as DynamoDB counts it for the 400 KB limit and for capacity units (Developer
 * Guide, "DynamoDB item sizes and formats"): attribute name bytes plus value sizes.
 */
final class ItemSize {

    /** "The maximum item size in DynamoDB is 400 KB", names and values included. */
    static final long MAX_ITEM_BYTES = 400 * 1024;

    /** List and map values carry 3 bytes of overhead plus 1 byte per element. */
    private static final int CONTAINER_OVERHEAD = 3;
    private static final int ELEMENT_OVERHEAD = 1;

    private ItemSize() {
    }

    static long of(Item item) {
        return ofAttributes(item.attributes());
    }

    private static long ofAttributes(Map<String, AttributeValue> attributes) {
        long size = 0;
        for (Map.Entry<String, AttributeValue> attribute : attributes.entrySet()) {
            size += utf8Length(attribute.getKey()) + of(attribute.getValue());
        }
        return size;
    }

    static long of(AttributeValue value) {
        if (value instanceof AttributeValue.S s) {
            return utf8Length(s.value());
        }
        if (value instanceof AttributeValue.N n) {
            return numberSize(n.value());
        }
        if (value instanceof AttributeValue.B b) {
            return b.value().length();
        }
        if (value instanceof AttributeValue.M m) {
            return CONTAINER_OVERHEAD + ofAttributes(m.entries()) + (long) ELEMENT_OVERHEAD * m.entries().size();
        }
        if (value instanceof AttributeValue.L l) {
            return CONTAINER_OVERHEAD + l.elements().stream().mapToLong(element -> of(element) + ELEMENT_OVERHEAD).sum();
        }
        if (value instanceof AttributeValue.SS ss) {
            return ss.elements().stream().mapToLong(ItemSize::utf8Length).sum();
        }
        if (value instanceof AttributeValue.NS ns) {
            return ns.elements().stream().mapToLong(ItemSize::numberSize).sum();
        }
        if (value instanceof AttributeValue.BS bs) {
            return bs.elements().stream().mapToLong(Bytes::length).sum();
        }
        return 1; // BOOL and NULL: "1 byte"
    }

    /** "Approximately 1 byte per two significant digits, plus 1 byte"; leading and trailing zeros are trimmed. */
    private static long numberSize(BigDecimal number) {
        int significantDigits = new AttributeValue.N(number).value().precision();
        return (significantDigits + 1) / 2 + 1;
    }

    static long utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }
}
