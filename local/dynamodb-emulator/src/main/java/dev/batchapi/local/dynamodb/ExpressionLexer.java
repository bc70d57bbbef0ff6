package dev.batchapi.local.dynamodb;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Splits expression text into tokens. */
final class ExpressionLexer {

    private static final Map<String, Token.Type> OPERATORS = Map.ofEntries(
            Map.entry("<>", Token.Type.NOT_EQUAL), Map.entry("<=", Token.Type.LESS_OR_EQUAL),
            Map.entry(">=", Token.Type.GREATER_OR_EQUAL), Map.entry("=", Token.Type.EQUAL),
            Map.entry("<", Token.Type.LESS), Map.entry(">", Token.Type.GREATER),
            Map.entry("(", Token.Type.LEFT_PAREN), Map.entry(")", Token.Type.RIGHT_PAREN),
            Map.entry("[", Token.Type.LEFT_BRACKET), Map.entry("]", Token.Type.RIGHT_BRACKET),
            Map.entry(",", Token.Type.COMMA), Map.entry(".", Token.Type.DOT),
            Map.entry("+", Token.Type.PLUS), Map.entry("-", Token.Type.MINUS));

    private ExpressionLexer() {
    }

    /** The tokens of {@code text}, ending with an END token; {@code member} names the expression in errors. */
    static List<Token> tokenize(String text, String member) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '#' || c == ':') {
                int end = wordEnd(text, i + 1);
                Token.Type type = c == '#' ? Token.Type.NAME_PLACEHOLDER : Token.Type.VALUE_PLACEHOLDER;
                tokens.add(new Token(type, text.substring(i, end), i, end));
                i = end;
            } else if (Character.isDigit(c)) {
                int end = i;
                while (end < text.length() && Character.isDigit(text.charAt(end))) {
                    end++;
                }
                tokens.add(new Token(Token.Type.INTEGER, text.substring(i, end), i, end));
                i = end;
            } else if (isWordCharacter(c)) {
                int end = wordEnd(text, i);
                tokens.add(new Token(Token.Type.IDENTIFIER, text.substring(i, end), i, end));
                i = end;
            } else {
                String two = text.substring(i, Math.min(i + 2, text.length()));
                String symbol = OPERATORS.containsKey(two) ? two : String.valueOf(c);
                Token.Type type = OPERATORS.get(symbol);
                if (type == null) {
                    throw ServiceErrors.invalidExpression(member, "Invalid character encountered; character: " + c);
                }
                tokens.add(new Token(type, symbol, i, i + symbol.length()));
                i += symbol.length();
            }
        }
        tokens.add(new Token(Token.Type.END, "<EOF>", text.length(), text.length()));
        return tokens;
    }

    private static int wordEnd(String text, int from) {
        int end = from;
        while (end < text.length() && isWordCharacter(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isWordCharacter(char c) {
        return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }
}
