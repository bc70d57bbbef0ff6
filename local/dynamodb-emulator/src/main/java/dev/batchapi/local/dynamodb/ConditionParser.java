package dev.batchapi.local.dynamodb;

import java.util.List;
import java.util.Set;

/**
 * Parses condition and filter expressions. Precedence, highest first, as the Developer Guide
 * states it: comparators, IN, BETWEEN, functions, parentheses, NOT, AND, OR.
 */
final class ConditionParser {

    private static final Set<String> CONDITION_FUNCTIONS =
            Set.of("attribute_exists", "attribute_not_exists", "attribute_type", "begins_with", "contains");
    private static final Set<String> ATTRIBUTE_TYPES = Set.of("S", "SS", "N", "NS", "B", "BS", "BOOL", "NULL", "L", "M");
    /** "The list can contain up to 100 values" (IN). */
    private static final int MAX_IN_OPERANDS = 100;

    private final TokenCursor cursor;

    private ConditionParser(TokenCursor cursor) {
        this.cursor = cursor;
    }

    /** The condition in the request member {@code member} (e.g. FilterExpression), or null when there is none. */
    static Condition optional(Request request, String member, ExpressionAttributes attributes) {
        return request.has(member) ? parse(request.string(member), member, attributes) : null;
    }

    /** @param member the request member holding the expression, e.g. {@code FilterExpression} */
    static Condition parse(String text, String member, ExpressionAttributes attributes) {
        TokenCursor cursor = new TokenCursor(text, member, attributes);
        Condition condition = new ConditionParser(cursor).or();
        cursor.expectEnd();
        return condition;
    }

    private Condition or() {
        Condition condition = and();
        while (cursor.acceptKeyword("OR")) {
            condition = new Condition.Or(condition, and());
        }
        return condition;
    }

    private Condition and() {
        Condition condition = not();
        while (cursor.acceptKeyword("AND")) {
            condition = new Condition.And(condition, not());
        }
        return condition;
    }

    private Condition not() {
        return cursor.acceptKeyword("NOT") ? new Condition.Not(not()) : predicate();
    }

    private Condition predicate() {
        if (cursor.accept(Token.Type.LEFT_PAREN)) {
            Condition condition = or();
            cursor.expect(Token.Type.RIGHT_PAREN);
            return condition;
        }
        if (cursor.atFunctionCall() && CONDITION_FUNCTIONS.contains(cursor.peek().text())) {
            return function();
        }
        Operand left = operand();
        if (cursor.acceptKeyword("BETWEEN")) {
            Operand lower = operand();
            if (!cursor.acceptKeyword("AND")) {
                throw cursor.syntaxError();
            }
            return between(left, lower, operand());
        }
        if (cursor.acceptKeyword("IN")) {
            return in(left);
        }
        Comparator comparator = Comparator.of(cursor.peek());
        if (comparator == null) {
            throw cursor.syntaxError();
        }
        cursor.next();
        Operand right = operand();
        if (comparator.isOrdering()) {
            requireScalar(comparator.symbol(), left, right);
        }
        return new Condition.Compare(left, comparator, right);
    }

    private Condition between(Operand operand, Operand lower, Operand upper) {
        requireScalar("BETWEEN", operand, lower, upper);
        if (lower instanceof Operand.Value low && upper instanceof Operand.Value high) {
            if (!low.value().type().equals(high.value().type())) {
                throw cursor.invalid("The BETWEEN operator requires same data type for lower and upper bounds;"
                        + " lower bound operand: AttributeValue: " + describe(low.value())
                        + ", upper bound operand: AttributeValue: " + describe(high.value()));
            }
            if (ScalarOrder.SAME_TYPE.compare(low.value(), high.value()) > 0) {
                throw cursor.invalid("The BETWEEN operator requires upper bound to be greater than or equal to lower"
                        + " bound; lower bound operand: AttributeValue: " + describe(low.value())
                        + ", upper bound operand: AttributeValue: " + describe(high.value()));
            }
        }
        return new Condition.Between(operand, lower, upper);
    }

    private Condition in(Operand operand) {
        List<Operand> candidates = arguments();
        if (candidates.size() > MAX_IN_OPERANDS) {
            throw cursor.invalid("The IN operator is provided with too many operands; number of operands: "
                    + candidates.size());
        }
        return new Condition.In(operand, candidates);
    }

    private Condition function() {
        String name = cursor.next().text();
        List<Operand> arguments = arguments();
        return switch (name) {
            case "attribute_exists" -> new Condition.AttributeExists(pathArgument(name, arguments, 1));
            case "attribute_not_exists" -> new Condition.AttributeNotExists(pathArgument(name, arguments, 1));
            case "attribute_type" -> attributeType(pathArgument(name, arguments, 2), arguments.get(1));
            case "begins_with" -> {
                cursor.requireArgumentCount(name, arguments, 2);
                arguments.stream().filter(Operand.Value.class::isInstance).map(Operand.Value.class::cast)
                        .filter(value -> !(value.value() instanceof AttributeValue.S
                                || value.value() instanceof AttributeValue.B))
                        .findFirst().ifPresent(value -> {
                            throw incorrectOperandType(name, value.value());
                        });
                yield new Condition.BeginsWith(arguments.get(0), arguments.get(1));
            }
            default -> {
                cursor.requireArgumentCount(name, arguments, 2);
                yield new Condition.Contains(arguments.get(0), arguments.get(1));
            }
        };
    }

    private Condition attributeType(DocumentPath path, Operand type) {
        if (!(type instanceof Operand.Value value && value.value() instanceof AttributeValue.S s
                && ATTRIBUTE_TYPES.contains(s.value()))) {
            String given = type instanceof Operand.Value value ? value.value().wireContent().asText() : "";
            throw cursor.invalid("Invalid attribute type name found; type: " + given
                    + ", valid types: {B,NULL,SS,BOOL,L,BS,N,NS,S,M}");
        }
        return new Condition.AttributeType(path, s.value());
    }

    private Operand operand() {
        if (cursor.peek().is(Token.Type.VALUE_PLACEHOLDER)) {
            return new Operand.Value(cursor.value());
        }
        if (cursor.atFunctionCall()) {
            String name = cursor.next().text();
            if (!"size".equals(name)) {
                throw CONDITION_FUNCTIONS.contains(name)
                        ? cursor.invalid("The function is not allowed to be used this way in an expression; function: "
                                + name)
                        : cursor.invalidFunction(name);
            }
            return new Operand.Size(pathArgument(name, arguments(), 1));
        }
        return new Operand.Path(cursor.path());
    }

    /** The parenthesised operands of a function or of IN. */
    private List<Operand> arguments() {
        return cursor.arguments(this::operand);
    }

    /** Functions such as attribute_exists and size take a document path as first argument. */
    private DocumentPath pathArgument(String function, List<Operand> arguments, int count) {
        cursor.requireArgumentCount(function, arguments, count);
        if (!(arguments.get(0) instanceof Operand.Path path)) {
            throw cursor.documentPathRequired(function);
        }
        return path.path();
    }

    /** Ordering comparisons and BETWEEN take only strings, numbers and binaries. */
    private void requireScalar(String operator, Operand... operands) {
        for (Operand operand : operands) {
            if (operand instanceof Operand.Value value && !value.value().isScalarKeyType()) {
                throw incorrectOperandType(operator, value.value());
            }
        }
    }

    private RuntimeException incorrectOperandType(String operator, AttributeValue value) {
        return cursor.incorrectOperandType(operator, value.type());
    }

    /** How DynamoDB shows a value in its messages, e.g. {@code {N:5}}. */
    static String describe(AttributeValue value) {
        return "{" + value.type() + ":" + value.wireContent().asText() + "}";
    }
}
