package dev.batchapi.local.dynamodb;

/** One token of an expression, with where it starts and ends in the expression text. */
record Token(Type type, String text, int start, int end) {

    enum Type {
        IDENTIFIER, NAME_PLACEHOLDER, VALUE_PLACEHOLDER, INTEGER,
        LEFT_PAREN, RIGHT_PAREN, LEFT_BRACKET, RIGHT_BRACKET, COMMA, DOT,
        EQUAL, NOT_EQUAL, LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL, PLUS, MINUS,
        END
    }

    boolean is(Type expected) {
        return type == expected;
    }

    /** Keywords (AND, SET, BETWEEN...) are case-insensitive; function names are not. */
    boolean isKeyword(String keyword) {
        return type == Type.IDENTIFIER && text.equalsIgnoreCase(keyword);
    }
}
