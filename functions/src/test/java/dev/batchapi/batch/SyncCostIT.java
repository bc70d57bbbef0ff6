package dev.batchapi.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.engine.emr.EmrBatchEngine;
import dev.batchapi.engine.emr.StepLinks;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.store.BatchTable;
import dev.batchapi.store.DynamoDbBatchStore;
import dev.batchapi.store.QueuedBatches;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.SdkCallRecorder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What one scheduled run costs: two clusters at their limit of 200 active steps, on the first 100
 * steps and on the second 50 that completed since the last run, and 10,000 batches of 20 users
 * queued for the first, beside 100 finished batches.
 */
class SyncCostIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final int LIMIT = 200;
    private static final int USERS = 20;
    private static final int QUEUED = 10_000;
    private static final ShareLimits LIMITS = new ShareLimits(LIMIT, Map.of(), 0);

    private final BatchStore store = new DynamoDbBatchStore(aws::dynamoDb, LocalAws.TABLE, Duration.ofDays(1));
    private final EmrBatchEngine engine = new EmrBatchEngine(aws.awsClients()::emr, new StepLinks("x"));

    @Test
    void aRunReadsTheActiveBatchesAndOfTheQueuesOnlyEachWaitingUsersHeadAndWhatItDispatches() {
        String busy = aws.emr().createCluster(ClusterSpec.named("cost-busy").withStepConcurrencyLevel(256));
        String calm = aws.emr().createCluster(ClusterSpec.named("cost-calm").withStepConcurrencyLevel(256));
        submitAndComplete(busy, LIMIT, 100);
        submitAndComplete(calm, LIMIT, 50);
        QueuedBatches.write(aws.dynamoDb(), LocalAws.TABLE,
                IntStream.range(0, QUEUED).mapToObj(i -> pending(busy, "user-" + i % USERS)).toList());
        for (int i = 0; i < 100; i++) {
            Batch finished = pending("j-OLD", "alice");
            store.admit(finished, LIMITS);
            store.advance(finished.placed(Placement.ADMITTED, 0), new BatchChange(BatchState.FINISHED, AppInfo.NONE, 1), "test");
        }
        SdkCallRecorder recorder = new SdkCallRecorder();
        AppContext context = AppContext.create(Config.fromEnvironment(aws.environment(Map.of(
                        Config.CLUSTER_ID, busy, Config.EXTRA_CLUSTER_LABELS, "calm", Config.EXTRA_CLUSTER_IDS, calm,
                        Config.MAX_ACTIVE_STEPS, Integer.toString(LIMIT)))),
                LocalAws.CREDENTIALS, Clock.systemUTC(), List.of(recorder));
        aws.emr().server().resetCallCounts();

        SyncReport report = context.sync().syncActive(Deadline.after(Clock.systemUTC(), Duration.ofMinutes(5)));
        Map<String, Long> emr = aws.emr().server().callCounts();
        long emrCalls = emr.values().stream().mapToLong(Long::longValue).sum();
        assertThat(report).isEqualTo(new SyncReport(2 * LIMIT, 2, 2 * LIMIT, 0, 0, 100));
        // clusters × (1 + ceil(active / 50)) + dispatched
        assertThat(emrCalls).isLessThanOrEqualTo(2 * (1 + LIMIT / 50) + 100);
        assertThat(emr).containsOnlyKeys("DescribeCluster", "ListSteps", "AddJobFlowSteps")
                .containsEntry("DescribeCluster", 2L).containsEntry("AddJobFlowSteps", 100L);
        Map<String, Integer> scanned = recorder.queries().stream().collect(Collectors.groupingBy(
                query -> String.valueOf(query.indexName()), Collectors.summingInt(SdkCallRecorder.QueryCost::scannedCount)));
        assertThat(scanned.get(BatchTable.ACTIVE_INDEX)).isEqualTo(2 * LIMIT);
        // One queued entry per free slot filled, and the head of each waiting user's queue for the
        // oldest queued batch's age (a metric): the other 9,880 are not read.
        assertThat(scanned.get(BatchTable.QUEUE_INDEX)).isEqualTo(100 + USERS);
        assertThat(scanned.get(BatchTable.QUEUE_DEADLINE_INDEX)).isZero();
        assertThat(store.load(busy)).satisfies(load -> {
            assertThat(load.active()).isEqualTo(LIMIT);
            assertThat(load.queued()).isEqualTo(QUEUED - 100);
            // Fair share without a cap: the 100 slots went 5 to each of the 20 users.
            assertThat(load.users().values()).filteredOn(share -> share.user().startsWith("user-"))
                    .allSatisfy(share -> assertThat(share.queued()).isEqualTo(QUEUED / USERS - 5));
        });
        assertThat(store.load(calm).active()).isEqualTo(LIMIT - 50);
        double readUnits = recorder.queries().stream().mapToDouble(SdkCallRecorder.QueryCost::capacityUnits).sum();
        long gets = recorder.actions().stream().filter("dynamodb:GetItem"::equals).count();
        System.out.printf("sync cost with %d queued and %d active: %d EMR calls %s; queries read %s entries"
                        + " (%.1f read units), %d GetItem; %d dispatched%n",
                QUEUED, 2 * LIMIT, emrCalls, emr, scanned, readUnits, gets, report.dispatched());
    }

    /** {@code count} batches holding a slot with their steps, the first {@code completed} of which completed. */
    private void submitAndComplete(String cluster, int count, int completed) {
        List<String> steps = IntStream.range(0, count).mapToObj(i -> {
            Batch batch = pending(cluster, "alice");
            assertThat(store.admit(batch, LIMITS)).isEqualTo(Admission.STARTED);
            String step = engine.submit(batch, Optional.empty()).stepId();
            store.attachStep(batch, step, new AppInfo(step, null, AppState.PENDING, null, 0));
            return step;
        }).toList();
        steps.subList(0, completed).forEach(step -> aws.steps().completeStep(cluster, step));
    }

    private static Batch pending(String cluster, String user) {
        return Batch.pending(UUID.randomUUID().toString(), user, BatchType.SPARK, null,
                new BatchSpec("a.jar", "a.B", Map.of(), List.of()), "test", System.currentTimeMillis(), cluster,
                RunLimits.DEFAULT);
    }
}
