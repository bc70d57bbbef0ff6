package dev.batchapi.local.dynamodb;

import java.util.List;

/** A parsed condition (ConditionExpression, FilterExpression, or a sort key condition of a query). */
sealed interface Condition {

    boolean test(Item item);

    record Compare(Operand left, Comparator comparator, Operand right) implements Condition {
        @Override
        public boolean test(Item item) {
            return comparator.test(left.evaluate(item), right.evaluate(item));
        }
    }

    /** {@code a BETWEEN b AND c}: b <= a <= c, all of one scalar type. */
    record Between(Operand operand, Operand lower, Operand upper) implements Condition {
        @Override
        public boolean test(Item item) {
            AttributeValue value = operand.evaluate(item);
            return Comparator.GREATER_OR_EQUAL.test(value, lower.evaluate(item))
                    && Comparator.LESS_OR_EQUAL.test(value, upper.evaluate(item));
        }
    }

    record In(Operand operand, List<Operand> candidates) implements Condition {
        public In {
            candidates = List.copyOf(candidates);
        }

        @Override
        public boolean test(Item item) {
            AttributeValue value = operand.evaluate(item);
            return candidates.stream().anyMatch(candidate -> Comparator.EQUAL.test(value, candidate.evaluate(item)));
        }
    }

    record And(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(Item item) {
            return left.test(item) && right.test(item);
        }
    }

    record Or(Condition left, Condition right) implements Condition {
        @Override
        public boolean test(Item item) {
            return left.test(item) || right.test(item);
        }
    }

    record Not(Condition condition) implements Condition {
        @Override
        public boolean test(Item item) {
            return !condition.test(item);
        }
    }

    record AttributeExists(DocumentPath path) implements Condition {
        @Override
        public boolean test(Item item) {
            return path.resolve(item) != null;
        }
    }

    record AttributeNotExists(DocumentPath path) implements Condition {
        @Override
        public boolean test(Item item) {
            return path.resolve(item) == null;
        }
    }

    record AttributeType(DocumentPath path, String type) implements Condition {
        @Override
        public boolean test(Item item) {
            AttributeValue value = path.resolve(item);
            return value != null && value.type().equals(type);
        }
    }

    /** {@code begins_with(path, prefix)} for strings and binaries. */
    record BeginsWith(Operand operand, Operand prefix) implements Condition {
        @Override
        public boolean test(Item item) {
            AttributeValue value = operand.evaluate(item);
            AttributeValue start = prefix.evaluate(item);
            if (value instanceof AttributeValue.S s && start instanceof AttributeValue.S p) {
                return s.value().startsWith(p.value());
            }
            return value instanceof AttributeValue.B b && start instanceof AttributeValue.B p
                    && b.value().startsWith(p.value());
        }
    }

    /** {@code contains(path, operand)}: a substring of a string, a member of a set, an element of a list. */
    record Contains(Operand operand, Operand part) implements Condition {
        @Override
        public boolean test(Item item) {
            AttributeValue value = operand.evaluate(item);
            AttributeValue sought = part.evaluate(item);
            if (value instanceof AttributeValue.S s && sought instanceof AttributeValue.S p) {
                return s.value().contains(p.value());
            }
            if (value instanceof AttributeValue.SS ss && sought instanceof AttributeValue.S p) {
                return ss.elements().contains(p.value());
            }
            if (value instanceof AttributeValue.NS ns && sought instanceof AttributeValue.N p) {
                return ns.elements().contains(p.value());
            }
            if (value instanceof AttributeValue.BS bs && sought instanceof AttributeValue.B p) {
                return bs.elements().contains(p.value());
            }
            return value instanceof AttributeValue.L list && sought != null && list.elements().contains(sought);
        }
    }
}
