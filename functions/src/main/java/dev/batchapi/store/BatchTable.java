package dev.batchapi.store;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
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
    /** TTL attribute (epoch seconds): set once a batch is terminal, and on log, cursor and sign-in failure items. */
    public static final String EXPIRE_AT = "expireAt";

    public static final String ALL_INDEX = "byCreateTime";
    public static final String USER_INDEX = "byUser";
    public static final String STATE_INDEX = "byState";
    public static final String TYPE_INDEX = "byType";
    public static final String NAME_INDEX = "byName";
    public static final String ACTIVE_INDEX = "active";

    /** The partition key values of {@value #ALL_INDEX} and {@value #ACTIVE_INDEX}. */
    public static final String ALL = "ALL";
    public static final String ACTIVE = "ACTIVE";

    /** Every index: its name and its partition key attribute (the sort key is always createdKey). */
    public static final List<Index> INDEXES = List.of(
            new Index(ALL_INDEX, ALL_KEY),
            new Index(USER_INDEX, BatchItems.USER),
            new Index(STATE_INDEX, BatchItems.STATE),
            new Index(TYPE_INDEX, BatchItems.BATCH_TYPE),
            new Index(NAME_INDEX, BatchItems.NAME),
            new Index(ACTIVE_INDEX, ACTIVE_KEY));

    public record Index(String name, String partitionKey) {
    }

    /**
     * The attributes every index copies besides the keys: the Kyuubi Batch fields a list answers, the
     * attributes its filters test, and what the state sync reads (cluster, step, kill claim). The id
     * is the table's partition key, which every entry carries.
     */
    static final List<String> LISTED_ATTRIBUTES = List.of(
            BatchItems.USER, BatchItems.BATCH_TYPE, BatchItems.NAME, BatchItems.STATE, BatchItems.CREATE_TIME,
            BatchItems.END_TIME, BatchItems.INSTANCE, BatchItems.CLUSTER_ID, BatchItems.STEP_ID, BatchItems.APP_ID,
            BatchItems.APP_URL, BatchItems.APP_STATE, BatchItems.APP_DIAGNOSTIC, BatchItems.APP_START_TIME,
            BatchItems.KILL_REQUESTED_BY, BatchItems.KILL_REQUESTED_AT);

    /** The non-key attributes an index projects: the listed ones but its own key, which it carries anyway. */
    public static List<String> projected(Index index) {
        return LISTED_ATTRIBUTES.stream().filter(attribute -> !attribute.equals(index.partitionKey())).toList();
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
                        stringAttribute(ACTIVE_KEY))
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .globalSecondaryIndexes(INDEXES.stream()
                        .map(index -> GlobalSecondaryIndex.builder()
                                .indexName(index.name())
                                .keySchema(key(index.partitionKey(), KeyType.HASH), key(CREATED_KEY, KeyType.RANGE))
                                .projection(projection -> projection.projectionType(ProjectionType.INCLUDE)
                                        .nonKeyAttributes(projected(index)))
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
