package dev.batchapi.local.dynamodb;

import dev.batchapi.local.awsjson.AwsServiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Walks the tokens of one expression for the parsers, resolving placeholders and reading the parts
 * every kind of expression shares: document paths and value placeholders.
 */
final class TokenCursor {

    private final String text;
    private final String member;
    private final ExpressionAttributes attributes;
    private final List<Token> tokens;
    private int position;

    /** @param member the request member holding the expression, e.g. {@code ConditionExpression} */
    TokenCursor(String text, String member, ExpressionAttributes attributes) {
        this.text = text;
        this.member = member;
        this.attributes = attributes;
        if (text.isBlank()) {
            throw ServiceErrors.invalidExpression(member, "The expression can not be empty;");
        }
        this.tokens = ExpressionLexer.tokenize(text, member);
    }

    Token peek() {
        return tokens.get(position);
    }

    Token peek(int ahead) {
        return tokens.get(Math.min(position + ahead, tokens.size() - 1));
    }

    Token next() {
        Token token = peek();
        if (!token.is(Token.Type.END)) {
            position++;
        }
        return token;
    }

    boolean accept(Token.Type type) {
        if (peek().is(type)) {
            next();
            return true;
        }
        return false;
    }

    boolean acceptKeyword(String keyword) {
        if (peek().isKeyword(keyword)) {
            next();
            return true;
        }
        return false;
    }

    Token expect(Token.Type type) {
        if (!peek().is(type)) {
            throw syntaxError();
        }
        return next();
    }

    void expectEnd() {
        expect(Token.Type.END);
    }

    /** Whether the next tokens are a function call: a name followed by an opening parenthesis. */
    boolean atFunctionCall() {
        return peek().is(Token.Type.IDENTIFIER) && peek(1).is(Token.Type.LEFT_PAREN);
    }

    /** A document path: names or #placeholders joined by dots, each optionally followed by [index]es. */
    DocumentPath path() {
        List<DocumentPath.Element> elements = new ArrayList<>();
        do {
            elements.add(new DocumentPath.Name(attributeName()));
            while (accept(Token.Type.LEFT_BRACKET)) {
                elements.add(new DocumentPath.Index(listIndex(expect(Token.Type.INTEGER))));
                expect(Token.Type.RIGHT_BRACKET);
            }
        } while (accept(Token.Type.DOT));
        return new DocumentPath(elements);
    }

    /**
     * The arguments of a function call, from its opening parenthesis on, each read by {@code argument}:
     * {@code '(' argument (',' argument)* ')'}.
     */
    <T> List<T> arguments(Supplier<T> argument) {
        expect(Token.Type.LEFT_PAREN);
        List<T> arguments = new ArrayList<>();
        do {
            arguments.add(argument.get());
        } while (accept(Token.Type.COMMA));
        expect(Token.Type.RIGHT_PAREN);
        return arguments;
    }

    void requireArgumentCount(String function, List<?> arguments, int count) {
        if (arguments.size() != count) {
            throw invalid("Incorrect number of operands for operator or function; operator or function: "
                    + function + ", number of operands: " + arguments.size());
        }
    }

    AwsServiceException invalidFunction(String function) {
        return invalid("Invalid function name; function: " + function);
    }

    AwsServiceException documentPathRequired(String function) {
        return invalid("Operator or function requires a document path; operator or function: " + function);
    }

    /** A constant operand of a type the operator or function does not take; {@code type} as DynamoDB names it. */
    AwsServiceException incorrectOperandType(String operator, String type) {
        return invalid("Incorrect operand type for operator or function; operator or function: " + operator
                + ", operand type: " + type);
    }

    /** The value of a :placeholder. */
    AttributeValue value() {
        Token token = expect(Token.Type.VALUE_PLACEHOLDER);
        return attributes.value(token.text(), member);
    }

    /**
     * DynamoDB refuses two paths of one expression where one is a prefix of the other (they overlap)
     * or where one takes as a list what the other takes as a map (they conflict).
     */
    void requireDisjoint(List<DocumentPath> paths) {
        for (int i = 0; i < paths.size(); i++) {
            for (int j = i + 1; j < paths.size(); j++) {
                String collision = paths.get(i).collisionWith(paths.get(j));
                if (collision != null) {
                    throw invalid("Two document paths " + collision + " with each other; must remove or rewrite one of"
                            + " these paths; path one: " + paths.get(i) + ", path two: " + paths.get(j));
                }
            }
        }
    }

    AwsServiceException invalid(String detail) {
        return ServiceErrors.invalidExpression(member, detail);
    }

    /** DynamoDB's syntax error: the offending token and the text around it. */
    AwsServiceException syntaxError() {
        Token token = peek();
        int from = position > 0 ? tokens.get(position - 1).start() : token.start();
        int to = peek(1).end();
        return invalid("Syntax error; token: \"" + token.text() + "\", near: \"" + text.substring(from, to) + "\"");
    }

    /**
     * An index past the end of a list reads nothing, but one too large to be held at all is refused.
     * The emulator draws that line at the range of an int, DynamoDB somewhat higher; no list comes near either.
     */
    private int listIndex(Token index) {
        try {
            return Integer.parseInt(index.text());
        } catch (NumberFormatException tooLarge) {
            throw invalid("List index is not within the allowable range; index: [" + index.text() + "]");
        }
    }

    private String attributeName() {
        Token token = peek();
        if (token.is(Token.Type.NAME_PLACEHOLDER)) {
            next();
            return attributes.name(token.text(), member);
        }
        if (!token.is(Token.Type.IDENTIFIER)) {
            throw syntaxError();
        }
        if (ReservedWords.isReserved(token.text())) {
            throw invalid("Attribute name is a reserved keyword; reserved keyword: " + token.text());
        }
        next();
        return token.text();
    }
}
