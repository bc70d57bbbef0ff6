package dev.batchapi.local.dynamodb;

import java.util.Comparator;

/**
 * DynamoDB's order of scalar values, used for sort keys and for comparisons in expressions: numbers
 * numerically, strings by their UTF-8 bytes, binaries by their unsigned bytes.
 */
final class ScalarOrder {

    /** Orders two values of one scalar type (S, N or B); callers check the types first. */
    static final Comparator<AttributeValue> SAME_TYPE = ScalarOrder::compare;

    private ScalarOrder() {
    }

    static boolean comparable(AttributeValue left, AttributeValue right) {
        return left != null && right != null && left.isScalarKeyType() && left.type().equals(right.type());
    }

    private static int compare(AttributeValue left, AttributeValue right) {
        if (left instanceof AttributeValue.N l && right instanceof AttributeValue.N r) {
            return l.value().compareTo(r.value());
        }
        if (left instanceof AttributeValue.S l && right instanceof AttributeValue.S r) {
            return compareUtf8(l.value(), r.value());
        }
        if (left instanceof AttributeValue.B l && right instanceof AttributeValue.B r) {
            return l.value().compareTo(r.value());
        }
        throw new IllegalArgumentException("not comparable: " + left + " and " + right);
    }

    /** Code point order equals UTF-8 byte order; plain String.compareTo (UTF-16 units) differs above U+FFFF. */
    static int compareUtf8(String left, String right) {
        int i = 0;
        int j = 0;
        while (i < left.length() && j < right.length()) {
            int a = left.codePointAt(i);
            int b = right.codePointAt(j);
            if (a != b) {
                return Integer.compare(a, b);
            }
            i += Character.charCount(a);
            j += Character.charCount(b);
        }
        return Integer.compare(left.length() - i, right.length() - j);
    }
}
