package dev.batchapi.local.dynamodb;

import java.util.Arrays;

/** The comparators of condition expressions. */
enum Comparator {
    EQUAL("="), NOT_EQUAL("<>"), LESS("<"), LESS_OR_EQUAL("<="), GREATER(">"), GREATER_OR_EQUAL(">=");

    private final String symbol;

    Comparator(String symbol) {
        this.symbol = symbol;
    }

    String symbol() {
        return symbol;
    }

    static Comparator of(Token token) {
        return Arrays.stream(values()).filter(comparator -> comparator.symbol.equals(token.text())
                && !token.is(Token.Type.IDENTIFIER)).findFirst().orElse(null);
    }

    boolean isOrdering() {
        return this != EQUAL && this != NOT_EQUAL;
    }

    /**
     * A missing operand equals nothing, so {@code <>} holds and every other comparator fails; the
     * ordering comparators hold only between two values of one scalar type.
     */
    boolean test(AttributeValue left, AttributeValue right) {
        boolean equal = left != null && left.equals(right);
        if (this == EQUAL) {
            return equal;
        }
        if (this == NOT_EQUAL) {
            return !equal;
        }
        if (!ScalarOrder.comparable(left, right)) {
            return false;
        }
        int order = ScalarOrder.SAME_TYPE.compare(left, right);
        return switch (this) {
            case LESS -> order < 0;
            case LESS_OR_EQUAL -> order <= 0;
            case GREATER -> order > 0;
            default -> order >= 0;
        };
    }

    /** The comparator with its operands swapped: {@code a < b} is {@code b > a}. */
    Comparator mirrored() {
        return switch (this) {
            case LESS -> GREATER;
            case LESS_OR_EQUAL -> GREATER_OR_EQUAL;
            case GREATER -> LESS;
            case GREATER_OR_EQUAL -> LESS_OR_EQUAL;
            default -> this;
        };
    }
}
