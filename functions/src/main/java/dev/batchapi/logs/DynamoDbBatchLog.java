package dev.batchapi.logs;

import dev.batchapi.batch.log.BatchLog;
import dev.batchapi.batch.log.LogEntry;
import dev.batchapi.batch.log.LogTail;
import dev.batchapi.store.BatchTable;
import dev.batchapi.telemetry.OpsLog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Log entries as items of the batch's partition, keyed {@code LOG#<offset>}. An entry is written
 * "only if this offset is free" at the offset after the last entry, and a writer tries an offset only
 * after seeing the entry before it, so offsets have no holes and concurrent writers (the API, the
 * sync, readers recording output) never overwrite each other. Entries expire with the retention
 * period; an expired one reads as a placeholder so later offsets do not move.
 */
public final class DynamoDbBatchLog implements BatchLog {

    static final String LINE = "line";
    static final String FILE = "file";
    static final String FIRST_LINE = "firstLine";
    static final String COUNT = "count";
    static final String OWN_LINES = "ownLines";
    static final String CONSUMED = "consumed";
    static final String NEXT = "next";
    private static final String LINE_LIMIT_REACHED =
            "(this batch reached its limit of " + MAX_OWN_LINES + " API log lines; later ones are not kept)";
    /** Each attempt only loses to an entry another writer added meanwhile: a handful of writers per batch. */
    private static final int MAX_ATTEMPTS = 50;
    private static final long LAST_OFFSET = 9_999_999_999L;

    /** Built on first use: a function that never reads the table never builds the client. */
    private final Supplier<DynamoDbClient> dynamo;
    private final String table;
    private final Duration retention;
    private final Clock clock;

    public DynamoDbBatchLog(Supplier<DynamoDbClient> dynamo, String table, Duration retention, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void append(String batchId, String... messages) {
        LogTail tail = tail(batchId);
        for (String message : messages) {
            tail = appendLine(batchId, tail, message);
        }
    }

    @Override
    public List<LogEntry> entries(String batchId, long from, long to) {
        List<LogEntry> entries = new ArrayList<>();
        if (to <= from) {
            return entries;
        }
        // The entry that starts at or before `from` may cover it (an output range spans many offsets).
        query(batchId, 0, from, 1, true).stream()
                .map(DynamoDbBatchLog::entry)
                .filter(entry -> entry.offset() < from && entry.end() > from)
                .forEach(entries::add);
        query(batchId, from, to - 1, Integer.MAX_VALUE, false).stream().map(DynamoDbBatchLog::entry).forEach(entries::add);
        return entries;
    }

    @Override
    public LogTail tail(String batchId) {
        List<Map<String, AttributeValue>> last = query(batchId, 0, LAST_OFFSET, 1, true);
        if (last.isEmpty()) {
            return LogTail.EMPTY;
        }
        LogEntry entry = entry(last.get(0));
        return new LogTail(entry.end(), number(last.get(0), OWN_LINES).intValue(), Optional.of(entry));
    }

    @Override
    public Map<String, Long> consumedOutput(String batchId) {
        var response = dynamo.get().query(request -> request
                .tableName(table)
                .keyConditionExpression("#pk = :pk AND #sk BETWEEN :first AND :last")
                .filterExpression("attribute_exists(#file)")
                .expressionAttributeNames(Map.of("#pk", BatchTable.PK, "#sk", BatchTable.SK, "#file", FILE))
                .expressionAttributeValues(Map.of(
                        ":pk", AttributeValue.fromS(batchId),
                        ":first", AttributeValue.fromS(entryKey(0)),
                        ":last", AttributeValue.fromS(entryKey(LAST_OFFSET))))
                .scanIndexForward(false)
                .consistentRead(true));
        return response.items().isEmpty() ? Map.of() : ((LogEntry.Output) entry(response.items().get(0))).consumed();
    }

    @Override
    public boolean appendOutput(String batchId, LogTail tail, String header, LogEntry.Output output) {
        List<TransactWriteItem> writes = new ArrayList<>();
        int ownLines = tail.ownLines();
        if (header != null) {
            ownLines++;
            writes.add(putIfFree(lineItem(batchId, tail.next(), header, ownLines)));
        }
        Map<String, AttributeValue> item = baseItem(batchId, output.offset(), output.count(), ownLines);
        item.put(FILE, AttributeValue.fromS(output.file()));
        item.put(FIRST_LINE, AttributeValue.fromN(Long.toString(output.firstLine())));
        Map<String, AttributeValue> consumed = new HashMap<>();
        output.consumed().forEach((file, lines) -> consumed.put(file, AttributeValue.fromN(Long.toString(lines))));
        item.put(CONSUMED, AttributeValue.fromM(consumed));
        writes.add(putIfFree(item));
        try {
            // The header and its lines land together or not at all.
            dynamo.get().transactWriteItems(request -> request.transactItems(writes));
            return true;
        } catch (TransactionCanceledException e) {
            return false;
        }
    }

    @Override
    public long cursor(String batchId, String reader) {
        var response = dynamo.get().getItem(request -> request
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
        dynamo.get().putItem(request -> request.tableName(table).item(item));
    }

    /**
     * Writes the message at the end of the log. After losing a race it starts again after the new
     * end, so each retry only loses to an entry written in the meantime.
     */
    private LogTail appendLine(String batchId, LogTail tail, String message) {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            if (tail.ownLines() >= MAX_OWN_LINES) {
                return tail;
            }
            int ownLines = tail.ownLines() + 1;
            String line = ownLines == MAX_OWN_LINES ? LINE_LIMIT_REACHED : Instant.now(clock) + " " + message;
            Map<String, AttributeValue> item = lineItem(batchId, tail.next(), line, ownLines);
            try {
                dynamo.get().putItem(request -> request
                        .tableName(table)
                        .item(item)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", BatchTable.PK)));
                return new LogTail(tail.next() + 1, ownLines, Optional.of(new LogEntry.Line(tail.next(), line)));
            } catch (ConditionalCheckFailedException e) {
                tail = tail(batchId);
            }
        }
        OpsLog.warn("batch.log.line.dropped", null, "batchId", batchId, "attempts", MAX_ATTEMPTS);
        return tail;
    }

    /** Entry items with offsets in {@code [first, last]}, in offset order or reversed: one Query. */
    private List<Map<String, AttributeValue>> query(String batchId, long first, long last, int limit, boolean lastFirst) {
        return dynamo.get().query(request -> request
                        .tableName(table)
                        .keyConditionExpression("#pk = :pk AND #sk BETWEEN :first AND :last")
                        .expressionAttributeNames(Map.of("#pk", BatchTable.PK, "#sk", BatchTable.SK))
                        .expressionAttributeValues(Map.of(
                                ":pk", AttributeValue.fromS(batchId),
                                ":first", AttributeValue.fromS(entryKey(first)),
                                ":last", AttributeValue.fromS(entryKey(last))))
                        .scanIndexForward(!lastFirst)
                        // an entry written a moment ago must be seen, or its offset would be taken twice
                        .consistentRead(true)
                        .limit(limit))
                .items();
    }

    private static LogEntry entry(Map<String, AttributeValue> item) {
        long offset = Long.parseLong(item.get(BatchTable.SK).s().substring(BatchTable.LOG_SK_PREFIX.length()));
        if (item.containsKey(FILE)) {
            Map<String, Long> consumed = new HashMap<>();
            item.get(CONSUMED).m().forEach((file, lines) -> consumed.put(file, Long.parseLong(lines.n())));
            return new LogEntry.Output(offset, item.get(FILE).s(), number(item, FIRST_LINE),
                    number(item, COUNT).intValue(), consumed);
        }
        return new LogEntry.Line(offset, item.get(LINE).s());
    }

    private Map<String, AttributeValue> lineItem(String batchId, long offset, String line, int ownLines) {
        Map<String, AttributeValue> item = baseItem(batchId, offset, 1, ownLines);
        item.put(LINE, AttributeValue.fromS(line));
        return item;
    }

    private Map<String, AttributeValue> baseItem(String batchId, long offset, int count, int ownLines) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(BatchTable.PK, AttributeValue.fromS(batchId));
        item.put(BatchTable.SK, AttributeValue.fromS(entryKey(offset)));
        item.put(COUNT, AttributeValue.fromN(Integer.toString(count)));
        item.put(OWN_LINES, AttributeValue.fromN(Integer.toString(ownLines)));
        item.put(BatchTable.EXPIRE_AT, expireAt());
        return item;
    }

    private TransactWriteItem putIfFree(Map<String, AttributeValue> item) {
        return TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(table)
                        .item(item)
                        .conditionExpression("attribute_not_exists(#pk)")
                        .expressionAttributeNames(Map.of("#pk", BatchTable.PK))
                        .build())
                .build();
    }

    private AttributeValue expireAt() {
        return AttributeValue.fromN(Long.toString(clock.instant().plus(retention).getEpochSecond()));
    }

    private static Long number(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? 0L : Long.parseLong(value.n());
    }

    private static Map<String, AttributeValue> cursorKey(String batchId, String reader) {
        return Map.of(
                BatchTable.PK, AttributeValue.fromS(batchId),
                BatchTable.SK, AttributeValue.fromS(BatchTable.CURSOR_SK_PREFIX + reader));
    }

    static String entryKey(long offset) {
        return BatchTable.LOG_SK_PREFIX + String.format("%010d", offset);
    }
}
