package dev.batchapi.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.engine.emr.EmrBatchEngine;
import dev.batchapi.engine.emr.StepLinks;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.store.BatchTable;
import dev.batchapi.store.DynamoDbBatchStore;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.SdkCallRecorder;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What one scheduled run costs: 1,000 active batches on 2 clusters (on each, 250 steps still running
 * and 250 that completed since the last run), beside 100 finished batches.
 */
class SyncCostIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final int PER_CLUSTER = 500;

    private final BatchStore store = new DynamoDbBatchStore(aws.dynamoDb(), LocalAws.TABLE, Duration.ofDays(1));

    @Test
    void aRunGrowsWithClustersAndActiveOverFiftyAndReadsOnlyActiveRecords() {
        for (int c = 0; c < 2; c++) {
            // EMR allows 256 active steps per cluster: half the batches' steps have already completed.
            String cluster = aws.emr().createCluster(ClusterSpec.named("cost-" + c).withStepConcurrencyLevel(256));
            EmrBatchEngine engine = new EmrBatchEngine(aws.awsClients().emr(), new StepLinks("x"));
            for (String step : submit(engine, cluster, PER_CLUSTER / 2)) {
                aws.steps().completeStep(cluster, step);
            }
            submit(engine, cluster, PER_CLUSTER / 2);
        }
        for (int i = 0; i < 100; i++) {
            Batch finished = pending("j-OLD");
            store.create(finished);
            store.advance(finished.id(), new BatchChange(BatchState.FINISHED, AppInfo.NONE, 1));
        }
        SdkCallRecorder recorder = new SdkCallRecorder();
        AppContext context = AppContext.create(Config.fromEnvironment(aws.environment(Map.of())), LocalAws.CREDENTIALS,
                Clock.systemUTC(), List.of(recorder));
        aws.emr().server().resetCallCounts();

        SyncReport report = context.sync().syncActive(Deadline.after(Clock.systemUTC(), Duration.ofMinutes(5)));

        long emrCalls = aws.emr().server().callCounts().values().stream().mapToLong(Long::longValue).sum();
        assertThat(report).isEqualTo(new SyncReport(1000, 2, 1000, 0, 0));
        assertThat(emrCalls).isLessThanOrEqualTo(2 + (1000 / 50) * 2);
        assertThat(aws.emr().server().callCounts()).containsOnlyKeys("DescribeCluster", "ListSteps")
                .containsEntry("DescribeCluster", 2L);
        assertThat(recorder.queries()).filteredOn(query -> BatchTable.ACTIVE_INDEX.equals(query.indexName()))
                .extracting(SdkCallRecorder.QueryCost::scannedCount)
                .satisfies(counts -> assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000));
        assertThat(store.listActive()).filteredOn(batch -> batch.state() == BatchState.PENDING).isEmpty();
        System.out.printf("sync cost: %d EMR calls (%s) for 1000 active batches on 2 clusters%n",
                emrCalls, aws.emr().server().callCounts());
    }

    private List<String> submit(EmrBatchEngine engine, String cluster, int count) {
        return IntStream.range(0, count).mapToObj(i -> {
            Batch batch = pending(cluster);
            store.create(batch);
            String step = engine.submit(batch, Optional.empty()).stepId();
            store.attachStep(batch.id(), step, new AppInfo(step, null, AppState.PENDING, null, 0));
            return step;
        }).toList();
    }

    private static Batch pending(String cluster) {
        return Batch.pending(UUID.randomUUID().toString(), "alice", BatchType.SPARK, null,
                new BatchSpec("a.jar", "a.B", Map.of(), List.of()), "test", System.currentTimeMillis(), cluster);
    }
}
