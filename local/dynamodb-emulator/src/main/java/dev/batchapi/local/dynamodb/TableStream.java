package dev.batchapi.local.dynamodb;

import dev.batchapi.local.awsjson.LocalAccount;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The stream of a table whose stream is on: one shard that never closes, holding each record for 24
 * hours as DynamoDB does, and at most {@value #MAX_RECORDS} records (a bound DynamoDB does not have,
 * so that a stack left running under load does not grow without end). Not thread-safe: the
 * {@link Database} lock guards it.
 */
final class TableStream {

    static final Duration RETENTION = Duration.ofHours(24);
    static final int MAX_RECORDS = 10_000;
    static final String SHARD_ID = "shardId-00000000000000000001-00000001";
    private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS")
            .withZone(ZoneOffset.UTC);

    private final String label;
    private final String arn;
    private final Deque<StreamRecord> records = new ArrayDeque<>();
    private long lastSequence;

    TableStream(TableDefinition definition) {
        this.label = LABEL.format(definition.created());
        this.arn = LocalAccount.arn("dynamodb", "table/" + definition.name() + "/stream/" + label);
    }

    String label() {
        return label;
    }

    String arn() {
        return arn;
    }

    /** The number the next record gets. */
    long nextSequence() {
        return lastSequence + 1;
    }

    /** Keeps the record, and lets go of those past their retention or beyond the bound. */
    void append(StreamRecord record) {
        records.addLast(record);
        lastSequence = Math.max(lastSequence, record.sequence());
        Instant horizon = record.created().minus(RETENTION);
        while (records.size() > MAX_RECORDS || records.getFirst().created().isBefore(horizon)) {
            records.removeFirst();
        }
    }

    /** The number of the oldest record held; {@link #nextSequence()} if none is. */
    long trimHorizon() {
        return records.isEmpty() ? nextSequence() : records.getFirst().sequence();
    }

    /** Up to {@code limit} records from the one numbered {@code from} on. */
    List<StreamRecord> read(long from, int limit) {
        List<StreamRecord> page = new ArrayList<>();
        for (StreamRecord record : records) {
            if (page.size() == limit) {
                break;
            }
            if (record.sequence() >= from) {
                page.add(record);
            }
        }
        return page;
    }

    List<StreamRecord> records() {
        return List.copyOf(records);
    }
}
