package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchapi.local.awsjson.AwsServiceException;
import dev.batchapi.local.awsjson.EpochSeconds;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * The DynamoDB Streams operations: find a table's stream and its one shard, take an iterator, read
 * records from it. An iterator is the stream, the shard and the next record's number, encoded: it
 * never expires (DynamoDB's do after 15 minutes), and reading behind the oldest record kept is
 * refused with TrimmedDataAccessException, as DynamoDB does.
 */
final class StreamOperations {

    private static final int CLIENT_ERROR = 400;
    private static final int MAX_RECORDS_PER_READ = 1000;
    private static final Set<String> ITERATOR_TYPES = Set.of("TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER",
            "AFTER_SEQUENCE_NUMBER");

    private final Database database;

    StreamOperations(Database database) {
        this.database = database;
    }

    ObjectNode listStreams(Request request) {
        request.supporting(Set.of("TableName", "Limit", "ExclusiveStartStreamArn"));
        String tableName = request.string("TableName", null);
        return database.read(db -> {
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            ArrayNode streams = answer.putArray("Streams");
            for (Table table : db.tables()) {
                if (table.stream() != null && (tableName == null || tableName.equals(table.name()))) {
                    streams.addObject().put("StreamArn", table.stream().arn()).put("TableName", table.name())
                            .put("StreamLabel", table.stream().label());
                }
            }
            return answer;
        });
    }

    ObjectNode describeStream(Request request) {
        request.supporting(Set.of("StreamArn", "Limit", "ExclusiveStartShardId"));
        String arn = request.requiredString("StreamArn");
        return database.read(db -> {
            Table table = tableOf(db, arn);
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            ObjectNode description = answer.putObject("StreamDescription")
                    .put("StreamArn", arn)
                    .put("StreamLabel", table.stream().label())
                    .put("StreamStatus", "ENABLED")
                    .put("StreamViewType", table.definition().stream().viewType())
                    .put("CreationRequestDateTime", EpochSeconds.of(table.definition().created()))
                    .put("TableName", table.name());
            description.set("KeySchema", table.keySchema().toJson());
            description.putArray("Shards").addObject()
                    .put("ShardId", TableStream.SHARD_ID)
                    .putObject("SequenceNumberRange")
                    .put("StartingSequenceNumber", StreamRecord.sequenceNumber(table.stream().trimHorizon()));
            return answer;
        });
    }

    ObjectNode getShardIterator(Request request) {
        request.supporting(Set.of("StreamArn", "ShardId", "ShardIteratorType", "SequenceNumber"));
        String arn = request.requiredString("StreamArn");
        String shardId = request.requiredString("ShardId");
        String type = request.choice("ShardIteratorType", "", ITERATOR_TYPES);
        boolean atSequence = type.endsWith("_SEQUENCE_NUMBER");
        if (atSequence != request.has("SequenceNumber")) {
            throw ServiceErrors.validation(atSequence
                    ? "SequenceNumber is required for ShardIteratorType " + type
                    : "SequenceNumber may only be given for AT_SEQUENCE_NUMBER and AFTER_SEQUENCE_NUMBER");
        }
        return database.read(db -> {
            TableStream stream = tableOf(db, arn).stream();
            if (!TableStream.SHARD_ID.equals(shardId)) {
                throw ServiceErrors.resourceNotFound("Requested resource not found: Shard does not exist");
            }
            long position = switch (type) {
                case "TRIM_HORIZON" -> stream.trimHorizon();
                case "LATEST" -> stream.nextSequence();
                default -> sequence(request.requiredString("SequenceNumber")) + (type.startsWith("AFTER") ? 1 : 0);
            };
            if (position < stream.trimHorizon()) {
                throw trimmed();
            }
            return JsonNodeFactory.instance.objectNode().put("ShardIterator", iterator(arn, position));
        });
    }

    ObjectNode getRecords(Request request) {
        request.supporting(Set.of("ShardIterator", "Limit"));
        Iterator iterator = Iterator.parse(request.requiredString("ShardIterator"));
        Integer limit = request.positiveInteger("Limit");
        if (limit != null && limit > MAX_RECORDS_PER_READ) {
            throw request.constraintViolated("Limit", limit, "Member must have value less than or equal to "
                    + MAX_RECORDS_PER_READ);
        }
        return database.read(db -> {
            TableStream stream = tableOf(db, iterator.streamArn()).stream();
            if (iterator.position() < stream.trimHorizon()) {
                throw trimmed();
            }
            List<StreamRecord> records = stream.read(iterator.position(), limit == null ? MAX_RECORDS_PER_READ : limit);
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            ArrayNode array = answer.putArray("Records");
            records.forEach(record -> array.add(record.toJson()));
            long next = records.isEmpty() ? iterator.position() : records.get(records.size() - 1).sequence() + 1;
            return answer.put("NextShardIterator", iterator(iterator.streamArn(), next));
        });
    }

    private static Table tableOf(Database db, String arn) {
        for (Table table : db.tables()) {
            if (table.stream() != null && table.stream().arn().equals(arn)) {
                return table;
            }
        }
        throw ServiceErrors.resourceNotFound("Requested resource not found: Stream: " + arn + " not found");
    }

    private static long sequence(String text) {
        if (!text.matches("[0-9]{1,40}") || new BigInteger(text).bitLength() > Long.SIZE - 2) {
            throw ServiceErrors.validation("Invalid SequenceNumber: " + text);
        }
        return Long.parseLong(text);
    }

    private static AwsServiceException trimmed() {
        return new AwsServiceException(CLIENT_ERROR, "TrimmedDataAccessException",
                "The operation attempted to read past the oldest stream record in a shard.");
    }

    private static String iterator(String arn, long position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                (arn + "\n" + TableStream.SHARD_ID + "\n" + position).getBytes(StandardCharsets.UTF_8));
    }

    private record Iterator(String streamArn, long position) {
        static Iterator parse(String token) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n");
                if (parts.length == 3 && parts[1].equals(TableStream.SHARD_ID)) {
                    return new Iterator(parts[0], Long.parseLong(parts[2]));
                }
            } catch (IllegalArgumentException e) {
                // Falls through to the refusal below.
            }
            throw ServiceErrors.validation("Invalid ShardIterator");
        }
    }
}
