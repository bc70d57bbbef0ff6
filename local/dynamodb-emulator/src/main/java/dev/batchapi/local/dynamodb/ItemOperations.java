package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiFunction;

/** PutItem, GetItem, UpdateItem and DeleteItem. */
final class ItemOperations {

    private static final Set<String> ALL_RETURN_VALUES =
            Set.of("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW");
    private static final Set<String> OLD_ITEM_RETURN_VALUES = Set.of("NONE", "ALL_OLD");

    private final Database database;

    ItemOperations(Database database) {
        this.database = database;
    }

    ObjectNode putItem(Request request) {
        request.supporting(writeMembers("Item"));
        String returnValues = returnValues(request, OLD_ITEM_RETURN_VALUES);
        return write(request, returnValues, ItemWrite::put);
    }

    ObjectNode updateItem(Request request) {
        request.supporting(writeMembers("Key", "UpdateExpression"));
        String returnValues = returnValues(request, ALL_RETURN_VALUES);
        return write(request, returnValues, ItemWrite::update);
    }

    ObjectNode deleteItem(Request request) {
        request.supporting(writeMembers("Key"));
        String returnValues = returnValues(request, OLD_ITEM_RETURN_VALUES);
        return write(request, returnValues, ItemWrite::delete);
    }

    /** Reads the whole item whatever the projection: the capacity used depends on its full size. */
    ObjectNode getItem(Request request) {
        request.supporting(Set.of("TableName", "Key", "ConsistentRead", "ProjectionExpression",
                "ExpressionAttributeNames", "ReturnConsumedCapacity"));
        String capacityMode = ConsumedCapacity.mode(request);
        boolean consistent = request.bool("ConsistentRead", false);
        return database.read(db -> {
            Table table = db.table(request.requiredString("TableName"));
            Item key = AttributeValueJson.item(request.required("Key"));
            table.keySchema().validateKey(key);
            ProjectionExpression projection = projection(request);
            Item item = table.get(key);
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            if (item != null) {
                answer.set("Item", AttributeValueJson.toJson(projection == null ? item : projection.apply(item)));
            }
            ConsumedCapacity.report(answer, capacityMode, ConsumedCapacity.ofTable(table.name(),
                    CapacityUnits.read(item == null ? 0 : ItemSize.of(item), consistent)));
            return answer;
        });
    }

    /** The ProjectionExpression of a single-table read, with its placeholders checked; null when absent. */
    static ProjectionExpression projection(Request request) {
        ExpressionAttributes attributes = ExpressionAttributes.of(request, ProjectionExpression.MEMBER);
        ProjectionExpression projection = ProjectionExpression.of(request, attributes);
        attributes.checkAllUsed();
        return projection;
    }

    /**
     * Runs one conditional write atomically: reads the item, checks the condition, commits. A failed
     * condition is DynamoDB's ConditionalCheckFailedException.
     */
    static WriteOutcome perform(Database db, ItemWrite write) {
        Item before = write.table().get(write.key());
        if (!write.conditionHolds(before)) {
            throw ServiceErrors.conditionalCheckFailed(write.returnsItemOnConditionFailure() ? before : null);
        }
        WriteOutcome outcome = WriteOutcome.of(write, before);
        db.commit(outcome.mutations());
        return outcome;
    }

    private ObjectNode write(Request request, String returnValues,
                             BiFunction<Request, Table, ItemWrite> parse) {
        String capacityMode = ConsumedCapacity.mode(request);
        return database.write(db -> {
            ItemWrite write = parse.apply(request, db.table(request.requiredString("TableName")));
            WriteOutcome outcome = perform(db, write);
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            Item returned = returnedAttributes(returnValues, write, outcome);
            if (returned != null && !returned.isEmpty()) {
                answer.set("Attributes", AttributeValueJson.toJson(returned));
            }
            ConsumedCapacity.report(answer, capacityMode, outcome.capacity());
            return answer;
        });
    }

    /** ReturnValues: the old or new item, or (UPDATED_*) just the attributes the update expression named. */
    private static Item returnedAttributes(String returnValues, ItemWrite write, WriteOutcome outcome) {
        UpdateExpression update = write instanceof ItemWrite.Update updating ? updating.update() : null;
        ProjectionExpression updated = update == null ? null : new ProjectionExpression(update.paths());
        return switch (returnValues) {
            case "ALL_OLD" -> outcome.before();
            case "ALL_NEW" -> outcome.after();
            case "UPDATED_OLD" -> updated == null || outcome.before() == null ? null : updated.apply(outcome.before());
            case "UPDATED_NEW" -> updated == null ? null : updated.apply(outcome.after());
            default -> null;
        };
    }

    private static String returnValues(Request request, Set<String> allowed) {
        String returnValues = request.choice("ReturnValues", "NONE", ALL_RETURN_VALUES);
        if (!allowed.contains(returnValues)) {
            throw ServiceErrors.validation("ReturnValues can only be ALL_OLD or NONE");
        }
        return returnValues;
    }

    private static Set<String> writeMembers(String... members) {
        Set<String> all = new HashSet<>(ItemWrite.MEMBERS);
        all.addAll(Set.of(members));
        all.addAll(Set.of("ReturnValues", "ReturnConsumedCapacity", "ReturnItemCollectionMetrics"));
        return all;
    }
}
