package dev.batchapi.store;

import dev.batchapi.batch.Admission;
import dev.batchapi.batch.AppInfo;
import dev.batchapi.batch.Batch;
import dev.batchapi.batch.BatchChange;
import dev.batchapi.batch.BatchState;
import dev.batchapi.batch.BatchStore;
import dev.batchapi.batch.ClusterLoad;
import dev.batchapi.batch.ListQuery;
import dev.batchapi.batch.Placement;
import dev.batchapi.batch.QueuedEntry;
import dev.batchapi.batch.ShareLimits;
import dev.batchapi.errors.ThrottledException;
import dev.batchapi.telemetry.OpsLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

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
    private static final int MAX_TRANSACTION_ATTEMPTS = 5;

    /** The counters' attributes: on a cluster's {@value BatchTable#SLOTS_SK} item and on each user's item. */
    static final String ACTIVE_STEPS = "activeSteps";
    static final String QUEUED_BATCHES = "queuedBatches";
    static final String NOT_ACCEPTING = "notAccepting";
    static final String SHARE_USER = "shareUser";
    static final String SERVED_AT = "servedAt";

    /** Built on first use: a function that never reads the table never builds the client. */
    private final Supplier<DynamoDbClient> dynamo;
    private final String table;
    private final Duration retention;

    /**
     * @param retention how long a terminal batch is kept before DynamoDB's TTL deletes it
     */
    public DynamoDbBatchStore(Supplier<DynamoDbClient> dynamo, String table, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
    }

    @Override
    public Admission admit(Batch batch, ShareLimits limits) {
        ItemUpdate cluster = new ItemUpdate().add(ACTIVE_STEPS, 1)
                .whenAbsentOrBelow(ACTIVE_STEPS, BatchItems.n(limits.maxActive(batch.clusterId())))
                .whenAbsentOrAtMost(QUEUED_BATCHES, BatchItems.n(0))
                .whenAbsent(NOT_ACCEPTING);
        ItemUpdate user = share(batch.user()).add(ACTIVE_STEPS, 1);
        limits.perUser().ifPresent(cap -> user.whenAbsentOrBelow(ACTIVE_STEPS, BatchItems.n(cap)));
        // A refused transaction costs its writes: when the counters already say no, it is not tried.
        if (limits.hasRoomFor(load(batch.clusterId(), batch.user()), batch.user())) {
            Optional<List<CancellationReason>> refused = transact(
                    newBatch(batch.placed(Placement.ADMITTED, 0)),
                    cluster.transactItem(table, slotsKey(batch.clusterId())),
                    user.transactItem(table, userKey(batch.clusterId(), batch.user())));
            if (refused.isEmpty()) {
                return Admission.STARTED;
            }
            if (conditionFailed(refused.get(), 0)) {
                return Admission.DUPLICATE;
            }
        }
        Optional<List<CancellationReason>> refused = transact(
                newBatch(batch.placed(Placement.QUEUED, 0)),
                new ItemUpdate().add(QUEUED_BATCHES, 1).transactItem(table, slotsKey(batch.clusterId())),
                share(batch.user()).add(QUEUED_BATCHES, 1).setIfAbsent(SERVED_AT, BatchItems.n(batch.createTime()))
                        .transactItem(table, userKey(batch.clusterId(), batch.user())));
        if (refused.isEmpty()) {
            return Admission.QUEUED;
        }
        if (conditionFailed(refused.get(), 0)) {
            return Admission.DUPLICATE;
        }
        throw new ThrottledException("The queue of cluster " + batch.clusterId() + " is too busy to take the batch"
                + " now: retry in a moment");
    }

    private TransactWriteItem newBatch(Batch batch) {
        return TransactWriteItem.builder().put(Put.builder()
                .tableName(table)
                .item(BatchItems.toItem(batch))
                .conditionExpression("attribute_not_exists(#pk)")
                .expressionAttributeNames(Map.of("#pk", BatchTable.PK))
                .build()).build();
    }

    @Override
    public Optional<Batch> get(String batchId) {
        var response = dynamo.get().getItem(request -> request
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
            QueryResponse response = dynamo.get().query(request.toBuilder().exclusiveStartKey(start).limit(limit).build());
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
    public Optional<Batch> attachStep(Batch batch, String stepId, AppInfo app) {
        ItemUpdate update = appFields(new ItemUpdate(), app)
                .set(BatchItems.STEP_ID, stepId)
                .whenIn(BatchItems.STATE, ACTIVE_STATES)
                .whenAbsent(BatchItems.STEP_ID);
        return write(batch.id(), atAttempt(update, batch.scheduling().attempt()));
    }

    /** The batch is at this attempt (a batch written before retries existed is at its first). */
    private static ItemUpdate atAttempt(ItemUpdate update, int attempt) {
        return attempt == 1
                ? update.whenAbsentOrAtMost(BatchItems.ATTEMPT, BatchItems.n(1))
                : update.whenEquals(BatchItems.ATTEMPT, BatchItems.n(attempt));
    }

    @Override
    public Optional<Batch> advance(Batch batch, BatchChange change, String cause) {
        List<AttributeValue> allowedFrom = Arrays.stream(BatchState.values())
                .filter(state -> state.canAdvanceTo(change.state()))
                .map(state -> BatchItems.s(state.name()))
                .toList();
        UnaryOperator<ItemUpdate> conditions = update -> stepAsRead(update.whenExists(BatchTable.PK)
                .whenIn(BatchItems.STATE, allowedFrom), batch);
        return change.state().isTerminal()
                ? end(batch, change, cause, conditions)
                : write(batch.id(), conditions.apply(stateChange(change, cause)));
    }

    @Override
    public Optional<Batch> endUnsubmitted(Batch batch, BatchChange change, String cause) {
        return end(batch, change, cause, update -> update
                .whenIn(BatchItems.STATE, ACTIVE_STATES)
                .whenAbsent(BatchItems.STEP_ID));
    }

    private static ItemUpdate stepAsRead(ItemUpdate update, Batch batch) {
        return batch.stepId() == null
                ? update.whenAbsent(BatchItems.STEP_ID)
                : update.whenEquals(BatchItems.STEP_ID, BatchItems.s(batch.stepId()));
    }

    /**
     * Ends a batch and gives up what it held: its slot (the counters count one active step less) or
     * its place in the queue. The placement last read is tried first; if the stored batch holds
     * something else now (it was dispatched in the meantime), that is tried next.
     */
    private Optional<Batch> end(Batch batch, BatchChange change, String cause, UnaryOperator<ItemUpdate> conditions) {
        Placement placement = batch.scheduling().placement();
        for (int tries = 0; tries < Placement.values().length; tries++) {
            ItemUpdate update = conditions.apply(stateChange(change, cause));
            String counter = switch (placement) {
                case ADMITTED -> {
                    update.remove(BatchItems.HOLDS_SLOT).whenExists(BatchItems.HOLDS_SLOT);
                    yield ACTIVE_STEPS;
                }
                case QUEUED -> {
                    leaveQueue(update).whenExists(BatchTable.QUEUE_KEY);
                    yield QUEUED_BATCHES;
                }
                case NONE -> {
                    update.whenAbsent(BatchItems.HOLDS_SLOT).whenAbsent(BatchTable.QUEUE_KEY);
                    yield null;
                }
            };
            if (counter == null) {
                Optional<Batch> ended = write(batch.id(), update);
                if (ended.isPresent()) {
                    return ended;
                }
            } else {
                Optional<List<CancellationReason>> refused = transact(
                        update.transactItem(table, BatchItems.key(batch.id())),
                        new ItemUpdate().add(counter, -1).transactItem(table, slotsKey(batch.clusterId())),
                        new ItemUpdate().add(counter, -1).transactItem(table, userKey(batch.clusterId(), batch.user())));
                if (refused.isEmpty()) {
                    return get(batch.id());
                }
                if (!conditionFailed(refused.get(), 0)) {
                    throw new ThrottledException("The counters of cluster " + batch.clusterId()
                            + " are too busy to end batch " + batch.id() + " now");
                }
            }
            Optional<Placement> stored = get(batch.id()).map(current -> current.scheduling().placement());
            if (stored.isEmpty() || stored.get() == placement) {
                return Optional.empty();
            }
            placement = stored.get();
        }
        return Optional.empty();
    }

    private static ItemUpdate leaveQueue(ItemUpdate update) {
        return update.remove(BatchTable.QUEUE_KEY).remove(BatchTable.QUEUE_DEADLINE_KEY)
                .remove(BatchTable.QUEUE_DEADLINE);
    }

    @Override
    public ClusterLoad load(String clusterId) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        dynamo.get().queryPaginator(request -> request
                        .tableName(table)
                        .consistentRead(true)
                        .keyConditionExpression("#pk = :pk")
                        .expressionAttributeNames(Map.of("#pk", BatchTable.PK))
                        .expressionAttributeValues(Map.of(":pk", BatchItems.s(BatchTable.CLUSTER_PK_PREFIX + clusterId))))
                .items()
                .forEach(items::add);
        return load(clusterId, items);
    }

    @Override
    public ClusterLoad load(String clusterId, String user) {
        return load(clusterId, List.of(item(slotsKey(clusterId)), item(userKey(clusterId, user))));
    }

    /** An item by its key (a strongly consistent read); empty if there is none. */
    private Map<String, AttributeValue> item(Map<String, AttributeValue> key) {
        var response = dynamo.get().getItem(request -> request.tableName(table).key(key).consistentRead(true));
        return response.hasItem() ? response.item() : Map.of();
    }

    private static ClusterLoad load(String clusterId, List<Map<String, AttributeValue>> items) {
        int active = 0;
        int queued = 0;
        String notAccepting = null;
        Map<String, ClusterLoad.UserShare> users = new HashMap<>();
        for (Map<String, AttributeValue> item : items) {
            if (item.isEmpty()) {
                continue;
            }
            int itemActive = (int) BatchItems.number(item, ACTIVE_STEPS);
            int itemQueued = (int) BatchItems.number(item, QUEUED_BATCHES);
            if (BatchTable.SLOTS_SK.equals(item.get(BatchTable.SK).s())) {
                active = itemActive;
                queued = itemQueued;
                notAccepting = item.containsKey(NOT_ACCEPTING) ? item.get(NOT_ACCEPTING).s() : null;
            } else {
                String user = item.get(SHARE_USER).s();
                users.put(user, new ClusterLoad.UserShare(user, itemActive, itemQueued, BatchItems.number(item, SERVED_AT)));
            }
        }
        return new ClusterLoad(clusterId, active, queued, notAccepting, users);
    }

    @Override
    public List<QueuedEntry> oldestQueued(String clusterId, String user, int limit, Optional<String> after) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":queue", BatchItems.s(BatchItems.queueKey(clusterId, user))));
        after.ifPresent(position -> values.put(":after", BatchItems.s(position)));
        return dynamo.get().query(request -> request
                        .tableName(table)
                        .indexName(BatchTable.QUEUE_INDEX)
                        .keyConditionExpression("#queue = :queue" + (after.isPresent() ? " AND #created > :after" : ""))
                        .expressionAttributeNames(after.isPresent()
                                ? Map.of("#queue", BatchTable.QUEUE_KEY, "#created", BatchTable.CREATED_KEY)
                                : Map.of("#queue", BatchTable.QUEUE_KEY))
                        .expressionAttributeValues(values)
                        .limit(limit))
                .items().stream()
                .map(item -> new QueuedEntry(item.get(BatchTable.PK).s(), item.get(BatchTable.CREATED_KEY).s(),
                        // A batch waits from its creation: it is queued when it is admitted, or never.
                        BatchItems.createTimeOf(item.get(BatchTable.CREATED_KEY).s())))
                .toList();
    }

    @Override
    public Optional<Batch> claimQueued(String batchId, String clusterId, String user, ShareLimits limits, long now) {
        ItemUpdate claim = leaveQueue(new ItemUpdate()
                .set(BatchTable.ACTIVE_KEY, BatchTable.ACTIVE)
                .set(BatchItems.HOLDS_SLOT, AttributeValue.fromBool(true))
                .set(BatchItems.DISPATCH_CLAIMED_AT, BatchItems.n(now)))
                .whenIn(BatchItems.STATE, List.of(BatchItems.s(BatchState.PENDING.name())))
                .whenExists(BatchTable.QUEUE_KEY)
                .whenAbsent(BatchItems.KILL_REQUESTED_BY);
        ItemUpdate cluster = new ItemUpdate().add(ACTIVE_STEPS, 1).add(QUEUED_BATCHES, -1)
                .whenAbsentOrBelow(ACTIVE_STEPS, BatchItems.n(limits.maxActive(clusterId)))
                .whenAbsent(NOT_ACCEPTING);
        ItemUpdate share = new ItemUpdate().add(ACTIVE_STEPS, 1).add(QUEUED_BATCHES, -1)
                .set(SERVED_AT, BatchItems.n(now));
        limits.perUser().ifPresent(cap -> share.whenAbsentOrBelow(ACTIVE_STEPS, BatchItems.n(cap)));
        return transact(
                claim.transactItem(table, BatchItems.key(batchId)),
                cluster.transactItem(table, slotsKey(clusterId)),
                share.transactItem(table, userKey(clusterId, user)))
                .isEmpty() ? get(batchId) : Optional.empty();
    }

    @Override
    public List<String> expiredInQueue(String clusterId, long now, int limit) {
        return ids(dynamo.get().query(request -> request
                .tableName(table)
                .indexName(BatchTable.QUEUE_DEADLINE_INDEX)
                .keyConditionExpression("#cluster = :cluster AND #deadline < :now")
                .expressionAttributeNames(Map.of("#cluster", BatchTable.QUEUE_DEADLINE_KEY,
                        "#deadline", BatchTable.QUEUE_DEADLINE))
                .expressionAttributeValues(Map.of(":cluster", BatchItems.s(clusterId),
                        ":now", BatchItems.s(BatchItems.createdKey(now, ""))))
                .limit(limit)));
    }

    @Override
    public void markAccepting(String clusterId, String notAccepting) {
        dynamo.get().updateItem(new ItemUpdate().set(NOT_ACCEPTING, notAccepting).request(table, slotsKey(clusterId)));
    }

    @Override
    public Optional<Batch> beginRetry(Batch batch, String failedStepId, AppInfo app, String earlierFailures, long now) {
        return write(batch.id(), appFields(new ItemUpdate(), app)
                .remove(BatchItems.STEP_ID)
                .set(BatchItems.ATTEMPT, BatchItems.n(batch.scheduling().attempt() + 1))
                .set(BatchItems.EARLIER_FAILURES, earlierFailures)
                .set(BatchItems.DISPATCH_CLAIMED_AT, BatchItems.n(now))
                .whenEquals(BatchItems.STEP_ID, BatchItems.s(failedStepId))
                .whenEquals(BatchItems.ATTEMPT, BatchItems.n(batch.scheduling().attempt()))
                .whenIn(BatchItems.STATE, ACTIVE_STATES)
                .whenAbsent(BatchItems.KILL_REQUESTED_BY));
    }

    @Override
    public Optional<Batch> claimDispatch(String batchId, long now, long staleBefore) {
        return write(batchId, new ItemUpdate()
                .set(BatchItems.DISPATCH_CLAIMED_AT, BatchItems.n(now))
                .whenIn(BatchItems.STATE, ACTIVE_STATES)
                .whenAbsent(BatchItems.STEP_ID)
                .whenAbsent(BatchTable.QUEUE_KEY)
                .whenAbsent(BatchItems.KILL_REQUESTED_BY)
                .whenAbsentOrBelow(BatchItems.DISPATCH_CLAIMED_AT, BatchItems.n(staleBefore)));
    }

    @Override
    public List<Batch> listActive() {
        List<Batch> active = new ArrayList<>();
        dynamo.get().queryPaginator(request -> request
                        .tableName(table)
                        .indexName(BatchTable.ACTIVE_INDEX)
                        .keyConditionExpression("#active = :active")
                        .expressionAttributeNames(Map.of("#active", BatchTable.ACTIVE_KEY))
                        .expressionAttributeValues(Map.of(":active", BatchItems.s(BatchTable.ACTIVE))))
                .items()
                .forEach(item -> active.add(BatchItems.fromItem(item)));
        return active;
    }

    /** The change, with its cause kept beside the state for the state-change event the stream makes of it. */
    private ItemUpdate stateChange(BatchChange change, String cause) {
        ItemUpdate update = appFields(new ItemUpdate(), change.app())
                .set(BatchItems.STATE, change.state().name())
                .set(BatchItems.STATE_CAUSE, cause)
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

    /**
     * One transaction; empty if it took effect, else why each item refused it. A transaction that
     * met another on the same item (TransactionConflict: two dispatchers on one cluster's counters)
     * is tried again, a few times, after a short, growing pause.
     */
    private Optional<List<CancellationReason>> transact(TransactWriteItem... items) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.get().transactWriteItems(request -> request.transactItems(items));
                return Optional.empty();
            } catch (TransactionCanceledException e) {
                boolean conflict = e.cancellationReasons().stream()
                        .anyMatch(reason -> "TransactionConflict".equals(reason.code()));
                if (!conflict || attempt == MAX_TRANSACTION_ATTEMPTS) {
                    return Optional.of(e.cancellationReasons());
                }
                pause(attempt);
            }
        }
    }

    private static boolean conditionFailed(List<CancellationReason> reasons, int item) {
        return reasons.size() > item && "ConditionalCheckFailed".equals(reasons.get(item).code());
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20) * attempt);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a transaction", e);
        }
    }

    private static List<String> ids(QueryResponse response) {
        return response.items().stream().map(item -> item.get(BatchTable.PK).s()).toList();
    }

    private static ItemUpdate share(String user) {
        return new ItemUpdate().set(SHARE_USER, user);
    }

    static Map<String, AttributeValue> slotsKey(String clusterId) {
        return Map.of(BatchTable.PK, BatchItems.s(BatchTable.CLUSTER_PK_PREFIX + clusterId),
                BatchTable.SK, BatchItems.s(BatchTable.SLOTS_SK));
    }

    static Map<String, AttributeValue> userKey(String clusterId, String user) {
        return Map.of(BatchTable.PK, BatchItems.s(BatchTable.CLUSTER_PK_PREFIX + clusterId),
                BatchTable.SK, BatchItems.s(BatchTable.USER_SK_PREFIX + user));
    }

    private Optional<Batch> write(String batchId, ItemUpdate update) {
        try {
            return Optional.of(BatchItems.fromItem(
                    dynamo.get().updateItem(update.request(table, BatchItems.key(batchId))).attributes()));
        } catch (ConditionalCheckFailedException e) {
            return Optional.empty();
        }
    }
}
