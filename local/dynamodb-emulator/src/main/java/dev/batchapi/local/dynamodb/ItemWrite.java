package dev.batchapi.local.dynamodb;

import java.util.Set;

/**
 * One write to one item: what PutItem, UpdateItem and DeleteItem ask for, and what each entry of
 * TransactWriteItems asks for (ConditionCheck included). Built from a request with every static
 * check DynamoDB makes before it looks at the item.
 */
sealed interface ItemWrite {

    String CONDITION_EXPRESSION = "ConditionExpression";
    /** The members every kind of write reads; callers add their own (TableName, ReturnValues...). */
    Set<String> MEMBERS = Set.of("TableName", CONDITION_EXPRESSION, "ExpressionAttributeNames",
            "ExpressionAttributeValues", "ReturnValuesOnConditionCheckFailure");

    Table table();

    /** The key of the item written. */
    Item key();

    /** The ConditionExpression, or null. */
    Condition condition();

    /** ReturnValuesOnConditionCheckFailure=ALL_OLD: a failed condition answers with the item as it was. */
    boolean returnsItemOnConditionFailure();

    /** The item after the write (null: there is none), given the item before it (null: there was none). */
    Item apply(Item current);

    /** A missing item has no attributes: {@code attribute_not_exists(pk)} holds for it. */
    default boolean conditionHolds(Item current) {
        return condition() == null || condition().test(current == null ? Item.EMPTY : current);
    }

    record Put(Table table, Item item, Condition condition, boolean returnsItemOnConditionFailure)
            implements ItemWrite {
        @Override
        public Item key() {
            return table.keySchema().keyOf(item);
        }

        @Override
        public Item apply(Item current) {
            return item;
        }
    }

    /** An update; without an UpdateExpression it only makes sure the item exists. */
    record Update(Table table, Item key, UpdateExpression update, Condition condition,
                  boolean returnsItemOnConditionFailure) implements ItemWrite {
        @Override
        public Item apply(Item current) {
            Item base = current == null ? key : current;
            if (update == null) {
                return base;
            }
            Item updated = update.apply(base);
            checkStorable(table, updated, "Item size to update has exceeded the maximum allowed size");
            return updated;
        }
    }

    record Delete(Table table, Item key, Condition condition, boolean returnsItemOnConditionFailure)
            implements ItemWrite {
        @Override
        public Item apply(Item current) {
            return null;
        }
    }

    /** A ConditionCheck of TransactWriteItems: a condition on an item that the transaction leaves as it is. */
    record Check(Table table, Item key, Condition condition, boolean returnsItemOnConditionFailure)
            implements ItemWrite {
        @Override
        public Item apply(Item current) {
            return current;
        }
    }

    static ItemWrite put(Request request, Table table) {
        Item item = AttributeValueJson.item(request.required("Item"));
        table.keySchema().validateItem(item);
        checkStorable(table, item, "Item size has exceeded the maximum allowed size");
        ExpressionAttributes attributes = ExpressionAttributes.of(request, CONDITION_EXPRESSION);
        Condition condition = condition(request, attributes);
        attributes.checkAllUsed();
        return new Put(table, item, condition, returnsItemOnConditionFailure(request));
    }

    static ItemWrite update(Request request, Table table) {
        Item key = key(request, table);
        ExpressionAttributes attributes = ExpressionAttributes.of(request, CONDITION_EXPRESSION, "UpdateExpression");
        UpdateExpression update = request.has("UpdateExpression")
                ? UpdateExpressionParser.parse(request.string("UpdateExpression"), attributes) : null;
        Condition condition = condition(request, attributes);
        attributes.checkAllUsed();
        if (update != null) {
            checkKeyAttributesUpdated(update, table.definition());
        }
        return new Update(table, key, update, condition, returnsItemOnConditionFailure(request));
    }

    static ItemWrite delete(Request request, Table table) {
        Item key = key(request, table);
        ExpressionAttributes attributes = ExpressionAttributes.of(request, CONDITION_EXPRESSION);
        Condition condition = condition(request, attributes);
        attributes.checkAllUsed();
        return new Delete(table, key, condition, returnsItemOnConditionFailure(request));
    }

    static ItemWrite check(Request request, Table table) {
        Item key = key(request, table);
        ExpressionAttributes attributes = ExpressionAttributes.of(request, CONDITION_EXPRESSION);
        Condition condition = ConditionParser.parse(request.requiredString(CONDITION_EXPRESSION),
                CONDITION_EXPRESSION, attributes);
        attributes.checkAllUsed();
        return new Check(table, key, condition, returnsItemOnConditionFailure(request));
    }

    /** Table key attributes cannot change; index key attributes are scalars, so no path goes inside them. */
    private static void checkKeyAttributesUpdated(UpdateExpression update, TableDefinition definition) {
        for (DocumentPath path : update.paths()) {
            String attribute = path.attributeName();
            if (definition.keySchema().isKeyAttribute(attribute)) {
                throw ServiceErrors.invalidParameter("Cannot update attribute " + attribute
                        + ". This attribute is part of the key");
            }
            if (!path.isTopLevel() && definition.indexes().stream()
                    .anyMatch(index -> index.keySchema().isKeyAttribute(attribute))) {
                throw ServiceErrors.validation("Key attributes must be scalars; list random access '[]' and map"
                        + " lookup '.' are not allowed: IndexKey: " + attribute);
            }
        }
    }

    private static Item key(Request request, Table table) {
        Item key = AttributeValueJson.item(request.required("Key"));
        table.keySchema().validateKey(key);
        return key;
    }

    private static Condition condition(Request request, ExpressionAttributes attributes) {
        return ConditionParser.optional(request, CONDITION_EXPRESSION, attributes);
    }

    private static boolean returnsItemOnConditionFailure(Request request) {
        return "ALL_OLD".equals(request.choice("ReturnValuesOnConditionCheckFailure", "NONE", Set.of("NONE", "ALL_OLD")));
    }

    /** What a table may store: index key values of the declared types, and at most 400 KB. */
    private static void checkStorable(Table table, Item item, String tooLargeMessage) {
        table.definition().indexes().forEach(index -> index.validateKeyValues(item));
        if (ItemSize.of(item) > ItemSize.MAX_ITEM_BYTES) {
            throw ServiceErrors.validation(tooLargeMessage);
        }
    }
}
