package dev.batchapi.sync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.json.Json;
import dev.batchapi.json.JsonNumber;
import dev.batchapi.local.awsjson.AwsFault;
import dev.batchapi.local.dynamodb.StreamEventSourceMapping;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.sam.SamTemplate;
import dev.batchapi.store.BatchTable;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.CapturedStdout;
import dev.batchapi.support.EmittedMetric;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.OpenApiContract;
import dev.batchapi.support.TestApi;
import dev.batchapi.telemetry.Metric;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The state-change events, end to end on the stand-ins: the API and the sync write batches, the table's
 * stream carries the writes to the events function (as Lambda's event source mapping would), and the
 * events land on the bus.
 */
class PublishStateChangesIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    @RegisterExtension
    final CapturedStdout stdout = new CapturedStdout();

    private static final String SPARK = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}";
    private static final int MAX_POLLS = 50;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private String cluster;
    private TestApi api;
    private SyncBatchStatesHandler schedule;
    private PublishStateChangesHandler publisher;
    private StreamEventSourceMapping stream;
    private final List<String> answers = new ArrayList<>();

    @BeforeEach
    void freshCluster() {
        cluster = aws.emr().createCluster(ClusterSpec.named("events").withStepConcurrencyLevel(10));
        AppContext context = aws.context(Map.of(Config.CLUSTER_ID, cluster, Config.EVENT_SOURCE, "acme.batches",
                Config.EVENT_BUS_NAME, "data-platform"));
        api = new TestApi(context);
        schedule = new SyncBatchStatesHandler(context);
        publisher = new PublishStateChangesHandler(context);
        String streamArn = aws.dynamoDb().describeTable(request -> request.tableName(LocalAws.TABLE)).table().latestStreamArn();
        // From the oldest record: earlier tests' events come again, and each test reads only its own batches'.
        stream = new StreamEventSourceMapping(aws.dynamoDbEmulator().streams(), streamArn, 100, event -> {
            String answer = Json.write(Events.handle(publisher, event));
            answers.add(answer);
            return answer;
        }, Optional.empty());
    }

    @Test
    void aBatchThatRunsToTheEndMakesOneEventPerStateChangeInOrder() {
        String id = submit();
        Step step = aws.stepsOf(cluster, id).get(0);
        runSchedule();
        aws.steps().completeStep(cluster, step.id());
        runSchedule();
        drain();

        List<JsonNode> events = eventsOf(id);
        assertThat(events).extracting(event -> event.get("detail").get("previousState").asText(null))
                .containsExactly(null, "PENDING", "RUNNING");
        assertThat(events).extracting(event -> event.get("detail").get("batch").get("state").asText())
                .containsExactly("PENDING", "RUNNING", "FINISHED");
        assertThat(events).extracting(event -> event.get("detail").get("cause").asText())
                .containsExactly("created", "step " + step.id() + " RUNNING", "step " + step.id() + " COMPLETED");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.get("detail-type").asText()).isEqualTo("Batch State Change");
            assertThat(event.get("source").asText()).isEqualTo("acme.batches");
        });
        assertThat(events).extracting(event -> event.get("detail").get("changeId").asText()).doesNotHaveDuplicates();
        // The event's time is the change's (to the second), not the put's.
        long endTime = events.get(2).at("/detail/batch/endTime").asLong();
        assertThat(Instant.parse(events.get(2).get("time").asText()))
                .isBetween(Instant.ofEpochMilli(endTime).truncatedTo(ChronoUnit.SECONDS), Instant.now());
        assertThat(aws.eventBridge().events()).allSatisfy(event -> assertThat(event.has("eventBusName")).isFalse());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theEventsBatchIsTheBatchAsGetShowsIt() {
        String id = submit();
        runSchedule();
        drain();

        JsonNode batch = eventsOf(id).get(1).get("detail").get("batch");
        Map<String, Object> got = api.get("alice", id).json();
        for (String field : List.of("id", "user", "batchType", "name", "appId", "appUrl", "appState", "appDiagnostic",
                "kyuubiInstance", "state")) {
            assertThat(batch.get(field).isNull() ? null : batch.get(field).asText()).as(field)
                    .isEqualTo(got.get(field) == null ? null : String.valueOf(got.get(field)));
        }
        assertThat(batch.get("createTime").asLong()).isEqualTo(((JsonNumber) got.get("createTime"))
                .decimalValue().longValueExact());
        Map<String, Object> info = (Map<String, Object>) got.get("batchInfo");
        assertThat(Json.write(info)).isEqualTo(batch.get("batchInfo").toString());
        assertThat(info).containsEntry("batch.resource", "a.jar").containsEntry("batch.className", "a.B");
    }

    @Test
    void aKillAndARefusedSecondKillMakeOneEvent() {
        String id = submit();
        runSchedule();
        assertThat(api.kill("alice", id).json()).containsEntry("success", true);
        aws.steps().stopStep(cluster, aws.stepsOf(cluster, id).get(0).id());
        runSchedule();
        ApiResponse again = api.kill("alice", id);
        drain();

        assertThat(again.json()).containsEntry("success", false);
        assertThat(eventsOf(id)).extracting(event -> event.get("detail").get("batch").get("state").asText())
                .containsExactly("PENDING", "RUNNING", "CANCELED");
    }

    @Test
    void aSyncThatDiesRightAfterWritingTheEndStillHasItsEventPublished() {
        String id = submit();
        Step step = aws.stepsOf(cluster, id).get(0);
        runSchedule();
        aws.steps().completeStep(cluster, step.id());
        // The write that ends the batch lands; the function dies before its next call (the log line).
        aws.faults().crashBefore(request -> request instanceof PutItemRequest put
                && put.item().get(BatchTable.SK).s().startsWith(BatchTable.LOG_SK_PREFIX)
                && put.item().get(BatchTable.PK).s().equals(id));
        runSchedule();
        drain();

        assertThat(api.get("alice", id).json()).containsEntry("state", "FINISHED");
        assertThat(api.logLines("alice", id)).noneMatch(line -> line.contains("-> FINISHED"));
        assertThat(eventsOf(id)).extracting(event -> event.get("detail").get("batch").get("state").asText())
                .containsExactly("PENDING", "RUNNING", "FINISHED");
    }

    @Test
    void anEventTheBusRefusesIsPublishedAgainWithEveryLaterOneAndNoneIsLost() {
        drain();
        String id = submit();
        runSchedule();
        aws.eventBridge().refuseNextEntries(1);

        stream.poll();
        String refused = answers.get(answers.size() - 1);
        drain();

        assertThat(refused).contains("\"itemIdentifier\"");
        List<String> states = eventsOf(id).stream().map(event -> event.get("detail").get("batch").get("state").asText())
                .toList();
        assertThat(states).containsSubsequence("PENDING", "RUNNING").endsWith("RUNNING");
        assertThat(eventsOf(id).stream().map(event -> event.get("detail").get("changeId").asText()).distinct())
                .hasSize(2);
    }

    @Test
    void eachEventTakenWritesItsLagAndARefusalWritesHowManyWaitForTheNextTry() {
        drain();
        submit();
        aws.eventBridge().refuseNextEntries(1);
        int before = stdout.metrics().size();

        stream.poll();
        List<EmittedMetric> refused = stdout.metrics().subList(before, stdout.metrics().size());
        drain();
        List<EmittedMetric> all = stdout.metrics();

        assertThat(refused).filteredOn(metric -> metric.name().equals(Metric.EVENT_PUBLISH_FAILURES.metricName()))
                .singleElement().satisfies(metric -> assertThat(metric.value()).isPositive());
        assertThat(all.subList(before, all.size()))
                .filteredOn(metric -> metric.name().equals(Metric.EVENT_LAG.metricName())).isNotEmpty()
                .allSatisfy(metric -> {
                    assertThat(metric.unit()).isEqualTo("Milliseconds");
                    assertThat(metric.value()).isBetween(0.0, 60_000.0);
                });
    }

    @Test
    void whileTheBusIsDownRequestsAndTheSyncWorkAndTheEventsFollowOnceItIsBack() {
        drain();
        // The SDK tries each call 3 times: the one poll below fails, the next ones go through.
        aws.eventBridgeServer().failNext("PutEvents", 3, AwsFault.internalError("the bus is down"));

        String id = submit();
        Map<String, Object> sync = runSchedule();
        int taken = stream.poll();

        assertThat(api.get("alice", id).json()).containsEntry("state", "RUNNING");
        assertThat(sync).doesNotContainKey("error");
        assertThat(taken).isZero();
        assertThat(eventsOf(id)).isEmpty();

        drain();
        assertThat(eventsOf(id)).extracting(event -> event.get("detail").get("batch").get("state").asText())
                .containsExactly("PENDING", "RUNNING");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theReadmesRuleForFailedBatchesMatchesAnErrorEventAndNoOther() {
        SamTemplate example = SamTemplate.load(Path.of("..", "docs", "examples", "failed-batches-to-sns.yaml"));
        Map<String, Object> pattern = (Map<String, Object>) example.resolved(
                example.properties("FailedBatchesRule").get("EventPattern"), Map.of("EventSource", "acme.batches"));
        String failed = submit();
        Step step = aws.stepsOf(cluster, failed).get(0);
        aws.steps().failStep(cluster, step.id(), FailureDetails.of("Unknown Error.", "boom", null));
        runSchedule();
        drain();

        List<JsonNode> events = eventsOf(failed);
        assertThat(events).extracting(event -> event.at("/detail/batch/state").asText()).containsExactly("PENDING", "ERROR");
        assertThat(events).extracting(event -> matches(pattern, MAPPER.convertValue(event, Map.class)))
                .containsExactly(false, true);
    }

    /** EventBridge's matching, for the patterns of exact values a rule of ours uses: every key present, its value one of those listed. */
    @SuppressWarnings("unchecked")
    private static boolean matches(Map<String, Object> pattern, Map<String, Object> event) {
        return pattern.entrySet().stream().allMatch(entry -> {
            Object value = event.get(entry.getKey());
            return entry.getValue() instanceof Map<?, ?> nested
                    ? value instanceof Map<?, ?> inner && matches((Map<String, Object>) nested, (Map<String, Object>) inner)
                    : ((List<Object>) entry.getValue()).contains(value);
        });
    }

    private String submit() {
        return api.create("alice", SPARK).string("id");
    }

    private Map<String, Object> runSchedule() {
        return Events.handle(schedule, Events.SCHEDULED);
    }

    /** Polls until the stream has nothing more (bounded). */
    private void drain() {
        for (int polls = 0; polls < MAX_POLLS; polls++) {
            if (stream.poll() == 0 && stream.poll() == 0) {
                return;
            }
        }
        throw new AssertionError("the stream did not drain in " + MAX_POLLS + " polls");
    }

    private static List<JsonNode> eventsOf(String batchId) {
        List<JsonNode> events = new ArrayList<>();
        for (ObjectNode event : aws.eventBridge().events()) {
            if (event.path("detail").path("batch").path("id").asText().equals(batchId)) {
                OpenApiContract.DOCUMENT.checkComponent("BatchStateChangeEvent", event.toString());
                events.add(event);
            }
        }
        return events;
    }
}
