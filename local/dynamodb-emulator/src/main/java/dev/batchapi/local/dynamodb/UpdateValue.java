package dev.batchapi.local.dynamodb;

import java.util.ArrayList;
import java.util.List;

/** The right-hand side of a SET action, evaluated against the item as it was before the update. */
sealed interface UpdateValue {

    AttributeValue evaluate(Item item);

    record Path(DocumentPath path) implements UpdateValue {
        @Override
        public AttributeValue evaluate(Item item) {
            AttributeValue value = path.resolve(item);
            if (value == null) {
                throw ServiceErrors.validation(
                        "The provided expression refers to an attribute that does not exist in the item");
            }
            return value;
        }
    }

    record Value(AttributeValue value) implements UpdateValue {
        @Override
        public AttributeValue evaluate(Item item) {
            return value;
        }
    }

    /** {@code if_not_exists(path, value)}: the attribute when present, the fallback otherwise. */
    record IfNotExists(DocumentPath path, UpdateValue fallback) implements UpdateValue {
        @Override
        public AttributeValue evaluate(Item item) {
            AttributeValue value = path.resolve(item);
            return value != null ? value : fallback.evaluate(item);
        }
    }

    /** {@code list_append(first, second)}: the elements of the second list after those of the first. */
    record ListAppend(UpdateValue first, UpdateValue second) implements UpdateValue {
        @Override
        public AttributeValue evaluate(Item item) {
            if (first.evaluate(item) instanceof AttributeValue.L head
                    && second.evaluate(item) instanceof AttributeValue.L tail) {
                List<AttributeValue> elements = new ArrayList<>(head.elements());
                elements.addAll(tail.elements());
                return new AttributeValue.L(elements);
            }
            throw incorrectDataType();
        }
    }

    /** {@code a + b} or {@code a - b}, on numbers only. */
    record Arithmetic(UpdateValue left, boolean subtract, UpdateValue right) implements UpdateValue {
        @Override
        public AttributeValue evaluate(Item item) {
            if (left.evaluate(item) instanceof AttributeValue.N a && right.evaluate(item) instanceof AttributeValue.N b) {
                return number((subtract ? a.value().subtract(b.value()) : a.value().add(b.value())).toPlainString());
            }
            throw incorrectDataType();
        }
    }

    /** A computed number must still fit DynamoDB's precision and range. */
    static AttributeValue.N number(String text) {
        return new AttributeValue.N(AttributeValueJson.number(text));
    }

    static RuntimeException incorrectDataType() {
        return ServiceErrors.validation("An operand in the update expression has an incorrect data type");
    }
}
