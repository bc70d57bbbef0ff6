package dev.batchapi.store;

import java.util.List;
import java.util.stream.Stream;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;

/**
 * The layout of the one table that holds batches, their log lines and log cursors.
 *
 * <p>Items share a partition per batch: {@code pk} is the batch id, {@code sk} says what the item is
 * ({@value #BATCH_SK}, {@code LOG#<n>}, {@code CURSOR#<user>}). So get is one GetItem, and a log page
 * is one Query on a key range. The BASIC authorizer keeps each user name's failed sign-ins in a
 * partition of its own, {@code auth#<SHA-256 of the name>} (so its IAM grant can be limited to those
 * keys), under {@value #SIGN_IN_FAILURES_SK}, expiring by the same TTL.
 *
 * <p>Listing goes through global secondary indexes that only batch items enter (log and cursor items
 * lack their keys). Each index's sort key is {@code createdKey}, the creation time then the id, so a
 * list is a Query in creation order, a createTime/endTime range is a key range, and a page costs
 * reads in proportion to {@code from + size}. {@value #ACTIVE_INDEX} is sparse: only batches that
 * are not terminal carry {@code activeKey}, so the sync reads the active ones and nothing else.
 * An index entry carries only what a list answers and what the sync reads ({@link #projected}):
 * never the batch's spec (resource, class, conf, args), which only a get or a submit needs.
 * The template declares the same table; a test holds the two together.
 */
public final class BatchTable {

    public static final String PK = "pk";
    public static final String SK = "sk";
    public static final String BATCH_SK = "BATCH";
    public static final String LOG_SK_PREFIX = "LOG#";
    public static final String CURSOR_SK_PREFIX = "CURSOR#";
    public static final String AUTH_PK_PREFIX = "auth#";
    public static final String SIGN_IN_FAILURES_SK = "SIGN_IN_FAILURES";

    public static final String CREATED_KEY = "createdKey";
    public static final String ALL_KEY = "allKey";
    public static final String ACTIVE_KEY = "activeKey";
    /** The queue index's partition: the cluster id, '#', the user ({@link BatchItems#queueKey}). */
    public static final String QUEUE_KEY = "queueKey";
    /** The queue deadline index's partition (the cluster id) and sort key (the deadline, then the id). */
    public static final String QUEUE_DEADLINE_KEY = "queueDeadlineKey";
    public static final String QUEUE_DEADLINE = "queueDeadline";
    /** The scheduler's counters of a cluster: partition {@code cluster#<id>}, items {@value #SLOTS_SK} and {@code USER#<user>}. */
    public static final String CLUSTER_PK_PREFIX = "cluster#";
    public static final String SLOTS_SK = "SLOTS";
    public static final String USER_SK_PREFIX = "USER#";
    /** TTL attribute (epoch seconds): set once a batch is terminal, and on log, cursor and sign-in failure items. */
    public static final String EXPIRE_AT = "expireAt";

    public static final String ALL_INDEX = "byCreateTime";
    public static final String USER_INDEX = "byUser";
    public static final String STATE_INDEX = "byState";
    public static final String TYPE_INDEX = "byType";
    public static final String NAME_INDEX = "byName";
    public static final String ACTIVE_INDEX = "active";
    public static final String QUEUE_INDEX = "queue";
    public static final String QUEUE_DEADLINE_INDEX = "queueDeadlines";

    /** The partition key values of {@value #ALL_INDEX} and {@value #ACTIVE_INDEX}. */
    public static final String ALL = "ALL";
    public static final String ACTIVE = "ACTIVE";

    /**
     * The attributes a listing index copies besides the keys: the Kyuubi Batch fields a list answers,
     * the attributes its filters test, and what the state sync reads (cluster, step, kill claim). The
     * id is the table's partition key, which every entry carries.
     */
    static final List<String> LISTED_ATTRIBUTES = List.of(
            BatchItems.USER, BatchItems.BATCH_TYPE, BatchItems.NAME, BatchItems.STATE, BatchItems.CREATE_TIME,
            BatchItems.END_TIME, BatchItems.INSTANCE, BatchItems.CLUSTER_ID, BatchItems.STEP_ID, BatchItems.APP_ID,
            BatchItems.APP_URL, BatchItems.APP_STATE, BatchItems.APP_DIAGNOSTIC, BatchItems.APP_START_TIME,
            BatchItems.KILL_REQUESTED_BY, BatchItems.KILL_REQUESTED_AT);

    /** What the state sync reads of an active batch beyond a listing: its attempts, its limits, its slot. */
    static final List<String> SYNCED_ATTRIBUTES = List.of(
            BatchItems.DISPATCH_CLAIMED_AT, BatchItems.ATTEMPT, BatchItems.EARLIER_FAILURES, BatchItems.MAX_ATTEMPTS,
            BatchItems.EXECUTION_TIMEOUT_SECONDS, BatchItems.HOLDS_SLOT);

    /**
     * Every index: its name, its keys and the non-key attributes it copies. The two queue indexes copy
     * none: the dispatcher reads a queued batch whole once it has claimed it, and only then.
     */
    public static final List<Index> INDEXES = List.of(
            new Index(ALL_INDEX, ALL_KEY, CREATED_KEY, LISTED_ATTRIBUTES),
            new Index(USER_INDEX, BatchItems.USER, CREATED_KEY, LISTED_ATTRIBUTES),
            new Index(STATE_INDEX, BatchItems.STATE, CREATED_KEY, LISTED_ATTRIBUTES),
            new Index(TYPE_INDEX, BatchItems.BATCH_TYPE, CREATED_KEY, LISTED_ATTRIBUTES),
            new Index(NAME_INDEX, BatchItems.NAME, CREATED_KEY, LISTED_ATTRIBUTES),
            new Index(ACTIVE_INDEX, ACTIVE_KEY, CREATED_KEY,
                    Stream.concat(LISTED_ATTRIBUTES.stream(), SYNCED_ATTRIBUTES.stream()).toList()),
            new Index(QUEUE_INDEX, QUEUE_KEY, CREATED_KEY, List.of()),
            new Index(QUEUE_DEADLINE_INDEX, QUEUE_DEADLINE_KEY, QUEUE_DEADLINE, List.of()));

    /** @param copies the non-key attributes the index copies; none: KEYS_ONLY */
    public record Index(String name, String partitionKey, String sortKey, List<String> copies) {
    }

    /** The non-key attributes an index projects: those it copies but its own keys, which it carries anyway. */
    public static List<String> projected(Index index) {
        return index.copies().stream()
                .filter(attribute -> !attribute.equals(index.partitionKey()) && !attribute.equals(index.sortKey()))
                .toList();
    }

    private BatchTable() {
    }

    /** The table as tests and the local stack create it; template.yaml declares the same. */
    public static CreateTableRequest createTableRequest(String tableName) {
        return CreateTableRequest.builder()
                .tableName(tableName)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(
                        stringAttribute(PK), stringAttribute(SK), stringAttribute(CREATED_KEY),
                        stringAttribute(ALL_KEY), stringAttribute(BatchItems.USER), stringAttribute(BatchItems.STATE),
                        stringAttribute(BatchItems.BATCH_TYPE), stringAttribute(BatchItems.NAME),
                        stringAttribute(ACTIVE_KEY), stringAttribute(QUEUE_KEY), stringAttribute(QUEUE_DEADLINE_KEY),
                        stringAttribute(QUEUE_DEADLINE))
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                // Both images: a state-change event needs the state before, and the batch after.
                .streamSpecification(stream -> stream.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES))
                .globalSecondaryIndexes(INDEXES.stream()
                        .map(index -> GlobalSecondaryIndex.builder()
                                .indexName(index.name())
                                .keySchema(key(index.partitionKey(), KeyType.HASH), key(index.sortKey(), KeyType.RANGE))
                                .projection(projection -> {
                                    if (projected(index).isEmpty()) {
                                        projection.projectionType(ProjectionType.KEYS_ONLY);
                                    } else {
                                        projection.projectionType(ProjectionType.INCLUDE).nonKeyAttributes(projected(index));
                                    }
                                })
                                .build())
                        .toList())
                .build();
    }

    /** Turns on the table's TTL, as the template does. */
    public static UpdateTimeToLiveRequest timeToLiveRequest(String tableName) {
        return UpdateTimeToLiveRequest.builder()
                .tableName(tableName)
                .timeToLiveSpecification(ttl -> ttl.attributeName(EXPIRE_AT).enabled(true))
                .build();
    }

    private static AttributeDefinition stringAttribute(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
