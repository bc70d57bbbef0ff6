package dev.batchapi.local.dynamodb;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A query's KeyConditionExpression: equality on the partition key and optionally one condition on
 * the sort key (=, <, <=, >, >=, BETWEEN or begins_with); DynamoDB refuses anything else.
 */
record KeyCondition(AttributeValue partitionValue, Condition sortCondition) {

    static final String MEMBER = "KeyConditionExpression";

    /** How DynamoDB names the operators a key condition cannot use. */
    private static final Map<Class<?>, String> OPERATORS = Map.of(
            Condition.Or.class, "OR", Condition.Not.class, "NOT", Condition.In.class, "IN",
            Condition.Contains.class, "contains", Condition.AttributeExists.class, "attribute_exists",
            Condition.AttributeNotExists.class, "attribute_not_exists", Condition.AttributeType.class, "attribute_type");

    boolean matchesSortKey(Item item) {
        return sortCondition == null || sortCondition.test(item);
    }

    /**
     * DynamoDB refuses an ExclusiveStartKey (already checked against {@code key}'s shape) that lies
     * outside what the condition reads: in another partition, or with a sort key the condition excludes.
     */
    void checkStartKey(Item start, KeySchema key) {
        if (!partitionValue.equals(start.get(key.partitionKey().name()))) {
            throw ServiceErrors.validation(ReadTarget.INVALID_START_KEY);
        }
        if (!matchesSortKey(start)) {
            throw ServiceErrors.validation(
                    "The provided starting key is outside query boundaries based on provided conditions");
        }
    }

    static KeyCondition parse(String text, ExpressionAttributes attributes, KeySchema key) {
        List<Condition> terms = new ArrayList<>();
        flatten(ConditionParser.parse(text, MEMBER, attributes), terms);
        Map<String, Condition> byAttribute = new LinkedHashMap<>();
        for (Condition term : terms) {
            Condition normalised = normalise(term);
            if (byAttribute.put(keyPath(normalised).attributeName(), normalised) != null) {
                throw ServiceErrors.validation("KeyConditionExpressions must only contain one condition per key");
            }
        }
        if (byAttribute.size() > 2) {
            throw ServiceErrors.validation("Conditions can be of length 1 or 2 only");
        }
        if (!byAttribute.keySet().stream().allMatch(key::isKeyAttribute)) {
            throw ServiceErrors.validation("Query key condition not supported");
        }
        Condition partition = byAttribute.get(key.partitionKey().name());
        if (partition == null) {
            throw ServiceErrors.validation("Query condition missed key schema element: " + key.partitionKey().name());
        }
        if (!(partition instanceof Condition.Compare equality && equality.comparator() == Comparator.EQUAL)) {
            throw ServiceErrors.validation("Query key condition not supported");
        }
        byAttribute.forEach((attribute, condition) -> checkTypes(condition,
                key.partitionKey().name().equals(attribute) ? key.partitionKey() : key.sortKey()));
        Condition sort = key.hasSortKey() ? byAttribute.get(key.sortKey().name()) : null;
        return new KeyCondition(((Operand.Value) equality.right()).value(), sort);
    }

    private static void flatten(Condition condition, List<Condition> terms) {
        if (condition instanceof Condition.And and) {
            flatten(and.left(), terms);
            flatten(and.right(), terms);
        } else {
            terms.add(condition);
        }
    }

    /**
     * Checks one term's shape: a comparison between one top-level attribute and values (the key
     * attribute on the left, or mirrored there: {@code :v < sk} is {@code sk > :v}), or BETWEEN and
     * begins_with with the key attribute first.
     */
    private static Condition normalise(Condition term) {
        if (term instanceof Condition.Compare compare && compare.comparator() != Comparator.NOT_EQUAL) {
            requireOneAttribute(compare.left(), compare.right());
            return compare.left() instanceof Operand.Path ? compare
                    : new Condition.Compare(compare.right(), compare.comparator().mirrored(), compare.left());
        }
        if (term instanceof Condition.Between between) {
            requireAttributeFirst("BETWEEN", between.operand(), between.lower(), between.upper());
            return between;
        }
        if (term instanceof Condition.BeginsWith beginsWith) {
            requireAttributeFirst("begins_with", beginsWith.operand(), beginsWith.prefix());
            return beginsWith;
        }
        String operator = term instanceof Condition.Compare compare ? compare.comparator().symbol()
                : OPERATORS.get(term.getClass());
        throw ServiceErrors.validation("Invalid operator used in KeyConditionExpression: " + operator);
    }

    private static void requireAttributeFirst(String operator, Operand... operands) {
        requireOneAttribute(operands);
        if (!(operands[0] instanceof Operand.Path)) {
            throw ServiceErrors.validation("Invalid condition in KeyConditionExpression: " + operator
                    + " operator must have the key attribute as its first operand");
        }
    }

    private static void requireOneAttribute(Operand... operands) {
        List<DocumentPath> paths = new ArrayList<>();
        for (Operand operand : operands) {
            if (operand instanceof Operand.Size) {
                throw ServiceErrors.validation("KeyConditionExpressions cannot contain nested operations");
            }
            if (operand instanceof Operand.Path path) {
                paths.add(path.path());
            }
        }
        if (paths.isEmpty()) {
            throw ServiceErrors.validation("Invalid condition in KeyConditionExpression: No key attribute specified");
        }
        if (paths.size() > 1) {
            throw ServiceErrors.validation(
                    "Invalid condition in KeyConditionExpression: Multiple attribute names used in one condition");
        }
        if (!paths.get(0).isTopLevel()) {
            throw ServiceErrors.validation("KeyConditionExpressions cannot have conditions on nested attributes");
        }
    }

    /** The key attribute of a normalised term: its first operand. */
    private static DocumentPath keyPath(Condition term) {
        Operand operand = term instanceof Condition.Compare compare ? compare.left()
                : term instanceof Condition.Between between ? between.operand()
                : ((Condition.BeginsWith) term).operand();
        return ((Operand.Path) operand).path();
    }

    private static void checkTypes(Condition term, KeyAttribute attribute) {
        List<Operand> values = term instanceof Condition.Compare compare ? List.of(compare.right())
                : term instanceof Condition.Between between ? List.of(between.lower(), between.upper())
                : List.of(((Condition.BeginsWith) term).prefix());
        for (Operand value : values) {
            if (!attribute.hasTypeOf(((Operand.Value) value).value())) {
                throw ServiceErrors.invalidParameter("Condition parameter type does not match schema type");
            }
        }
    }
}
