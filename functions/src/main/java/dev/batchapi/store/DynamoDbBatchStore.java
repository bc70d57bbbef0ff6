package dev.batchapi.store;

import dev.batchapi.batch.AppInfo;
import dev.batchapi.batch.Batch;
import dev.batchapi.batch.BatchChange;
import dev.batchapi.batch.BatchState;
import dev.batchapi.batch.BatchStore;
import dev.batchapi.batch.ListQuery;
import dev.batchapi.telemetry.OpsLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** Batches in one DynamoDB table laid out as {@link BatchTable} describes. */
public final class DynamoDbBatchStore implements BatchStore {

    private static final List<AttributeValue> ACTIVE_STATES = Arrays.stream(BatchState.values())
            .filter(state -> !state.isTerminal())
            .map(state -> BatchItems.s(state.name()))
            .toList();

    /**
     * The most index entries one list evaluates. A filter the index does not cover rejects entries
     * after they are read, so without a bound a list with several filters could read the whole index.
     */
    static final int MAX_EVALUATED = 10_000;
    private static final int FILTERED_PAGE = 1_000;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;

    /**
     * @param retention how long a terminal batch is kept before DynamoDB's TTL deletes it
     */
    public DynamoDbBatchStore(DynamoDbClient dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    @Override
    public boolean create(Batch batch) {
        try {
            dynamo.putItem(request -> request
                    .tableName(table)
                    .item(BatchItems.toItem(batch))
                    .conditionExpression("attribute_not_exists(#pk)")
                    .expressionAttributeNames(Map.of("#pk", BatchTable.PK)));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<Batch> get(String batchId) {
        var response = dynamo.getItem(request -> request
                .tableName(table)
                .key(BatchItems.key(batchId))
                .consistentRead(true));
        return response.hasItem() && !response.item().isEmpty()
                ? Optional.of(BatchItems.fromItem(response.item()))
                : Optional.empty();
    }

    @Override
    public List<Batch> list(ListQuery query) {
        List<Batch> page = new ArrayList<>();
        if (query.size() == 0) {
            return page;
        }
        ListPlan plan = ListPlan.of(query);
        QueryRequest request = plan.request(table, query.newestFirst());
        int walked = 0;
        int evaluated = 0;
        Map<String, AttributeValue> start = null;
        do {
            // Every item DynamoDB evaluates is paid for: without a filter, each is a match, so ask for
            // what the page still needs; with one, a match may cost many, so ask in pages of at least
            // FILTERED_PAGE (not one call per few entries); never past what one list may evaluate.
            int wanted = query.reach() - walked;
            int limit = Math.min(MAX_EVALUATED - evaluated, plan.filters() ? Math.max(wanted, FILTERED_PAGE) : wanted);
            QueryResponse response = dynamo.query(request.toBuilder().exclusiveStartKey(start).limit(limit).build());
            evaluated += response.scannedCount();
            for (Map<String, AttributeValue> item : response.items()) {
                if (walked++ >= query.from()) {
                    page.add(BatchItems.fromItem(item));
                    if (page.size() == query.size()) {
                        return page;
                    }
                }
            }
            start = response.hasLastEvaluatedKey() && !response.lastEvaluatedKey().isEmpty()
                    ? response.lastEvaluatedKey()
                    : null;
        } while (start != null && evaluated < MAX_EVALUATED);
        if (start != null) {
            OpsLog.info("batch.list.truncated", "evaluated", evaluated, "index", request.indexName(),
                    "matched", walked);
        }
        return page;
    }

    @Override
    public Optional<Batch> attachStep(String batchId, String stepId, AppInfo app) {
        ItemUpdate update = appFields(new ItemUpdate(), app)
                .set(BatchItems.STEP_ID, stepId)
                .whenIn(BatchItems.STATE, List.of(BatchItems.s(BatchState.PENDING.name())))
                .whenAbsent(BatchItems.STEP_ID);
        return write(batchId, update);
    }

    @Override
    public Optional<Batch> advance(String batchId, BatchChange change) {
        List<AttributeValue> allowedFrom = Arrays.stream(BatchState.values())
                .filter(state -> state.canAdvanceTo(change.state()))
                .map(state -> BatchItems.s(state.name()))
                .toList();
        return write(batchId, stateChange(change).whenExists(BatchTable.PK).whenIn(BatchItems.STATE, allowedFrom));
    }

    @Override
    public Optional<Batch> endUnsubmitted(String batchId, BatchChange change) {
        return write(batchId, stateChange(change)
                .whenIn(BatchItems.STATE, List.of(BatchItems.s(BatchState.PENDING.name())))
                .whenAbsent(BatchItems.STEP_ID));
    }

    @Override
    public Optional<Batch> claimDispatch(String batchId, long now, long staleBefore) {
        return write(batchId, new ItemUpdate()
                .set(BatchItems.DISPATCH_CLAIMED_AT, BatchItems.n(now))
                .whenIn(BatchItems.STATE, List.of(BatchItems.s(BatchState.PENDING.name())))
                .whenAbsent(BatchItems.STEP_ID)
                .whenAbsent(BatchItems.KILL_REQUESTED_BY)
                .whenAbsentOrBelow(BatchItems.DISPATCH_CLAIMED_AT, BatchItems.n(staleBefore)));
    }

    @Override
    public List<Batch> listActive() {
        List<Batch> active = new ArrayList<>();
        dynamo.queryPaginator(request -> request
                        .tableName(table)
                        .indexName(BatchTable.ACTIVE_INDEX)
                        .keyConditionExpression("#active = :active")
                        .expressionAttributeNames(Map.of("#active", BatchTable.ACTIVE_KEY))
                        .expressionAttributeValues(Map.of(":active", BatchItems.s(BatchTable.ACTIVE))))
                .items()
                .forEach(item -> active.add(BatchItems.fromItem(item)));
        return active;
    }

    private ItemUpdate stateChange(BatchChange change) {
        ItemUpdate update = appFields(new ItemUpdate(), change.app())
                .set(BatchItems.STATE, change.state().name())
                .set(BatchItems.END_TIME, BatchItems.n(change.endTime()));
        if (change.state().isTerminal()) {
            update.remove(BatchTable.ACTIVE_KEY)
                    .set(BatchTable.EXPIRE_AT, BatchItems.n(change.endTime() / 1000 + retention.toSeconds()));
        }
        return update;
    }

    @Override
    public Optional<Batch> claimKill(String batchId, String user, long at) {
        return write(batchId, new ItemUpdate()
                .set(BatchItems.KILL_REQUESTED_BY, user)
                .set(BatchItems.KILL_REQUESTED_AT, BatchItems.n(at))
                .whenIn(BatchItems.STATE, ACTIVE_STATES)
                .whenAbsent(BatchItems.KILL_REQUESTED_BY));
    }

    @Override
    public Optional<Batch> renewKillClaim(String batchId, long claimedAt, long now) {
        return write(batchId, new ItemUpdate()
                .set(BatchItems.KILL_REQUESTED_AT, BatchItems.n(now))
                .whenIn(BatchItems.STATE, ACTIVE_STATES)
                .whenEquals(BatchItems.KILL_REQUESTED_AT, BatchItems.n(claimedAt)));
    }

    @Override
    public void releaseKill(String batchId, String user) {
        write(batchId, new ItemUpdate()
                .remove(BatchItems.KILL_REQUESTED_BY)
                .remove(BatchItems.KILL_REQUESTED_AT)
                .whenIn(BatchItems.STATE, ACTIVE_STATES)
                .whenEquals(BatchItems.KILL_REQUESTED_BY, BatchItems.s(user)));
    }

    private static ItemUpdate appFields(ItemUpdate update, AppInfo app) {
        return update
                .set(BatchItems.APP_ID, app.appId())
                .set(BatchItems.APP_URL, app.appUrl())
                .set(BatchItems.APP_STATE, app.appState() == null ? null : app.appState().name())
                .set(BatchItems.APP_DIAGNOSTIC, app.appDiagnostic())
                .set(BatchItems.APP_START_TIME, BatchItems.n(app.appStartTime()));
    }

    private Optional<Batch> write(String batchId, ItemUpdate update) {
        try {
            return Optional.of(BatchItems.fromItem(
                    dynamo.updateItem(update.request(table, BatchItems.key(batchId))).attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }
}
