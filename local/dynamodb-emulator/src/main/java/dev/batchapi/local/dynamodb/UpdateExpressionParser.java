package dev.batchapi.local.dynamodb;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Parses update expressions: {@code SET}, {@code REMOVE}, {@code ADD} and {@code DELETE} clauses, in
 * any order, each at most once, with paths that must not overlap.
 */
final class UpdateExpressionParser {

    static final String MEMBER = "UpdateExpression";
    private static final Set<String> CLAUSES = Set.of("SET", "REMOVE", "ADD", "DELETE");
    /** ADD and DELETE name a wrong operand type in words, unlike the other operators. */
    private static final Map<String, String> LONG_TYPE_NAMES = Map.of("S", "STRING", "N", "NUMBER", "B", "BINARY",
            "BOOL", "BOOLEAN", "NULL", "NULL", "M", "MAP", "L", "LIST");

    private final TokenCursor cursor;

    private UpdateExpressionParser(TokenCursor cursor) {
        this.cursor = cursor;
    }

    static UpdateExpression parse(String text, ExpressionAttributes attributes) {
        return new UpdateExpressionParser(new TokenCursor(text, MEMBER, attributes)).expression();
    }

    private UpdateExpression expression() {
        List<UpdateAction> actions = new ArrayList<>();
        Set<String> clauses = new HashSet<>();
        do {
            Token keyword = cursor.peek();
            String clause = keyword.text().toUpperCase(Locale.ROOT);
            if (!keyword.is(Token.Type.IDENTIFIER) || !CLAUSES.contains(clause)) {
                throw cursor.syntaxError();
            }
            cursor.next();
            if (!clauses.add(clause)) {
                throw cursor.invalid("The \"" + clause + "\" section can only be used once in an update expression;");
            }
            do {
                actions.add(action(clause));
            } while (cursor.accept(Token.Type.COMMA));
        } while (!cursor.peek().is(Token.Type.END));
        cursor.requireDisjoint(actions.stream().map(UpdateAction::path).toList());
        return new UpdateExpression(actions);
    }

    private UpdateAction action(String clause) {
        DocumentPath path = cursor.path();
        return switch (clause) {
            case "SET" -> {
                cursor.expect(Token.Type.EQUAL);
                yield new UpdateAction.SetAction(path, value());
            }
            case "REMOVE" -> new UpdateAction.RemoveAction(path);
            case "ADD" -> new UpdateAction.AddAction(path, operandOf("ADD", cursor.value(),
                    value -> value instanceof AttributeValue.N || isSet(value)));
            default -> new UpdateAction.DeleteAction(path, operandOf("DELETE", cursor.value(),
                    UpdateExpressionParser::isSet));
        };
    }

    /** {@code value ::= operand | operand '+' operand | operand '-' operand} */
    private UpdateValue value() {
        UpdateValue left = operand();
        boolean plus = cursor.peek().is(Token.Type.PLUS);
        if (plus || cursor.peek().is(Token.Type.MINUS)) {
            cursor.next();
            UpdateValue right = operand();
            requireConstantType(plus ? "+" : "-", AttributeValue.N.class, left, right);
            return new UpdateValue.Arithmetic(left, !plus, right);
        }
        return left;
    }

    /** {@code operand ::= path | :value | if_not_exists(path, operand) | list_append(operand, operand)} */
    private UpdateValue operand() {
        if (cursor.peek().is(Token.Type.VALUE_PLACEHOLDER)) {
            return new UpdateValue.Value(cursor.value());
        }
        if (!cursor.atFunctionCall()) {
            return new UpdateValue.Path(cursor.path());
        }
        String function = cursor.next().text();
        if (!"if_not_exists".equals(function) && !"list_append".equals(function)) {
            throw cursor.invalidFunction(function);
        }
        List<UpdateValue> arguments = cursor.arguments(this::operand);
        cursor.requireArgumentCount(function, arguments, 2);
        if ("list_append".equals(function)) {
            requireConstantType(function, AttributeValue.L.class, arguments.get(0), arguments.get(1));
            return new UpdateValue.ListAppend(arguments.get(0), arguments.get(1));
        }
        if (!(arguments.get(0) instanceof UpdateValue.Path path)) {
            throw cursor.documentPathRequired(function);
        }
        return new UpdateValue.IfNotExists(path.path(), arguments.get(1));
    }

    private void requireConstantType(String operator, Class<? extends AttributeValue> type, UpdateValue... operands) {
        for (UpdateValue operand : operands) {
            if (operand instanceof UpdateValue.Value constant && !type.isInstance(constant.value())) {
                throw cursor.incorrectOperandType(operator, constant.value().type());
            }
        }
    }

    private AttributeValue operandOf(String clause, AttributeValue value,
                                     Predicate<AttributeValue> allowed) {
        if (!allowed.test(value)) {
            throw cursor.invalid("Incorrect operand type for operator or function; operator: " + clause
                    + ", operand type: " + LONG_TYPE_NAMES.get(value.type()));
        }
        return value;
    }

    private static boolean isSet(AttributeValue value) {
        return value instanceof AttributeValue.SS || value instanceof AttributeValue.NS
                || value instanceof AttributeValue.BS;
    }
}
