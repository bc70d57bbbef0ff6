package dev.batchapi.store;

import dev.batchapi.batch.Batch;
import dev.batchapi.batch.StateChange;
import dev.batchapi.json.JsonNumber;
import dev.batchapi.telemetry.OpsLog;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The records of the batch table's stream, as Lambda hands them to a function (the images in
 * DynamoDB's JSON): which of them are state changes of a batch. Log lines, cursors, counters and a
 * batch's removal by its TTL are records too, and are none.
 */
public final class BatchStreamRecords {

    /** One record: where it is in the stream (what a retry starts from), and its state change, if any. */
    public record Entry(String sequenceNumber, Optional<StateChange> change) {
    }

    private BatchStreamRecords() {
    }

    /** The event's records in stream order. A batch record that cannot be read is logged and has no change. */
    public static List<Entry> read(Map<String, Object> event) {
        List<Entry> entries = new ArrayList<>();
        if (!(event.get("Records") instanceof List<?> records)) {
            return entries;
        }
        for (Object record : records) {
            Map<?, ?> fields = record instanceof Map<?, ?> map ? map : Map.of();
            Map<?, ?> change = fields.get("dynamodb") instanceof Map<?, ?> map ? map : Map.of();
            String sequenceNumber = String.valueOf(change.get("SequenceNumber"));
            String eventId = String.valueOf(fields.get("eventID"));
            entries.add(new Entry(sequenceNumber, stateChange(eventId, change)));
        }
        return entries;
    }

    private static Optional<StateChange> stateChange(String eventId, Map<?, ?> change) {
        if (!isBatch(change.get("Keys")) || change.get("NewImage") == null) {
            return Optional.empty();
        }
        try {
            Map<String, AttributeValue> after = ItemJson.read(change.get("NewImage"));
            Optional<Batch> before = Optional.ofNullable(change.get("OldImage"))
                    .map(ItemJson::read).map(BatchItems::fromItem);
            Optional<String> cause = Optional.ofNullable(after.get(BatchItems.STATE_CAUSE)).map(AttributeValue::s);
            return StateChange.between(before, BatchItems.fromItem(after), cause, eventId, writtenAt(change));
        } catch (RuntimeException e) {
            // Never readable however often it is retried: an event lost loudly, not a stream stuck for a day.
            OpsLog.error("batch.event.unreadable", e, "eventId", eventId);
            return Optional.empty();
        }
    }

    /** The record's ApproximateCreationDateTime (epoch seconds); null if it has none. */
    private static Instant writtenAt(Map<?, ?> change) {
        return change.get("ApproximateCreationDateTime") instanceof JsonNumber seconds
                ? Instant.ofEpochMilli(seconds.decimalValue().movePointRight(3).longValue())
                : null;
    }

    private static boolean isBatch(Object keys) {
        try {
            AttributeValue sortKey = keys == null ? null : ItemJson.read(keys).get(BatchTable.SK);
            return sortKey != null && BatchTable.BATCH_SK.equals(sortKey.s());
        } catch (RuntimeException e) {
            // Keys of no batch item's shape: not a batch's record.
            return false;
        }
    }
}
