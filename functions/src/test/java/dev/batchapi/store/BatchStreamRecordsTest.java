package dev.batchapi.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.batch.AppInfo;
import dev.batchapi.batch.AppState;
import dev.batchapi.batch.Batch;
import dev.batchapi.batch.BatchSpec;
import dev.batchapi.batch.BatchState;
import dev.batchapi.batch.BatchType;
import dev.batchapi.batch.RunLimits;
import dev.batchapi.batch.StateChange;
import dev.batchapi.json.JsonNumber;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Which records of the table's stream are state changes of a batch. */
class BatchStreamRecordsTest {

    private static final Batch PENDING = Batch.pending("8c4ab3ae-2f0c-4b39-9d0b-3d2a8f4c1e57", "alice", BatchType.SPARK,
            "pi", new BatchSpec("a.jar", "a.B", Map.of("spark.executor.memory", "2g"), List.of("10")), null, 1_000, "j-1",
            RunLimits.DEFAULT);
    private static final Batch RUNNING = new Batch(PENDING.id(), PENDING.user(), PENDING.batchType(), PENDING.name(),
            PENDING.spec(), BatchState.RUNNING, new AppInfo("s-1", null, AppState.RUNNING, null, 2_000),
            null, 1_000, 0, "j-1", "s-1", null, 0, PENDING.scheduling());

    @Test
    void aCreatedBatchIsAChangeFromNoStateCausedByItsCreation() {
        StateChange change = only(record("e-1", "1", null, item(PENDING, null)));

        assertThat(change.previousState()).isNull();
        assertThat(change.batch()).isEqualTo(PENDING);
        assertThat(change.cause()).isEqualTo(StateChange.CREATED);
        assertThat(change.changeId()).isEqualTo("e-1");
        assertThat(change.changedAt()).isEqualTo(Instant.ofEpochSecond(1_796_579_232L));
    }

    @Test
    void aWriteThatMovedTheStateIsAChangeWithTheCauseItsWriterKept() {
        StateChange change = only(record("e-2", "2", item(PENDING, null), item(RUNNING, "step s-1 RUNNING")));

        assertThat(change.previousState()).isEqualTo(BatchState.PENDING);
        assertThat(change.batch().state()).isEqualTo(BatchState.RUNNING);
        assertThat(change.cause()).isEqualTo("step s-1 RUNNING");
    }

    @Test
    void writesThatLeftTheStateOrWereNotOfABatchOrRemovedItAreNone() {
        Map<String, Object> sameState = record("e-3", "3", item(RUNNING, "x"), item(RUNNING, "x"));
        Map<String, Object> logLine = record("e-4", "4", null, Map.of(
                BatchTable.PK, Map.of("S", PENDING.id()), BatchTable.SK, Map.of("S", "LOG#00001"), "line", Map.of("S", "hi")));
        Map<String, Object> removed = record("e-5", "5", item(RUNNING, null), null);

        List<BatchStreamRecords.Entry> entries = BatchStreamRecords.read(Map.of("Records", List.of(sameState, logLine, removed)));

        assertThat(entries).extracting(BatchStreamRecords.Entry::sequenceNumber).containsExactly("3", "4", "5");
        assertThat(entries).allSatisfy(entry -> assertThat(entry.change()).isEmpty());
    }

    @Test
    void aBatchRecordThatCannotBeReadIsNoChangeAndTheOthersStillAre() {
        Map<String, Object> broken = new HashMap<>(item(PENDING, null));
        broken.put(BatchItems.STATE, Map.of("S", "NOT_A_STATE"));

        List<BatchStreamRecords.Entry> entries = BatchStreamRecords.read(Map.of("Records", List.of(
                record("e-6", "6", null, broken), record("e-7", "7", null, item(PENDING, null)))));

        assertThat(entries.get(0).change()).isEmpty();
        assertThat(entries.get(1).change()).isPresent();
    }

    @Test
    void anEventWithoutRecordsHasNone() {
        assertThat(BatchStreamRecords.read(Map.of())).isEmpty();
    }

    private static StateChange only(Map<String, Object> record) {
        List<BatchStreamRecords.Entry> entries = BatchStreamRecords.read(Map.of("Records", List.of(record)));
        assertThat(entries).hasSize(1);
        return entries.get(0).change().orElseThrow();
    }

    /** A batch item in DynamoDB's JSON, with the cause its writer kept (null: none). */
    private static Map<String, Object> item(Batch batch, String cause) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(BatchItems.toItem(batch));
        if (cause != null) {
            item.put(BatchItems.STATE_CAUSE, AttributeValue.fromS(cause));
        }
        return ItemJson.write(item);
    }

    private static Map<String, Object> record(String eventId, String sequence, Map<String, Object> oldImage,
            Map<String, Object> newImage) {
        Map<String, Object> change = new LinkedHashMap<>();
        Map<String, Object> image = newImage != null ? newImage : oldImage;
        change.put("Keys", Map.of(BatchTable.PK, image.get(BatchTable.PK), BatchTable.SK, image.get(BatchTable.SK)));
        if (oldImage != null) {
            change.put("OldImage", oldImage);
        }
        if (newImage != null) {
            change.put("NewImage", newImage);
        }
        change.put("SequenceNumber", sequence);
        change.put("ApproximateCreationDateTime", new JsonNumber("1796579232"));
        return Map.of("eventID", eventId, "eventName", oldImage == null ? "INSERT" : newImage == null ? "REMOVE" : "MODIFY",
                "dynamodb", change);
    }
}
