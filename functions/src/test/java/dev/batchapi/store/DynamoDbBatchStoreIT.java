package dev.batchapi.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.batch.Admission;
import dev.batchapi.batch.AppInfo;
import dev.batchapi.batch.AppState;
import dev.batchapi.batch.Batch;
import dev.batchapi.batch.BatchChange;
import dev.batchapi.batch.BatchSpec;
import dev.batchapi.batch.BatchState;
import dev.batchapi.batch.BatchStore;
import dev.batchapi.batch.BatchType;
import dev.batchapi.batch.ListQuery;
import dev.batchapi.batch.Placement;
import dev.batchapi.batch.RunLimits;
import dev.batchapi.batch.Scheduling;
import dev.batchapi.batch.ShareLimits;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.SdkCallRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class DynamoDbBatchStoreIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final Duration RETENTION = Duration.ofDays(3);
    private final BatchStore store = new DynamoDbBatchStore(aws::dynamoDb, LocalAws.TABLE, RETENTION);

    @Test
    void aBatchIsWrittenOnlyIfItsIdIsNew() {
        Batch batch = pending();
        Batch other = new Batch(batch.id(), "mallory", BatchType.FLINK, "other", batch.spec(), BatchState.PENDING,
                AppInfo.NONE, "x", 2, 0, "j-2", null, null, 0, admitted());

        assertThat(store.admit(batch, ShareLimits.DEFAULT)).isEqualTo(Admission.STARTED);
        assertThat(store.admit(other, ShareLimits.DEFAULT)).isEqualTo(Admission.DUPLICATE);
        assertThat(store.get(batch.id())).contains(batch);
    }

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        Batch batch = new Batch(UUID.randomUUID().toString(), "alice", BatchType.PYSPARK, "etl nightly",
                new BatchSpec("s3://b/job.py", null, Map.of("spark.a", "1", "spark.b", "x=y"), List.of("--in", "s3://x")),
                BatchState.PENDING, new AppInfo("s-1", "http://x/s-1", AppState.PENDING, "none yet", 5), "host:1",
                1_700_000_000_000L, 0, "j-1", "s-1", "bob", 1_700_000_000_500L,
                new Scheduling(Placement.ADMITTED, 3, 0, new RunLimits(4, 60, 0), "attempt 1: x; attempt 2: y"));

        create(batch);

        assertThat(store.get(batch.id())).contains(batch);
        assertThat(store.get(UUID.randomUUID().toString())).isEmpty();
    }

    @Test
    void statesOnlyMoveForwardAndATerminalStateIsFinal() {
        Batch batch = pending();
        create(batch);
        AppInfo running = new AppInfo("s-1", null, AppState.RUNNING, null, 10);

        assertThat(store.advance(batch, new BatchChange(BatchState.RUNNING, running, 0), "test")).isPresent();
        assertThat(store.advance(batch, new BatchChange(BatchState.PENDING, AppInfo.NONE, 0), "test")).isEmpty();
        assertThat(store.advance(batch, new BatchChange(BatchState.RUNNING, running, 0), "test")).isPresent();
        Batch finished = store.advance(batch,
                new BatchChange(BatchState.FINISHED, new AppInfo("s-1", null, AppState.FINISHED, null, 10), 20), "test").orElseThrow();
        assertThat(finished.state()).isEqualTo(BatchState.FINISHED);
        assertThat(finished.endTime()).isEqualTo(20);
        for (BatchState late : BatchState.values()) {
            long end = late.isTerminal() ? 30 : 0;
            assertThat(store.advance(batch, new BatchChange(late, AppInfo.NONE, end), "test")).as("%s", late).isEmpty();
        }
        assertThat(store.get(batch.id())).contains(finished);
        assertThat(store.advance(pending(), new BatchChange(BatchState.RUNNING, running, 0), "test")).isEmpty();
    }

    @Test
    void aTerminalBatchLeavesTheActiveIndexAndExpiresAfterTheRetention() {
        Batch batch = pending();
        create(batch);
        assertThat(activeIds()).contains(batch.id());

        store.advance(batch, new BatchChange(BatchState.ERROR, AppInfo.NONE, 1_700_000_000_000L), "test");

        assertThat(activeIds()).doesNotContain(batch.id());
        Map<String, AttributeValue> item = aws.dynamoDb()
                .getItem(request -> request.tableName(LocalAws.TABLE).key(BatchItems.key(batch.id()))).item();
        assertThat(item.get(BatchTable.EXPIRE_AT).n()).isEqualTo(Long.toString(1_700_000_000L + RETENTION.toSeconds()));
    }

    @Test
    void aStepIsAttachedOnceAndOnlyWhileThePendingBatchHasNone() {
        Batch batch = pending();
        create(batch);
        AppInfo app = new AppInfo("s-1", "url", AppState.PENDING, null, 0);

        Batch attached = store.attachStep(batch, "s-1", app).orElseThrow();

        assertThat(attached.stepId()).isEqualTo("s-1");
        assertThat(attached.app()).isEqualTo(app);
        assertThat(store.attachStep(batch, "s-2", app)).isEmpty();
        Batch other = pending();
        create(other);
        store.advance(other, new BatchChange(BatchState.CANCELED, AppInfo.NONE, 5), "test");
        assertThat(store.attachStep(other, "s-3", app)).isEmpty();
    }

    @Test
    void aStepIsRecordedOnlyForTheAttemptItWasAddedFor() {
        Batch batch = create(pending(new RunLimits(3, 0, 0)));
        Batch first = store.attachStep(batch, "s-1", AppInfo.NONE).orElseThrow();
        Batch retrying = store.beginRetry(first, "s-1", AppInfo.NONE, "attempt 1: boom", 7).orElseThrow();

        // A writer that read the batch at its first attempt, before the retry, records nothing.
        assertThat(store.attachStep(batch, "s-stale", AppInfo.NONE)).isEmpty();
        assertThat(retrying.scheduling().attempt()).isEqualTo(2);
        assertThat(store.attachStep(retrying, "s-2", AppInfo.NONE)).map(Batch::stepId).contains("s-2");
        assertThat(store.beginRetry(first, "s-1", AppInfo.NONE, "again", 8)).isEmpty();
    }

    @Test
    void aChangeLandsOnlyOnTheStepItsWriterRead() {
        Batch batch = create(pending(new RunLimits(2, 0, 0)));
        Batch first = store.attachStep(batch, "s-1", AppInfo.NONE).orElseThrow();
        Batch retrying = store.beginRetry(first, "s-1", AppInfo.NONE, "attempt 1: boom", 7).orElseThrow();
        Batch second = store.attachStep(retrying, "s-2", AppInfo.NONE).orElseThrow();
        BatchChange ended = new BatchChange(BatchState.ERROR, AppInfo.NONE, 9);

        assertThat(store.advance(first, ended, "test")).isEmpty();
        assertThat(store.advance(retrying, ended, "test")).isEmpty();
        assertThat(store.advance(second, ended, "test")).map(Batch::state).contains(BatchState.ERROR);
    }

    @Test
    void aBatchBetweenTwoAttemptsEndsAsUnsubmitted() {
        Batch batch = create(pending(new RunLimits(2, 0, 0)));
        Batch running = store.advance(store.attachStep(batch, "s-1", AppInfo.NONE).orElseThrow(),
                new BatchChange(BatchState.RUNNING, AppInfo.NONE, 0), "test").orElseThrow();
        Batch retrying = store.beginRetry(running, "s-1", AppInfo.NONE, "attempt 1: boom", 7).orElseThrow();
        int active = store.load(batch.clusterId()).active();

        assertThat(retrying.state()).isEqualTo(BatchState.RUNNING);
        assertThat(store.endUnsubmitted(retrying, new BatchChange(BatchState.CANCELED, AppInfo.NONE, 9), "killed"))
                .map(Batch::state).contains(BatchState.CANCELED);
        assertThat(store.load(batch.clusterId()).active()).isEqualTo(active - 1);
    }

    @Test
    void onlyABatchWithoutAStepIsCancelledAsUnsubmitted() {
        Batch withoutStep = pending();
        Batch withStep = pending();
        create(withoutStep);
        create(withStep);
        store.attachStep(withStep, "s-1", AppInfo.NONE);
        BatchChange cancel = new BatchChange(BatchState.CANCELED, AppInfo.NONE, 9);

        assertThat(store.endUnsubmitted(withoutStep, cancel, "killed")).map(Batch::state).contains(BatchState.CANCELED);
        assertThat(store.endUnsubmitted(withStep, cancel, "killed")).isEmpty();
        assertThat(store.get(withStep.id()).orElseThrow().state()).isEqualTo(BatchState.PENDING);
    }

    @Test
    void aDispatchIsClaimedOnlyByOneTakerUntilItsClaimIsStale() {
        Batch batch = pending();
        create(batch);

        assertThat(store.claimDispatch(batch.id(), 100, 50)).hasValueSatisfying(claimed ->
                assertThat(claimed.spec()).isEqualTo(batch.spec()));
        assertThat(store.claimDispatch(batch.id(), 101, 100)).isEmpty();
        assertThat(store.claimDispatch(batch.id(), 102, 101)).isPresent();
        assertThat(store.get(batch.id())).contains(batch.placed(Placement.ADMITTED, 102));
        assertThat(store.claimDispatch(UUID.randomUUID().toString(), 103, 200)).isEmpty();
    }

    @Test
    void aBatchWithAStepAKillOrAnEndIsNeverClaimedForDispatch() {
        Batch withStep = pending();
        Batch killed = pending();
        Batch ended = pending();
        List.of(withStep, killed, ended).forEach(this::create);
        store.attachStep(withStep, "s-1", AppInfo.NONE);
        store.claimKill(killed.id(), "alice", 1);
        store.advance(ended, new BatchChange(BatchState.CANCELED, AppInfo.NONE, 2), "test");

        assertThat(store.claimDispatch(withStep.id(), 100, 100)).isEmpty();
        assertThat(store.claimDispatch(killed.id(), 100, 100)).isEmpty();
        assertThat(store.claimDispatch(ended.id(), 100, 100)).isEmpty();
    }

    @Test
    void aKyuubiInstanceThatIsNoAddressReadsAsNone() {
        Batch batch = pending();
        create(batch);
        // As records written before kyuubiInstance had to be a host:port said it.
        aws.setBatchAttribute(batch.id(), "kyuubiInstance", "us-east-1/batch-api-CreateBatch");

        assertThat(store.get(batch.id()).orElseThrow().kyuubiInstance()).isNull();
    }

    @Test
    void onlyTheFirstKillClaimsABatchAndOnlyItsClaimantGivesTheClaimUp() {
        Batch batch = pending();
        create(batch);

        assertThat(store.claimKill(batch.id(), "admin", 42)).hasValueSatisfying(claimed -> {
            assertThat(claimed.killRequestedBy()).isEqualTo("admin");
            assertThat(claimed.killRequestedAt()).isEqualTo(42);
        });
        assertThat(store.claimKill(batch.id(), "alice", 43)).isEmpty();
        store.releaseKill(batch.id(), "alice");
        assertThat(store.get(batch.id()).orElseThrow().killRequestedBy()).isEqualTo("admin");
        store.releaseKill(batch.id(), "admin");
        assertThat(store.get(batch.id()).orElseThrow()).isEqualTo(batch);
        assertThat(store.claimKill(batch.id(), "alice", 44)).isPresent();
        assertThat(store.claimKill(UUID.randomUUID().toString(), "alice", 44)).isEmpty();
    }

    @Test
    void aClaimedBatchKeepsItsOwnerAndNamesTheKillerApart() {
        Batch batch = pending();
        create(batch);

        Batch claimed = store.claimKill(batch.id(), "admin", 42).orElseThrow();

        assertThat(claimed.user()).isEqualTo("alice");
        assertThat(claimed.killRequestedBy()).isEqualTo("admin");
        assertThat(claimed).isEqualTo(new Batch(batch.id(), "alice", batch.batchType(), batch.name(), batch.spec(),
                batch.state(), batch.app(), batch.kyuubiInstance(), batch.createTime(), batch.endTime(),
                batch.clusterId(), batch.stepId(), "admin", 42, batch.scheduling()));
        assertThat(store.get(batch.id())).contains(claimed);
    }

    @Test
    void aTerminalBatchCannotBeClaimedAndKeepsWhoKilledIt() {
        Batch batch = pending();
        create(batch);
        store.claimKill(batch.id(), "alice", 1);
        store.advance(batch, new BatchChange(BatchState.CANCELED, AppInfo.NONE, 2), "test");

        store.releaseKill(batch.id(), "alice");

        assertThat(store.claimKill(batch.id(), "bob", 3)).isEmpty();
        assertThat(store.get(batch.id()).orElseThrow().killRequestedBy()).isEqualTo("alice");
    }

    @Test
    void aListWhoseFiltersRejectMostEntriesStopsAfterTenThousandEvaluated() {
        String user = "crowd-" + UUID.randomUUID();
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < DynamoDbBatchStore.MAX_EVALUATED + 5; i++) {
            BatchType type = i < DynamoDbBatchStore.MAX_EVALUATED ? BatchType.SPARK : BatchType.FLINK;
            batches.add(new Batch(UUID.randomUUID().toString(), user, type, null,
                    new BatchSpec("a.jar", "a.B", Map.of(), List.of()), BatchState.FINISHED, AppInfo.NONE, null,
                    1_000_000 + i, 1_000_000 + i, "j-1", null, null, 0, Scheduling.initial(RunLimits.DEFAULT)));
        }
        writeAll(batches);
        SdkCallRecorder recorder = aws.calls();
        BatchStore recorded = new DynamoDbBatchStore(aws.awsClients()::dynamoDb, LocalAws.TABLE, RETENTION);
        recorder.clear();

        List<Batch> truncated = recorded.list(ListQuery.of("FLINK", null, user, null, 0, 0, 0, 5, false));
        int evaluatedByTruncated = scanned(recorder);
        List<Batch> narrowed = recorded.list(ListQuery.of("FLINK", null, user, null,
                1_000_000 + DynamoDbBatchStore.MAX_EVALUATED, 0, 0, 5, false));
        int evaluatedByNarrowed = scanned(recorder);
        List<Batch> deepest = recorded.list(ListQuery.of(null, null, user, null, 0, 0, 9_995, 5, false));
        int evaluatedByDeepest = scanned(recorder);

        assertThat(truncated).isEmpty();
        assertThat(evaluatedByTruncated).isEqualTo(DynamoDbBatchStore.MAX_EVALUATED);
        assertThat(narrowed).extracting(Batch::id)
                .isEqualTo(batches.subList(DynamoDbBatchStore.MAX_EVALUATED, batches.size()).stream().map(Batch::id).toList());
        assertThat(evaluatedByNarrowed).isEqualTo(5);
        assertThat(deepest).extracting(Batch::id)
                .isEqualTo(batches.subList(9_995, 10_000).stream().map(Batch::id).toList());
        assertThat(evaluatedByDeepest).isEqualTo(10_000);
    }

    @Test
    void indexesCopyWhatListsAndTheSyncReadNeverTheSpec() {
        Map<String, String> conf = new java.util.HashMap<>();
        for (int i = 0; i < 20; i++) {
            conf.put("spark.conf.key" + i, "a value of some forty characters, say ##" + i);
        }
        Batch given = new Batch(UUID.randomUUID().toString(), "projected-" + UUID.randomUUID(), BatchType.SPARK, "nightly",
                new BatchSpec("s3://bucket/jobs/app.jar", "org.example.Main", conf, List.of("--in", "s3://bucket/in",
                        "--out", "s3://bucket/out")),
                BatchState.RUNNING, new AppInfo("s-1", "https://console/s-1", AppState.RUNNING, null, 5), "host:1",
                System.currentTimeMillis(), 0, "j-1", "s-1", "bob", 7, Scheduling.initial(RunLimits.DEFAULT));
        Batch batch = create(given);
        // A listing knows nothing of the scheduler; the active index knows what the sync needs of it.
        Batch listed = new Batch(batch.id(), batch.user(), batch.batchType(), batch.name(), null, batch.state(),
                batch.app(), batch.kyuubiInstance(), batch.createTime(), batch.endTime(), batch.clusterId(),
                batch.stepId(), batch.killRequestedBy(), batch.killRequestedAt(), new Scheduling(Placement.NONE, 1, 0,
                        new RunLimits(1, 0, 0), null));
        Batch synced = new Batch(batch.id(), batch.user(), batch.batchType(), batch.name(), null, batch.state(),
                batch.app(), batch.kyuubiInstance(), batch.createTime(), batch.endTime(), batch.clusterId(),
                batch.stepId(), batch.killRequestedBy(), batch.killRequestedAt(), new Scheduling(Placement.ADMITTED, 1,
                        0, new RunLimits(1, 0, 0), null));

        Map<String, AttributeValue> tableItem = aws.dynamoDb().getItem(request -> request.tableName(LocalAws.TABLE)
                .key(BatchItems.key(batch.id()))).item();
        Map<String, AttributeValue> entry = aws.dynamoDb().query(request -> request.tableName(LocalAws.TABLE)
                .indexName(BatchTable.USER_INDEX).keyConditionExpression("#u = :u")
                .expressionAttributeNames(Map.of("#u", BatchItems.USER))
                .expressionAttributeValues(Map.of(":u", BatchItems.s(batch.user())))).items().get(0);

        assertThat(store.list(ListQuery.of(null, null, batch.user(), null, 0, 0, 0, 10, false))).containsExactly(listed);
        assertThat(store.list(ListQuery.of("SPARK", "RUNNING", batch.user(), "nightly", 0, 0, 0, 10, false)))
                .containsExactly(listed);
        assertThat(store.listActive()).contains(synced);
        assertThat(entry).doesNotContainKeys(BatchItems.CONF, BatchItems.ARGS, BatchItems.RESOURCE, BatchItems.CLASS_NAME);
        assertThat(store.get(batch.id())).contains(batch);
        System.out.printf("index entry: %d of the item's %d bytes%n", size(entry), size(tableItem));
        assertThat(size(entry)).isLessThan(size(tableItem) / 2);
    }

    @Test
    void theIndexesProjectAtMostTheHundredNonKeyAttributesDynamoDbAllowsInAll() {
        assertThat(BatchTable.INDEXES.stream().mapToInt(index -> BatchTable.projected(index).size()).sum())
                .isLessThanOrEqualTo(100);
    }

    /** An item's size as DynamoDB counts it, near enough: names and string or number values in UTF-8. */
    private static int size(Map<String, AttributeValue> item) {
        return item.entrySet().stream().mapToInt(attribute -> attribute.getKey().length() + size(attribute.getValue())).sum();
    }

    private static int size(AttributeValue value) {
        return switch (value.type()) {
            case S -> value.s().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            case N -> value.n().length();
            case M -> 3 + value.m().entrySet().stream().mapToInt(entry -> 1 + entry.getKey().length() + size(entry.getValue())).sum();
            case L -> 3 + value.l().stream().mapToInt(element -> 1 + size(element)).sum();
            default -> 1;
        };
    }

    private static void writeAll(List<Batch> batches) {
        for (int i = 0; i < batches.size(); i += 25) {
            List<WriteRequest> writes = batches.subList(i, Math.min(batches.size(), i + 25)).stream()
                    .map(batch -> WriteRequest.builder().putRequest(put -> put.item(BatchItems.toItem(batch))).build())
                    .toList();
            var response = aws.dynamoDb().batchWriteItem(request -> request.requestItems(Map.of(LocalAws.TABLE, writes)));
            assertThat(response.unprocessedItems()).isEmpty();
        }
    }

    /** Index entries the queries since the last call evaluated. */
    private static int scanned(SdkCallRecorder recorder) {
        int scanned = recorder.queries().stream().mapToInt(SdkCallRecorder.QueryCost::scannedCount).sum();
        recorder.clear();
        return scanned;
    }

    private static List<String> activeIds() {
        return aws.dynamoDb().queryPaginator(request -> request
                        .tableName(LocalAws.TABLE)
                        .indexName(BatchTable.ACTIVE_INDEX)
                        .keyConditionExpression("#k = :v")
                        .expressionAttributeNames(Map.of("#k", BatchTable.ACTIVE_KEY))
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromS(BatchTable.ACTIVE))))
                .items().stream()
                .map(item -> item.get(BatchTable.PK).s())
                .toList();
    }

    @Test
    void aQueuedBatchsPlaceSaysSinceWhenItWaits() {
        String clusterId = "j-" + UUID.randomUUID().toString().substring(0, 8);
        ShareLimits oneAtATime = new ShareLimits(1, Map.of(), 0);
        long createdAt = 1_700_000_000_123L;
        Batch running = Batch.pending(UUID.randomUUID().toString(), "alice", BatchType.SPARK, null,
                new BatchSpec("a.jar", "a.B", Map.of(), List.of()), null, createdAt - 5_000, clusterId, RunLimits.DEFAULT);
        Batch waiting = Batch.pending(UUID.randomUUID().toString(), "alice", BatchType.SPARK, null,
                new BatchSpec("a.jar", "a.B", Map.of(), List.of()), null, createdAt, clusterId, RunLimits.DEFAULT);

        assertThat(store.admit(running, oneAtATime)).isEqualTo(Admission.STARTED);
        assertThat(store.admit(waiting, oneAtATime)).isEqualTo(Admission.QUEUED);

        assertThat(store.oldestQueued(clusterId, "alice", 1, Optional.empty())).singleElement().satisfies(entry -> {
            assertThat(entry.batchId()).isEqualTo(waiting.id());
            assertThat(entry.queuedSince()).isEqualTo(createdAt);
        });
    }

    /** A new batch, as the store keeps it once admitted (holding a slot). */
    private static Batch pending() {
        return pending(RunLimits.DEFAULT);
    }

    private static Batch pending(RunLimits limits) {
        return Batch.pending(UUID.randomUUID().toString(), "alice", BatchType.SPARK, null,
                new BatchSpec("a.jar", "a.B", Map.of(), List.of()), "127.0.0.1:10099", System.currentTimeMillis(), "j-1",
                limits).placed(Placement.ADMITTED, 0);
    }

    private static Scheduling admitted() {
        return new Scheduling(Placement.ADMITTED, 1, 0, RunLimits.DEFAULT, null);
    }

    /** Writes a new batch that takes a slot; the batch as stored. */
    private Batch create(Batch batch) {
        assertThat(store.admit(batch, ShareLimits.DEFAULT)).isEqualTo(Admission.STARTED);
        return batch.placed(Placement.ADMITTED, 0);
    }
}
