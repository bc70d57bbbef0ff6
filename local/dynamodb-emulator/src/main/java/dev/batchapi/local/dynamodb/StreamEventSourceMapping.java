package dev.batchapi.local.dynamodb;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchapi.local.awsjson.AwsJsonService;
import dev.batchapi.local.awsjson.AwsServiceException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What Lambda's event source mapping does with a table's stream, for a function run locally: reads the
 * stream in order, hands the function batches of records in the event shape Lambda uses, and moves
 * on only past what the function took. A function that throws gets the same batch again; one that
 * reports batch item failures (ReportBatchItemFailures) gets the records from the first one it
 * reported on. It never gives up on a record it can still read (MaximumRetryAttempts -1); records
 * that expire unread (see {@code TableStream}'s bounds) are lost, as they are on AWS after 24 hours,
 * and logged as such. Where it stands may be kept in a file, so that a restart goes on from there
 * rather than from the oldest record.
 */
public final class StreamEventSourceMapping {

    private static final Logger LOG = Logger.getLogger(StreamEventSourceMapping.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final AwsJsonService streams;
    private final String streamArn;
    private final int batchSize;
    private final UnaryOperator<String> function;
    private final Optional<Path> positionFile;
    /** The sequence number of the last record the function took; empty: none yet. */
    private Optional<String> after;

    /**
     * @param streams the emulator's {@link DynamoDbEmulator#streams()}
     * @param function takes the event, answers the function's answer (throws if the invocation failed)
     * @param positionFile where the position is kept between runs; empty: each run starts at the oldest record
     */
    public StreamEventSourceMapping(AwsJsonService streams, String streamArn, int batchSize,
            UnaryOperator<String> function, Optional<Path> positionFile) {
        this.streams = streams;
        this.streamArn = streamArn;
        this.batchSize = batchSize;
        this.function = function;
        this.positionFile = positionFile;
        this.after = positionFile.filter(Files::exists).map(StreamEventSourceMapping::read).filter(text -> !text.isBlank());
    }

    /**
     * Hands the function the next batch of records, if there are any.
     *
     * @return how many records the function took (0: none waiting, or the function failed them)
     */
    public int poll() {
        ArrayNode records = (ArrayNode) streams.handle("GetRecords", JSON.objectNode()
                .put("ShardIterator", iterator()).put("Limit", batchSize)).get("Records");
        if (records.isEmpty()) {
            return 0;
        }
        ObjectNode event = JSON.objectNode();
        ArrayNode delivered = event.putArray("Records");
        records.forEach(record -> delivered.add(((ObjectNode) record.deepCopy()).put("eventSourceARN", streamArn)));
        String answer = function.apply(event.toString());
        int taken = taken(records, answer);
        if (taken > 0) {
            moveTo(records.get(taken - 1).path("dynamodb").path("SequenceNumber").asText());
        }
        return taken;
    }

    /** Records before the first failure the answer reports; all of them if it reports none. */
    private static int taken(ArrayNode records, String answer) {
        JsonNode failures;
        try {
            failures = answer == null || answer.isBlank() ? null : MAPPER.readTree(answer).path("batchItemFailures");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "the function's answer is not JSON: the batch is taken, as Lambda takes it");
            return records.size();
        }
        if (failures == null || !failures.isArray() || failures.isEmpty()) {
            return records.size();
        }
        String first = failures.get(0).path("itemIdentifier").asText();
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i).path("dynamodb").path("SequenceNumber").asText().equals(first)) {
                return i;
            }
        }
        // An identifier of no record in the batch: Lambda fails the whole batch.
        return 0;
    }

    private String iterator() {
        ObjectNode request = JSON.objectNode().put("StreamArn", streamArn).put("ShardId", TableStream.SHARD_ID);
        if (after.isPresent()) {
            request.put("ShardIteratorType", "AFTER_SEQUENCE_NUMBER").put("SequenceNumber", after.get());
        } else {
            request.put("ShardIteratorType", "TRIM_HORIZON");
        }
        try {
            return streams.handle("GetShardIterator", request).get("ShardIterator").asText();
        } catch (AwsServiceException e) {
            if (!"TrimmedDataAccessException".equals(e.errorCode())) {
                throw e;
            }
            // As Lambda's mapping after 24 hours: what expired unread is lost, and the loss is said loudly.
            LOG.severe("records after " + after.get() + " of " + streamArn + " expired before they were handed over:"
                    + " they are lost; going on from the oldest kept");
            after = Optional.empty();
            return iterator();
        }
    }

    private void moveTo(String sequenceNumber) {
        after = Optional.of(sequenceNumber);
        positionFile.ifPresent(file -> {
            try {
                Path written = file.resolveSibling(file.getFileName() + ".tmp");
                Files.writeString(written, sequenceNumber, StandardCharsets.UTF_8);
                Files.move(written, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep the stream position in " + file, e);
            }
        });
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stream position in " + file, e);
        }
    }
}
