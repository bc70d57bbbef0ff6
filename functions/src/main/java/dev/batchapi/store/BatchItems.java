package dev.batchapi.store;

import dev.batchapi.batch.AppInfo;
import dev.batchapi.batch.AppState;
import dev.batchapi.batch.Batch;
import dev.batchapi.batch.BatchSpec;
import dev.batchapi.batch.BatchState;
import dev.batchapi.batch.BatchType;
import dev.batchapi.batch.KyuubiInstance;
import dev.batchapi.batch.Placement;
import dev.batchapi.batch.RunLimits;
import dev.batchapi.batch.Scheduling;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Batch ↔ DynamoDB item. Absent values are absent attributes (DynamoDB stores no nulls). */
final class BatchItems {

    static final String ID = "id";
    static final String USER = "user";
    static final String BATCH_TYPE = "batchType";
    static final String NAME = "name";
    static final String RESOURCE = "resource";
    static final String CLASS_NAME = "className";
    static final String CONF = "conf";
    static final String ARGS = "args";
    static final String STATE = "state";
    static final String CREATE_TIME = "createTime";
    static final String END_TIME = "endTime";
    /** Why the batch last changed state (absent until its first change after the create). */
    static final String STATE_CAUSE = "stateCause";
    static final String INSTANCE = "kyuubiInstance";
    static final String CLUSTER_ID = "clusterId";
    static final String STEP_ID = "stepId";
    static final String APP_ID = "appId";
    static final String APP_URL = "appUrl";
    static final String APP_STATE = "appState";
    static final String APP_DIAGNOSTIC = "appDiagnostic";
    static final String APP_START_TIME = "appStartTime";
    static final String KILL_REQUESTED_BY = "killRequestedBy";
    static final String KILL_REQUESTED_AT = "killRequestedAt";
    /** When a submit last claimed the batch (its create, the dispatcher, a sync rolling it forward); never shown. */
    static final String DISPATCH_CLAIMED_AT = "dispatchClaimedAt";
    static final String ATTEMPT = "attempt";
    static final String EARLIER_FAILURES = "earlierFailures";
    static final String MAX_ATTEMPTS = "maxAttempts";
    static final String EXECUTION_TIMEOUT_SECONDS = "executionTimeoutSeconds";
    static final String QUEUE_TIMEOUT_SECONDS = "queueTimeoutSeconds";
    /** Present while the batch holds a slot of its cluster and of its user's share (the counters count it). */
    static final String HOLDS_SLOT = "holdsSlot";

    private BatchItems() {
    }

    static Map<String, AttributeValue> key(String batchId) {
        return Map.of(BatchTable.PK, s(batchId), BatchTable.SK, s(BatchTable.BATCH_SK));
    }

    /** Sorts by creation time, then id: fixed width so string order is time order. */
    static String createdKey(long createTime, String id) {
        return String.format("%013d#%s", createTime, id);
    }

    /** The creation time a {@link #createdKey} starts with. */
    static long createTimeOf(String createdKey) {
        return Long.parseLong(createdKey.substring(0, createdKey.indexOf('#')));
    }

    static Map<String, AttributeValue> toItem(Batch batch) {
        Map<String, AttributeValue> item = new HashMap<>(key(batch.id()));
        item.put(ID, s(batch.id()));
        item.put(USER, s(batch.user()));
        item.put(BATCH_TYPE, s(batch.batchType().name()));
        putIfPresent(item, NAME, batch.name());
        item.put(RESOURCE, s(batch.spec().resource()));
        putIfPresent(item, CLASS_NAME, batch.spec().className());
        Map<String, AttributeValue> conf = new HashMap<>();
        batch.spec().conf().forEach((k, v) -> conf.put(k, s(v)));
        item.put(CONF, AttributeValue.fromM(conf));
        item.put(ARGS, AttributeValue.fromL(batch.spec().args().stream().map(BatchItems::s).toList()));
        item.put(STATE, s(batch.state().name()));
        item.put(CREATE_TIME, n(batch.createTime()));
        item.put(END_TIME, n(batch.endTime()));
        putIfPresent(item, INSTANCE, batch.kyuubiInstance());
        putIfPresent(item, CLUSTER_ID, batch.clusterId());
        putIfPresent(item, STEP_ID, batch.stepId());
        putIfPresent(item, APP_ID, batch.app().appId());
        putIfPresent(item, APP_URL, batch.app().appUrl());
        putIfPresent(item, APP_STATE, batch.app().appState() == null ? null : batch.app().appState().name());
        putIfPresent(item, APP_DIAGNOSTIC, batch.app().appDiagnostic());
        item.put(APP_START_TIME, n(batch.app().appStartTime()));
        putIfPresent(item, KILL_REQUESTED_BY, batch.killRequestedBy());
        if (batch.killRequestedAt() > 0) {
            item.put(KILL_REQUESTED_AT, n(batch.killRequestedAt()));
        }
        Scheduling scheduling = batch.scheduling();
        item.put(ATTEMPT, n(scheduling.attempt()));
        if (scheduling.dispatchClaimedAt() > 0) {
            item.put(DISPATCH_CLAIMED_AT, n(scheduling.dispatchClaimedAt()));
        }
        putIfPresent(item, EARLIER_FAILURES, scheduling.earlierFailures());
        item.put(MAX_ATTEMPTS, n(scheduling.limits().maxAttempts()));
        item.put(EXECUTION_TIMEOUT_SECONDS, n(scheduling.limits().executionTimeoutSeconds()));
        item.put(QUEUE_TIMEOUT_SECONDS, n(scheduling.limits().queueTimeoutSeconds()));
        item.put(BatchTable.CREATED_KEY, s(createdKey(batch.createTime(), batch.id())));
        item.put(BatchTable.ALL_KEY, s(BatchTable.ALL));
        if (!batch.isTerminal()) {
            switch (scheduling.placement()) {
                case ADMITTED -> {
                    item.put(BatchTable.ACTIVE_KEY, s(BatchTable.ACTIVE));
                    item.put(HOLDS_SLOT, AttributeValue.fromBool(true));
                }
                case QUEUED -> {
                    item.put(BatchTable.QUEUE_KEY, s(queueKey(batch.clusterId(), batch.user())));
                    scheduling.limits().queueDeadline(batch.createTime()).ifPresent(deadline -> {
                        item.put(BatchTable.QUEUE_DEADLINE_KEY, s(batch.clusterId()));
                        item.put(BatchTable.QUEUE_DEADLINE, s(createdKey(deadline, batch.id())));
                    });
                }
                case NONE -> item.put(BatchTable.ACTIVE_KEY, s(BatchTable.ACTIVE));
            }
        }
        return item;
    }

    /** The partition of the queue index that holds one user's batches waiting for one cluster. */
    static String queueKey(String clusterId, String user) {
        // Cluster ids hold no '#': the first one ends the id, whatever the user name holds.
        return clusterId + "#" + user;
    }

    private static Placement placement(Map<String, AttributeValue> item) {
        if (item.containsKey(HOLDS_SLOT)) {
            return Placement.ADMITTED;
        }
        return item.containsKey(BatchTable.QUEUE_KEY) ? Placement.QUEUED : Placement.NONE;
    }

    /** A batch item, or an index entry: that has no spec (see {@link BatchTable#LISTED_ATTRIBUTES}). */
    static Batch fromItem(Map<String, AttributeValue> item) {
        Map<String, String> conf = new LinkedHashMap<>();
        item.getOrDefault(CONF, AttributeValue.fromM(Map.of())).m().forEach((k, v) -> conf.put(k, v.s()));
        List<String> args = item.getOrDefault(ARGS, AttributeValue.fromL(List.of())).l().stream()
                .map(AttributeValue::s)
                .toList();
        String appState = string(item, APP_STATE);
        return new Batch(
                string(item, BatchTable.PK),
                string(item, USER),
                BatchType.valueOf(string(item, BATCH_TYPE)),
                string(item, NAME),
                item.containsKey(RESOURCE) ? new BatchSpec(string(item, RESOURCE), string(item, CLASS_NAME), conf, args) : null,
                BatchState.valueOf(string(item, STATE)),
                new AppInfo(
                        string(item, APP_ID),
                        string(item, APP_URL),
                        appState == null ? null : AppState.valueOf(appState),
                        string(item, APP_DIAGNOSTIC),
                        number(item, APP_START_TIME)),
                // Records written before kyuubiInstance had to be an address said region/function.
                KyuubiInstance.of(string(item, INSTANCE)).orElse(null),
                number(item, CREATE_TIME),
                number(item, END_TIME),
                string(item, CLUSTER_ID),
                string(item, STEP_ID),
                string(item, KILL_REQUESTED_BY),
                number(item, KILL_REQUESTED_AT),
                new Scheduling(
                        placement(item),
                        (int) Math.max(1, number(item, ATTEMPT)),
                        number(item, DISPATCH_CLAIMED_AT),
                        // Batches written before the scheduler have no limits: one attempt, no timeouts.
                        new RunLimits((int) Math.max(1, number(item, MAX_ATTEMPTS)),
                                number(item, EXECUTION_TIMEOUT_SECONDS), number(item, QUEUE_TIMEOUT_SECONDS)),
                        string(item, EARLIER_FAILURES)));
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0 : Long.parseLong(value.n());
    }
}
