package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchapi.local.awsjson.AwsServiceException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * TransactWriteItems: up to 100 puts, updates, deletes and condition checks on distinct items, done
 * all together or not at all.
 */
final class TransactionOperations {

    private static final int MAX_ACTIONS = 100;
    /** "Transactional write requests require 2 write capacity units" per 1 KB. */
    private static final double TRANSACTIONAL_COST = 2;

    private final Database database;

    TransactionOperations(Database database) {
        this.database = database;
    }

    /** ClientRequestToken is accepted (the SDK always sends one) but not used to detect repeated calls. */
    ObjectNode transactWriteItems(Request request) {
        request.supporting(Set.of("TransactItems", "ClientRequestToken", "ReturnConsumedCapacity",
                "ReturnItemCollectionMetrics"));
        String capacityMode = ConsumedCapacity.mode(request);
        List<Request> entries = request.elements("TransactItems");
        if (entries.isEmpty() || entries.size() > MAX_ACTIONS) {
            throw request.constraintViolated("TransactItems", request.node("TransactItems"), entries.isEmpty()
                    ? "Member must have length greater than or equal to 1"
                    : "Member must have length less than or equal to " + MAX_ACTIONS);
        }
        return database.write(db -> {
            List<ItemWrite> writes = new ArrayList<>();
            Set<List<Object>> items = new HashSet<>();
            for (Request entry : entries) {
                ItemWrite write = write(db, entry);
                if (!items.add(List.of(write.table().name(), write.key()))) {
                    throw ServiceErrors.validation("Transaction request cannot include multiple operations on one item");
                }
                writes.add(write);
            }
            Collection<ConsumedCapacity> capacities = WriteOutcome.commitAll(db, run(writes), TRANSACTIONAL_COST);
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            ConsumedCapacity.report(answer, capacityMode, capacities);
            return answer;
        });
    }

    /**
     * Checks every condition and works out every write; if any fails, the transaction is cancelled
     * with one reason per entry, in order, {@code None} for the entries that were fine.
     */
    private static List<WriteOutcome> run(List<ItemWrite> writes) {
        List<WriteOutcome> outcomes = new ArrayList<>();
        List<CancellationReason> reasons = new ArrayList<>();
        boolean cancelled = false;
        for (ItemWrite write : writes) {
            Item before = write.table().get(write.key());
            CancellationReason reason = CancellationReason.NONE;
            if (!write.conditionHolds(before)) {
                reason = CancellationReason.conditionalCheckFailed(write.returnsItemOnConditionFailure() ? before : null);
            } else {
                try {
                    outcomes.add(WriteOutcome.of(write, before));
                } catch (AwsServiceException e) {
                    reason = CancellationReason.validationError(e.getMessage());
                }
            }
            cancelled |= reason != CancellationReason.NONE;
            reasons.add(reason);
        }
        if (cancelled) {
            throw ServiceErrors.transactionCanceled(reasons);
        }
        return outcomes;
    }

    private static ItemWrite write(Database db, Request entry) {
        entry.supporting(Set.of("ConditionCheck", "Put", "Delete", "Update"));
        if (entry.body().size() != 1) {
            throw ServiceErrors.validation("TransactItems can only contain one of Check, Put, Update or Delete");
        }
        String kind = entry.body().fieldNames().next();
        Set<String> members = new HashSet<>(ItemWrite.MEMBERS);
        members.add("Put".equals(kind) ? "Item" : "Key");
        if ("Update".equals(kind)) {
            members.add("UpdateExpression");
        }
        Request action = entry.nested(kind).supporting(members);
        Table table = db.table(action.requiredString("TableName"));
        return switch (kind) {
            case "Put" -> ItemWrite.put(action, table);
            case "Update" -> ItemWrite.update(action, table);
            case "Delete" -> ItemWrite.delete(action, table);
            default -> ItemWrite.check(action, table);
        };
    }
}
