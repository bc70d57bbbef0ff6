package dev.batchapi.local.dynamodb;

import java.math.BigDecimal;

/** An operand of a condition: a document path, a value placeholder, or {@code size(path)}. */
sealed interface Operand {

    /** The operand's value for this item, or null when it has none (a missing attribute). */
    AttributeValue evaluate(Item item);

    record Path(DocumentPath path) implements Operand {
        @Override
        public AttributeValue evaluate(Item item) {
            return path.resolve(item);
        }
    }

    record Value(AttributeValue value) implements Operand {
        @Override
        public AttributeValue evaluate(Item item) {
            return value;
        }
    }

    /**
     * {@code size(path)}: the length of a string, the bytes of a binary, the elements of a set, list
     * or map; no value for other types or a missing attribute.
     */
    record Size(DocumentPath path) implements Operand {
        @Override
        public AttributeValue evaluate(Item item) {
            AttributeValue value = path.resolve(item);
            long size;
            if (value instanceof AttributeValue.S s) {
                size = s.value().codePointCount(0, s.value().length());
            } else if (value instanceof AttributeValue.B b) {
                size = b.value().length();
            } else if (value instanceof AttributeValue.SS ss) {
                size = ss.elements().size();
            } else if (value instanceof AttributeValue.NS ns) {
                size = ns.elements().size();
            } else if (value instanceof AttributeValue.BS bs) {
                size = bs.elements().size();
            } else if (value instanceof AttributeValue.L l) {
                size = l.elements().size();
            } else if (value instanceof AttributeValue.M m) {
                size = m.entries().size();
            } else {
                return null;
            }
            return new AttributeValue.N(BigDecimal.valueOf(size));
        }
    }
}
