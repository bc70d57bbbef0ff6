package dev.batchapi.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepState;
import dev.batchapi.store.BatchTable;
import dev.batchapi.support.ApiEvents;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.CapturedStdout;
import dev.batchapi.support.EmittedMetric;
import dev.batchapi.support.Faults;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.MutableClock;
import dev.batchapi.support.TestApi;
import dev.batchapi.telemetry.Metric;
import dev.batchapi.telemetry.Metrics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.emr.model.ListStepsRequest;

/**
 * Each metric is written when its event happens, with its value and dimensions, through the real
 * handlers on the stand-ins (the operator's stdout captured and read as CloudWatch reads it), and a
 * writer that fails fails nothing else. Every test has a cluster and a table of its own.
 */
class MetricsIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    @RegisterExtension
    final CapturedStdout stdout = new CapturedStdout();

    /** Not the default: the functions take the template's namespace from their environment. */
    private static final String NAMESPACE = "BatchApiIT";
    private static final String SPARK = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}";
    /** How far the functions' clock (the test's) moves on after EMR ended a step and before a sync looks. */
    private static final Duration AHEAD = Duration.ofSeconds(30);
    /** What the test's own work may add to a measured age (emulated calls, a loaded machine). */
    private static final long SLACK_SECONDS = 10;

    private final MutableClock clock = new MutableClock(Instant.now());
    private String cluster;
    private String table;
    private TestApi api;
    private SyncBatchStatesHandler schedule;
    private StepStatusChangeHandler events;

    @BeforeEach
    void aClusterOfItsOwn() {
        deploy(10, Map.of());
    }

    @Test
    void aNewBatchIsCountedOnceWithItsSubmitLatencyAndItsIdempotentRepeatIsNot() {
        String request = SPARK.replace("}", ",\"conf\":{\"kyuubi.batch.id\":\"" + UUID.randomUUID() + "\"}}");
        long before = System.currentTimeMillis();

        assertThat(api.create("alice", request).status()).isEqualTo(200);
        assertThat(api.create("alice", request).status()).isEqualTo(200);
        long took = System.currentTimeMillis() - before;

        assertThat(written(Metric.BATCHES_CREATED)).singleElement().satisfies(metric -> {
            assertThat(metric.namespace()).isEqualTo(NAMESPACE);
            assertThat(metric.value()).isEqualTo(1);
            assertThat(metric.unit()).isEqualTo("Count");
            assertThat(metric.dimensionSets()).containsExactly(List.of());
        });
        assertThat(written(Metric.SUBMIT_LATENCY)).singleElement().satisfies(metric -> {
            assertThat(metric.dimensions()).isEqualTo(Map.of(Metric.ORIGIN, "CREATE"));
            assertThat(metric.dimensionSets()).containsExactly(List.of(Metric.ORIGIN), List.of());
            assertThat(metric.unit()).isEqualTo("Milliseconds");
            assertThat(metric.value()).isBetween(0.0, (double) took);
        });
    }

    @Test
    void aFinishedAndAFailedStepEndTheirBatchesCountedByStateWithTheScheduledRunsLag() {
        String finished = submit("alice");
        String failed = submit("alice");
        aws.steps().completeStep(cluster, stepOf(finished).id());
        aws.steps().failStep(cluster, stepOf(failed).id(), FailureDetails.of("Unknown Error.", "boom", null));
        clock.advance(AHEAD);

        runSchedule();

        assertThat(api.get("alice", finished).json()).containsEntry("state", "FINISHED");
        assertThat(api.get("alice", failed).json()).containsEntry("state", "ERROR");
        assertThat(written(Metric.BATCHES_ENDED)).extracting(EmittedMetric::dimensions, EmittedMetric::value)
                .containsExactlyInAnyOrder(tuple(Map.of(Metric.STATE, "FINISHED"), 1.0), tuple(Map.of(Metric.STATE, "ERROR"), 1.0));
        assertThat(written(Metric.BATCHES_ENDED)).allSatisfy(metric ->
                assertThat(metric.dimensionSets()).containsExactly(List.of(Metric.STATE), List.of()));
        assertThat(written(Metric.SYNC_LAG)).extracting(EmittedMetric::dimensions, EmittedMetric::value)
                .containsExactlyInAnyOrder(tuple(Map.of(Metric.PATH, "SCHEDULED_RUN"), lagSinceTheEndOf(finished)),
                        tuple(Map.of(Metric.PATH, "SCHEDULED_RUN"), lagSinceTheEndOf(failed)));
        assertThat(written(Metric.SYNC_RUNS)).extracting(EmittedMetric::value).containsExactly(1.0);
        assertThat(written(Metric.SYNC_FAILURES)).extracting(EmittedMetric::value).containsExactly(0.0);
    }

    @Test
    void aStepEventThatEndsABatchIsCountedWithTheEventsLag() {
        String id = submit("alice");
        Step step = stepOf(id);
        aws.steps().completeStep(cluster, step.id());
        clock.advance(AHEAD);

        assertThat(Events.handle(events, Events.stepChange(cluster, step, "COMPLETED"))).containsEntry("state", "FINISHED");

        assertThat(written(Metric.BATCHES_ENDED)).singleElement()
                .satisfies(metric -> assertThat(metric.dimensions()).isEqualTo(Map.of(Metric.STATE, "FINISHED")));
        assertThat(written(Metric.SYNC_LAG)).extracting(EmittedMetric::dimensions, EmittedMetric::value)
                .containsExactly(tuple(Map.of(Metric.PATH, "STEP_EVENT"), lagSinceTheEndOf(id)));
    }

    @Test
    void aKilledBatchIsCountedCanceled() {
        deploy(1, Map.of());
        submit("alice");
        String pending = submit("alice");
        assertThat(stepOf(pending).state()).isEqualTo(StepState.PENDING);

        assertThat(api.kill("alice", pending).json()).containsEntry("success", true);

        assertThat(written(Metric.BATCHES_ENDED)).singleElement().satisfies(metric -> {
            assertThat(metric.dimensions()).isEqualTo(Map.of(Metric.STATE, "CANCELED"));
            assertThat(metric.value()).isEqualTo(1);
        });
    }

    @Test
    void eachScheduledRunWritesTheClustersActiveStepsQueuedBatchesAndItsOldestQueuedBatchsAge() {
        deploy(10, Map.of(Config.MAX_ACTIVE_STEPS, "1"));
        submit("alice");
        String queued = submit("alice");
        clock.advance(Duration.ofSeconds(60));
        submit("bob");
        clock.advance(Duration.ofSeconds(30));
        assertThat(api.get("alice", queued).json()).containsEntry("appId", null);

        runSchedule();

        assertThat(ofThisCluster(Metric.ACTIVE_STEPS)).extracting(EmittedMetric::value).containsExactly(1.0);
        assertThat(ofThisCluster(Metric.QUEUED_BATCHES)).extracting(EmittedMetric::value).containsExactly(2.0);
        assertThat(ofThisCluster(Metric.OLDEST_QUEUED_AGE)).singleElement().satisfies(metric -> {
            assertThat(metric.unit()).isEqualTo("Seconds");
            assertThat(metric.dimensionSets()).containsExactly(List.of(Metric.CLUSTER_ID), List.of());
            // alice's, queued 90 s ago by the clock, not bob's of 30 s
            assertThat(metric.value()).isBetween(90.0, 90.0 + SLACK_SECONDS);
        });
    }

    @Test
    void aClusterWithNothingQueuedHasNoQueueAge() {
        submit("alice");

        runSchedule();

        assertThat(ofThisCluster(Metric.QUEUED_BATCHES)).extracting(EmittedMetric::value).containsExactly(0.0);
        assertThat(ofThisCluster(Metric.OLDEST_QUEUED_AGE)).extracting(EmittedMetric::value).containsExactly(0.0);
    }

    @Test
    void aRunThatCannotListAClustersStepsCountsAsFailed() {
        submit("alice");
        aws.faults().crashBefore(call -> call instanceof ListStepsRequest);

        Map<String, Object> answer = runSchedule();

        assertThat(answer.get("failed")).hasToString("1");
        assertThat(written(Metric.SYNC_RUNS)).extracting(EmittedMetric::value).containsExactly(1.0);
        assertThat(written(Metric.SYNC_FAILURES)).extracting(EmittedMetric::value).containsExactly(1.0);
    }

    @Test
    void aRunThatCannotReadTheTableCountsAsFailedAndStillFails() {
        aws.faults().crashBefore(call -> call instanceof QueryRequest query && "active".equals(query.indexName()));

        assertThatThrownBy(this::runSchedule).isInstanceOf(Faults.SimulatedCrash.class);

        assertThat(written(Metric.SYNC_RUNS)).extracting(EmittedMetric::value).containsExactly(1.0);
        assertThat(written(Metric.SYNC_FAILURES)).extracting(EmittedMetric::value).containsExactly(1.0);
    }

    @Test
    void aServerErrorIsCountedByItsRouteAndARefusalIsNot() {
        String id = submit("alice");
        APIGatewayV2HTTPEvent get = ApiEvents.request("GET", "/api/v1/batches/" + id).pathParameter("batchId", id)
                .asIamUser("alice").build();
        get.setRouteKey("GET /api/v1/batches/{batchId}");
        aws.faults().crashBefore(call -> call instanceof GetItemRequest);

        ApiResponse failed = api.getEvent(get);
        ApiResponse notFound = api.get("alice", UUID.randomUUID().toString());

        assertThat(failed.status()).isEqualTo(500);
        assertThat(failed.message()).startsWith("Internal error");
        assertThat(notFound.status()).isEqualTo(404);
        assertThat(written(Metric.SERVER_ERRORS)).singleElement().satisfies(metric -> {
            assertThat(metric.dimensions()).isEqualTo(Map.of(Metric.ROUTE, "GET /api/v1/batches/{batchId}"));
            assertThat(metric.dimensionSets()).containsExactly(List.of(Metric.ROUTE), List.of());
            assertThat(metric.value()).isEqualTo(1);
        });
    }

    @Test
    void aMetricWriterThatFailsFailsNeitherARequestNorTheSync() {
        AppContext context = AppContext.create(Config.fromEnvironment(aws.environment(Map.of(Config.TABLE, table, Config.CLUSTER_ID, cluster))),
                LocalAws.CREDENTIALS, clock, List.of(), new Metrics(NAMESPACE, clock, line -> {
                    throw new IllegalStateException("the log is gone");
                }, false));
        TestApi failingApi = new TestApi(context);

        ApiResponse created = failingApi.create("alice", SPARK);
        aws.steps().completeStep(cluster, stepOf(created.string("id")).id());
        Map<String, Object> answer = Events.handle(new SyncBatchStatesHandler(context), Events.SCHEDULED);

        assertThat(created.status()).isEqualTo(200);
        assertThat(answer.get("failed")).hasToString("0");
        assertThat(failingApi.get("alice", created.string("id")).json()).containsEntry("state", "FINISHED");
        assertThat(stdout.lines()).anyMatch(line -> line.contains("\"event\":\"metric.unwritten\"")
                && line.contains("\"metric\":\"BatchesCreated\"") && line.contains("the log is gone"))
                .anyMatch(line -> line.contains("\"event\":\"metric.unwritten\"") && line.contains("\"metric\":\"BatchesEnded\""));
        assertThat(stdout.metrics()).isEmpty();
    }

    /** A cluster of its own running {@code concurrency} steps at once, the functions deployed on it with {@code settings}. */
    private void deploy(int concurrency, Map<String, String> settings) {
        cluster = aws.emr().createCluster(ClusterSpec.named("metrics").withStepConcurrencyLevel(concurrency));
        // A table of its own too: a scheduled run reads every active batch of its table.
        table = "metrics-" + cluster;
        aws.dynamoDb().createTable(BatchTable.createTableRequest(table));
        Map<String, String> overrides = new HashMap<>(settings);
        overrides.put(Config.TABLE, table);
        overrides.put(Config.CLUSTER_ID, cluster);
        overrides.put(Config.METRICS_NAMESPACE, NAMESPACE);
        AppContext context = aws.contextAt(clock, overrides);
        api = new TestApi(context);
        schedule = new SyncBatchStatesHandler(context);
        events = new StepStatusChangeHandler(context);
    }

    private String submit(String user) {
        ApiResponse created = api.create(user, SPARK);
        assertThat(created.status()).isEqualTo(200);
        return created.string("id");
    }

    private Step stepOf(String batchId) {
        return aws.stepsOf(cluster, batchId).stream().findFirst().orElseThrow();
    }

    private Map<String, Object> runSchedule() {
        return Events.handle(schedule, Events.SCHEDULED);
    }

    /** The lag the functions' clock, which stands still unless the test moves it, sees since EMR ended the batch's step. */
    private double lagSinceTheEndOf(String batchId) {
        return clock.millis() - aws.emr().step(cluster, stepOf(batchId).id()).timeline().end().orElseThrow().toEpochMilli();
    }

    /** The values of the metric this test wrote, in the test's namespace. */
    private List<EmittedMetric> written(Metric metric) {
        return stdout.metrics().stream()
                .filter(emitted -> emitted.name().equals(metric.metricName()) && emitted.namespace().equals(NAMESPACE))
                .toList();
    }

    /** Of a per-cluster metric, the values of this test's cluster. */
    private List<EmittedMetric> ofThisCluster(Metric metric) {
        return written(metric).stream().filter(emitted -> cluster.equals(emitted.dimensions().get(Metric.CLUSTER_ID))).toList();
    }
}
