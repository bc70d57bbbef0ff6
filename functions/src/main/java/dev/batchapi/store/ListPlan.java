package dev.batchapi.store;

import dev.batchapi.batch.ListQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * How a list query is served: a Query on the index of its most selective equality filter (name, then
 * user, then state, then type, else all batches), the time bounds as a range of the sort key, and
 * the remaining filters as a filter expression. With one filter the read cost is the page itself;
 * with several, it grows with the matches of the chosen index that the others reject, up to the
 * bound of what one list evaluates.
 */
final class ListPlan {

    // Past the largest id character, so "<time>#~" bounds every key created at <time>.
    private static final String AFTER_ANY_ID = "#~";

    private final String indexName;
    private final String keyCondition;
    private final String filter;
    private final Map<String, String> names;
    private final Map<String, AttributeValue> values;

    private ListPlan(String indexName, String keyCondition, String filter,
            Map<String, String> names, Map<String, AttributeValue> values) {
        this.indexName = indexName;
        this.keyCondition = keyCondition;
        this.filter = filter;
        this.names = names;
        this.values = values;
    }

    static ListPlan of(ListQuery query) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> filters = new ArrayList<>();
        List<Equality> equalities = new ArrayList<>();
        query.name().ifPresent(name -> equalities.add(new Equality(BatchTable.NAME_INDEX, BatchItems.NAME, name)));
        query.user().ifPresent(user -> equalities.add(new Equality(BatchTable.USER_INDEX, BatchItems.USER, user)));
        query.state().ifPresent(state ->
                equalities.add(new Equality(BatchTable.STATE_INDEX, BatchItems.STATE, state.name())));
        query.batchType().ifPresent(type ->
                equalities.add(new Equality(BatchTable.TYPE_INDEX, BatchItems.BATCH_TYPE, type)));
        Equality partition = equalities.isEmpty()
                ? new Equality(BatchTable.ALL_INDEX, BatchTable.ALL_KEY, BatchTable.ALL)
                : equalities.remove(0);

        names.put("#pk", partition.attribute());
        values.put(":pk", BatchItems.s(partition.value()));
        StringBuilder keyCondition = new StringBuilder("#pk = :pk");
        String lower = query.createTimeFrom() > 0 ? BatchItems.createdKey(query.createTimeFrom(), "") : null;
        // A batch that ended by endTime was created by then too: the bound narrows the key range.
        String upper = query.endTimeTo() > 0
                ? String.format("%013d", query.endTimeTo()) + AFTER_ANY_ID
                : null;
        if (lower != null || upper != null) {
            names.put("#ck", BatchTable.CREATED_KEY);
        }
        if (lower != null && upper != null) {
            keyCondition.append(" AND #ck BETWEEN :lo AND :hi");
            values.put(":lo", BatchItems.s(lower));
            values.put(":hi", BatchItems.s(upper));
        } else if (lower != null) {
            keyCondition.append(" AND #ck >= :lo");
            values.put(":lo", BatchItems.s(lower));
        } else if (upper != null) {
            keyCondition.append(" AND #ck <= :hi");
            values.put(":hi", BatchItems.s(upper));
        }

        for (int i = 0; i < equalities.size(); i++) {
            Equality equality = equalities.get(i);
            names.put("#f" + i, equality.attribute());
            values.put(":f" + i, BatchItems.s(equality.value()));
            filters.add("#f" + i + " = :f" + i);
        }
        if (query.endTimeTo() > 0) {
            names.put("#end", BatchItems.END_TIME);
            values.put(":zero", BatchItems.n(0));
            values.put(":endTo", BatchItems.n(query.endTimeTo()));
            filters.add("#end > :zero AND #end <= :endTo");
        }
        return new ListPlan(partition.index(), keyCondition.toString(),
                filters.isEmpty() ? null : String.join(" AND ", filters), names, values);
    }

    String indexName() {
        return indexName;
    }

    /** Whether some filter is evaluated on the entries the key condition reads. */
    boolean filters() {
        return filter != null;
    }

    QueryRequest request(String table, boolean newestFirst) {
        return QueryRequest.builder()
                .tableName(table)
                .indexName(indexName)
                .keyConditionExpression(keyCondition)
                .filterExpression(filter)
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .scanIndexForward(!newestFirst)
                .build();
    }

    private record Equality(String index, String attribute, String value) {
    }
}
