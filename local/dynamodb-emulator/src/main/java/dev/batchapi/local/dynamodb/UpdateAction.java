package dev.batchapi.local.dynamodb;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;

/** One action of an update expression (a SET, REMOVE, ADD or DELETE clause entry), on one document path. */
sealed interface UpdateAction {

    DocumentPath path();

    /**
     * The item with this action done; {@code original} is the item before any action of the update,
     * which is what every operand refers to.
     */
    Item applyTo(Item item, Item original);

    record SetAction(DocumentPath path, UpdateValue value) implements UpdateAction {
        @Override
        public Item applyTo(Item item, Item original) {
            return path.set(item, value.evaluate(original));
        }
    }

    record RemoveAction(DocumentPath path) implements UpdateAction {
        @Override
        public Item applyTo(Item item, Item original) {
            return path.remove(item);
        }
    }

    /** ADD: adds to a number, or unions into a set; a missing attribute starts from the value itself. */
    record AddAction(DocumentPath path, AttributeValue value) implements UpdateAction {
        @Override
        public Item applyTo(Item item, Item original) {
            AttributeValue existing = path.resolve(original);
            if (existing == null) {
                return path.set(item, value);
            }
            if (existing instanceof AttributeValue.N a && value instanceof AttributeValue.N b) {
                return path.set(item, UpdateValue.number(a.value().add(b.value()).toPlainString()));
            }
            if (existing instanceof AttributeValue.SS a && value instanceof AttributeValue.SS b) {
                return path.set(item, new AttributeValue.SS(combine(a.elements(), b.elements(), Set::addAll)));
            }
            if (existing instanceof AttributeValue.NS a && value instanceof AttributeValue.NS b) {
                return path.set(item, new AttributeValue.NS(combine(a.elements(), b.elements(), Set::addAll)));
            }
            if (existing instanceof AttributeValue.BS a && value instanceof AttributeValue.BS b) {
                return path.set(item, new AttributeValue.BS(combine(a.elements(), b.elements(), Set::addAll)));
            }
            throw UpdateValue.incorrectDataType();
        }
    }

    /** DELETE: removes elements from a set; a set left empty is removed, as sets cannot be empty. */
    record DeleteAction(DocumentPath path, AttributeValue value) implements UpdateAction {
        @Override
        public Item applyTo(Item item, Item original) {
            AttributeValue existing = path.resolve(original);
            if (existing == null) {
                return path.remove(item); // nothing to delete, but the path must still be valid
            }
            AttributeValue remaining;
            if (existing instanceof AttributeValue.SS a && value instanceof AttributeValue.SS b) {
                remaining = nonEmpty(combine(a.elements(), b.elements(), Set::removeAll), AttributeValue.SS::new);
            } else if (existing instanceof AttributeValue.NS a && value instanceof AttributeValue.NS b) {
                remaining = nonEmpty(combine(a.elements(), b.elements(), Set::removeAll), AttributeValue.NS::new);
            } else if (existing instanceof AttributeValue.BS a && value instanceof AttributeValue.BS b) {
                remaining = nonEmpty(combine(a.elements(), b.elements(), Set::removeAll), AttributeValue.BS::new);
            } else {
                throw UpdateValue.incorrectDataType();
            }
            return remaining == null ? path.remove(item) : path.set(item, remaining);
        }

        private static <T> AttributeValue nonEmpty(Set<T> elements, Function<Set<T>, AttributeValue> set) {
            return elements.isEmpty() ? null : set.apply(elements);
        }
    }

    /** A copy of {@code a} changed by {@code operation} with {@code b}: a union or a difference. */
    private static <T> Set<T> combine(Set<T> a, Set<T> b, BiConsumer<Set<T>, Set<T>> operation) {
        Set<T> result = new LinkedHashSet<>(a);
        operation.accept(result, b);
        return result;
    }
}
