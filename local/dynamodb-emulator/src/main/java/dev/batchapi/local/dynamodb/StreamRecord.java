package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchapi.local.awsjson.EpochSeconds;
import dev.batchapi.local.awsjson.LocalAccount;
import java.time.Instant;
import java.util.UUID;

/**
 * One change of one item, as a table's stream records it: what the item was and became, as far as
 * the stream's view type keeps them.
 *
 * @param sequenceNumber its place in the stream, digits of a fixed width (so they sort as numbers do)
 * @param oldImage null for an INSERT, or when the view type keeps no old image
 * @param newImage null for a REMOVE, or when the view type keeps no new image
 */
record StreamRecord(String eventId, String sequenceNumber, String eventName, Instant created, Item keys,
        Item oldImage, Item newImage, String viewType) {

    static final String INSERT = "INSERT";
    static final String MODIFY = "MODIFY";
    static final String REMOVE = "REMOVE";
    private static final int SEQUENCE_DIGITS = 21;

    /** The record of an item going from {@code before} to {@code after} (null: absent), or null if nothing changed. */
    static StreamRecord of(long sequence, Instant now, KeySchema keySchema, StreamSpecification stream, Item before, Item after) {
        if (before == null && after == null || before != null && before.equals(after)) {
            return null;
        }
        String eventName = before == null ? INSERT : after == null ? REMOVE : MODIFY;
        return new StreamRecord(UUID.randomUUID().toString(), sequenceNumber(sequence), eventName, now,
                keySchema.keyOf(after == null ? before : after),
                stream.carriesOldImage() ? before : null,
                stream.carriesNewImage() ? after : null,
                stream.viewType());
    }

    static String sequenceNumber(long sequence) {
        return String.format("%0" + SEQUENCE_DIGITS + "d", sequence);
    }

    long sequence() {
        return Long.parseLong(sequenceNumber);
    }

    /** As GetRecords answers it. */
    ObjectNode toJson() {
        ObjectNode record = JsonNodeFactory.instance.objectNode()
                .put("eventID", eventId)
                .put("eventName", eventName)
                .put("eventVersion", "1.1")
                .put("eventSource", "aws:dynamodb")
                .put("awsRegion", LocalAccount.region());
        ObjectNode change = record.putObject("dynamodb");
        // DynamoDB rounds the creation time down to the second.
        change.put("ApproximateCreationDateTime", EpochSeconds.of(Instant.ofEpochSecond(created.getEpochSecond())));
        change.set("Keys", AttributeValueJson.toJson(keys));
        if (newImage != null) {
            change.set("NewImage", AttributeValueJson.toJson(newImage));
        }
        if (oldImage != null) {
            change.set("OldImage", AttributeValueJson.toJson(oldImage));
        }
        change.put("SequenceNumber", sequenceNumber);
        change.put("SizeBytes", ItemSize.of(keys) + (newImage == null ? 0 : ItemSize.of(newImage))
                + (oldImage == null ? 0 : ItemSize.of(oldImage)));
        change.put("StreamViewType", viewType);
        return record;
    }

    /** As the journal keeps it. */
    ObjectNode toJournalJson() {
        ObjectNode node = toJson();
        ((ObjectNode) node.get("dynamodb")).put("created", created.toEpochMilli());
        return node;
    }

    static StreamRecord fromJournalJson(JsonNode node) {
        JsonNode change = node.get("dynamodb");
        return new StreamRecord(node.get("eventID").asText(), change.get("SequenceNumber").asText(),
                node.get("eventName").asText(), Instant.ofEpochMilli(change.get("created").asLong()),
                AttributeValueJson.item(change.get("Keys")),
                change.has("OldImage") ? AttributeValueJson.item(change.get("OldImage")) : null,
                change.has("NewImage") ? AttributeValueJson.item(change.get("NewImage")) : null,
                change.get("StreamViewType").asText());
    }
}
