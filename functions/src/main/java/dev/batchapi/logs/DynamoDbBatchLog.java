package dev.batchapi.logs;

import dev.batchapi.store.BatchTable;
import dev.batchapi.telemetry.OpsLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Log lines as items of the batch's partition, keyed {@code LOG#<offset>}. A line is written with
 * "only if this offset is free" and a writer tries offset n only after seeing n-1 taken, so offsets
 * have no holes and concurrent writers never overwrite each other. Lines expire with the retention
 * period; a line that expired reads as a placeholder so later offsets do not move.
 */
public final class DynamoDbBatchLog implements BatchLog {

    static final String LINE = "line";
    static final String NEXT = "next";
    static final String EXPIRED_LINE = "(log line expired)";
    private static final String LINE_LIMIT_REACHED =
            "(this batch reached its limit of " + MAX_LINES + " API log lines; later ones are not kept)";
    /** Each attempt only loses to a line another writer added meanwhile: a handful of writers per batch. */
    private static final int MAX_ATTEMPTS = 50;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Duration retention;
    private final Clock clock;

    public DynamoDbBatchLog(DynamoDbClient dynamo, String table, Duration retention, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void append(String batchId, String... messages) {
        long next = lastOffset(batchId) + 1;
        for (String message : messages) {
            next = appendFrom(batchId, next, message) + 1;
        }
    }

    @Override
    public List<String> read(String batchId, long from, int size) {
        List<String> lines = new ArrayList<>();
        if (size <= 0 || from < 0) {
            return lines;
        }
        long expected = from;
        for (Map<String, AttributeValue> item : lineItems(batchId, from, from + size - 1, size, false)) {
            long offset = offset(item.get(BatchTable.SK).s());
            for (; expected < offset; expected++) {
                lines.add(EXPIRED_LINE);
            }
            lines.add(item.get(LINE).s());
            expected++;
        }
        return lines;
    }

    @Override
    public long cursor(String batchId, String reader) {
        var response = dynamo.getItem(request -> request
                .tableName(table)
                .key(cursorKey(batchId, reader))
                .consistentRead(true));
        AttributeValue next = response.hasItem() ? response.item().get(NEXT) : null;
        return next == null ? 0 : Long.parseLong(next.n());
    }

    @Override
    public void moveCursor(String batchId, String reader, long next) {
        Map<String, AttributeValue> item = new HashMap<>(cursorKey(batchId, reader));
        item.put(NEXT, AttributeValue.fromN(Long.toString(next)));
        item.put(BatchTable.EXPIRE_AT, expireAt());
        dynamo.putItem(request -> request.tableName(table).item(item));
    }

    /**
     * Writes the message at the first free offset from {@code offset} on and returns the offset
     * used. After losing a race it starts again after the current last line, so each retry only
     * loses to a line written in the meantime.
     */
    private long appendFrom(String batchId, long offset, String message) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (offset >= MAX_LINES) {
                return offset;
            }
            long at = offset;
            String line = at == MAX_LINES - 1 ? LINE_LIMIT_REACHED : stamp(message);
            try {
                dynamo.putItem(request -> request
                        .tableName(table)
                        .item(Map.of(
                                BatchTable.PK, AttributeValue.fromS(batchId),
                                BatchTable.SK, AttributeValue.fromS(lineKey(at)),
                                LINE, AttributeValue.fromS(line),
                                BatchTable.EXPIRE_AT, expireAt()))
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", BatchTable.PK)));
                return at;
            } catch (ConditionalCheckFailedException e) {
                offset = lastOffset(batchId) + 1;
            }
        }
        OpsLog.warn("batch.log.line.dropped", null, "batchId", batchId, "attempts", MAX_ATTEMPTS);
        return offset;
    }

    private long lastOffset(String batchId) {
        List<Map<String, AttributeValue>> last = lineItems(batchId, 0, MAX_LINES, 1, true);
        return last.isEmpty() ? -1 : offset(last.get(0).get(BatchTable.SK).s());
    }

    /** Line items with offsets in {@code [first, last]}, in offset order or reversed: one Query. */
    private List<Map<String, AttributeValue>> lineItems(
            String batchId, long first, long last, int limit, boolean lastFirst) {
        return dynamo.query(request -> request
                        .tableName(table)
                        .keyConditionExpression("#pk = :pk AND #sk BETWEEN :first AND :last")
                        .expressionAttributeNames(Map.of("#pk", BatchTable.PK, "#sk", BatchTable.SK))
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(batchId),
                                ":first", AttributeValue.fromS(lineKey(first)),
                                ":last", AttributeValue.fromS(lineKey(last))))
                        .scanIndexForward(!lastFirst)
                        // a line written a moment ago must be seen, or its offset would be taken twice
                        .consistentRead(true)
                        .limit(limit))
                .items();
    }

    private String stamp(String message) {
        return Instant.now(clock) + " " + message;
    }

    private AttributeValue expireAt() {
        return AttributeValue.fromN(Long.toString(clock.instant().plus(retention).getEpochSecond()));
    }

    private static Map<String, AttributeValue> cursorKey(String batchId, String reader) {
        return Map.of(
                BatchTable.PK, AttributeValue.fromS(batchId),
                BatchTable.SK, AttributeValue.fromS(BatchTable.CURSOR_SK_PREFIX + reader));
    }

    static String lineKey(long offset) {
        return BatchTable.LOG_SK_PREFIX + String.format("%010d", offset);
    }

    private static long offset(String sortKey) {
        return Long.parseLong(sortKey.substring(BatchTable.LOG_SK_PREFIX.length()));
    }
}
