package dev.batchapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.batch.Deadline;
import dev.batchapi.config.AppContext;
import dev.batchapi.config.Config;
import dev.batchapi.local.emr.api.EmrFault;
import dev.batchapi.local.emr.api.EmrOperation;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepState;
import dev.batchapi.store.DynamoDbBatchStore;
import dev.batchapi.support.ApiResponse;
import dev.batchapi.support.AtOnce;
import dev.batchapi.support.LocalAws;
import dev.batchapi.support.MutableClock;
import dev.batchapi.support.TestApi;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.emr.model.AddJobFlowStepsRequest;

/**
 * Many simultaneous DELETEs of one batch, each through a function instance of its own as Lambda
 * would run them: exactly one is the kill that stops the batch and says so; every other hears that
 * the batch is already being stopped or is terminal. And a kill whose function died after claiming
 * the batch is carried out by the state sync.
 */
class ConcurrentKillIT {

    @RegisterExtension
    static final LocalAws aws = new LocalAws();

    private static final String SPARK = "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\"}";
    private static final Duration GRACE = Duration.ofSeconds(120);

    private final MutableClock clock = new MutableClock(Instant.now());
    private String cluster;
    private AppContext context;

    @BeforeEach
    void freshClusterRunningOneStepAtATime() {
        cluster = aws.emr().createCluster(ClusterSpec.named("kills"));
        context = aws.contextAt(clock, Map.of(Config.CLUSTER_ID, cluster));
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 64})
    void ofConcurrentKillsOfAPendingBatchExactlyOneStopsIt(int callers) throws Exception {
        submit();
        String pending = submit();
        assertThat(stepOf(pending).state()).isEqualTo(StepState.PENDING);

        List<ApiResponse> answers = killAtOnce(pending, callers);

        assertExactlyOneStoppedIt(answers, pending);
        assertThat(stepOf(pending).state()).isEqualTo(StepState.CANCELLED);
        assertThat(new TestApi(context).get("alice", pending).json()).containsEntry("state", "CANCELED")
                .containsEntry("appDiagnostic", "Killed by alice");
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 64})
    void ofConcurrentKillsOfARunningBatchExactlyOneStopsIt(int callers) throws Exception {
        String running = submit();
        assertThat(stepOf(running).state()).isEqualTo(StepState.RUNNING);
        long cancelsBefore = aws.emr().server().callCount("CancelSteps");

        List<ApiResponse> answers = killAtOnce(running, callers);

        assertExactlyOneStoppedIt(answers, running);
        assertThat(aws.emr().server().callCount("CancelSteps") - cancelsBefore).isEqualTo(1);
        assertThat(stepOf(running).state()).isIn(StepState.CANCEL_PENDING, StepState.CANCELLED);
    }

    @ParameterizedTest
    @ValueSource(ints = {16, 64})
    void ofConcurrentKillsOfABatchWithoutAStepExactlyOneStopsIt(int callers) throws Exception {
        String unsubmitted = unsubmitted();

        List<ApiResponse> answers = killAtOnce(unsubmitted, callers);

        assertExactlyOneStoppedIt(answers, unsubmitted);
        assertThat(new TestApi(context).get("alice", unsubmitted).json()).containsEntry("state", "CANCELED");
        assertThat(aws.emr().steps(cluster)).noneMatch(step -> step.name().startsWith(unsubmitted));
    }

    @Test
    void aKillWhoseFunctionDiedAfterClaimingTheBatchIsCarriedOutByTheSync() {
        String running = submit();
        // The claim a kill writes first; its function died before it cancelled the step.
        assertThat(store().claimKill(running, "alice", clock.millis())).isPresent();
        TestApi api = new TestApi(context);

        ApiResponse later = api.kill("alice", running);
        context.sync().syncActive(Deadline.after(clock, Duration.ofSeconds(30)));
        StepState beforeTheGrace = stepOf(running).state();
        clock.advance(GRACE);
        context.sync().syncActive(Deadline.after(clock, Duration.ofSeconds(30)));

        assertThat(later.json()).containsEntry("success", false);
        assertThat(later.string("msg")).isEqualTo("batch " + running + " is already being stopped (kill requested by"
                + " alice), so this call did not stop it");
        assertThat(beforeTheGrace).isEqualTo(StepState.RUNNING);
        assertThat(stepOf(running).state()).isIn(StepState.CANCEL_PENDING, StepState.CANCELLED);
        assertThat(((List<?>) api.localLog("alice", running, 0, 100).json().get("logRowSet")).stream().map(Object::toString))
                .anyMatch(line -> line.endsWith("Kill by alice carried out by the state sync: step " + stepOf(running).id()
                        + " is being cancelled"));
    }

    @Test
    void theSyncCarriesAKillOutOncePerGracePeriodEvenWhenItsCancelFails() {
        String running = submit();
        store().claimKill(running, "alice", clock.millis());
        clock.advance(GRACE);
        long cancels = aws.emr().server().callCount("CancelSteps");
        aws.emr().failNext(EmrOperation.CANCEL_STEPS, 3, EmrFault.internalError());

        context.sync().syncActive(Deadline.after(clock, Duration.ofSeconds(30)));
        long afterTheFailedTry = aws.emr().server().callCount("CancelSteps");
        context.sync().syncActive(Deadline.after(clock, Duration.ofSeconds(30)));
        long afterASecondRun = aws.emr().server().callCount("CancelSteps");
        clock.advance(GRACE);
        context.sync().syncActive(Deadline.after(clock, Duration.ofSeconds(30)));

        assertThat(afterTheFailedTry - cancels).isEqualTo(3);
        assertThat(afterASecondRun).isEqualTo(afterTheFailedTry);
        assertThat(aws.emr().server().callCount("CancelSteps")).isEqualTo(afterASecondRun + 1);
        assertThat(stepOf(running).state()).isIn(StepState.CANCEL_PENDING, StepState.CANCELLED);
    }

    @Test
    void aClaimGivenUpWhileAnotherKillLookedIsTakenByThatKill() {
        String running = submit();
        store().claimKill(running, "admin", clock.millis());
        AtomicInteger reads = new AtomicInteger();
        // The admin's kill fails and gives its claim up just after alice's claim found it taken.
        aws.faults().interleaveBefore(request -> request instanceof GetItemRequest && reads.incrementAndGet() == 2,
                () -> store().releaseKill(running, "admin"));

        ApiResponse killed = new TestApi(context).kill("alice", running);

        assertThat(killed.json()).containsEntry("success", true);
    }

    @Test
    void aClaimedKillOfABatchWithoutAStepIsCarriedOutByTheSync() {
        String unsubmitted = unsubmitted();
        store().claimKill(unsubmitted, "bob", clock.millis());

        clock.advance(GRACE);
        context.sync().syncActive(Deadline.after(clock, Duration.ofSeconds(30)));

        assertThat(new TestApi(context).get("alice", unsubmitted).json()).containsEntry("state", "CANCELED")
                .containsEntry("appDiagnostic", "Killed by bob before it was submitted");
        // Its create died before its step, past the grace too: the claimed kill keeps the sync from submitting it.
        assertThat(aws.emr().steps(cluster)).noneMatch(step -> step.name().startsWith(unsubmitted));
    }

    @Test
    void aKillThatFailsGivesItsClaimUpSoTheNextOneCanStopTheBatch() {
        String running = submit();
        aws.emr().failNext(EmrOperation.CANCEL_STEPS, 3, EmrFault.throttling());
        TestApi api = new TestApi(context);

        ApiResponse throttled = api.kill("alice", running);
        ApiResponse retried = api.kill("alice", running);

        assertThat(throttled.status()).isEqualTo(429);
        assertThat(retried.json()).containsEntry("success", true);
    }

    private List<ApiResponse> killAtOnce(String batchId, int callers) throws Exception {
        List<Callable<ApiResponse>> kills = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            TestApi function = new TestApi(context);
            kills.add(() -> function.kill("alice", batchId));
        }
        return AtOnce.run(kills);
    }

    private static void assertExactlyOneStoppedIt(List<ApiResponse> answers, String batchId) {
        assertThat(answers).allSatisfy(answer -> assertThat(answer.status()).as(answer.body()).isEqualTo(200));
        assertThat(answers).filteredOn(answer -> Boolean.TRUE.equals(answer.json().get("success"))).hasSize(1);
        assertThat(answers).filteredOn(answer -> Boolean.FALSE.equals(answer.json().get("success")))
                .hasSize(answers.size() - 1)
                .allSatisfy(answer -> assertThat(answer.string("msg")).satisfiesAnyOf(
                        msg -> assertThat(msg).startsWith("batch " + batchId + " is already being stopped (kill requested by alice)"),
                        msg -> assertThat(msg).isEqualTo("batch " + batchId + " is already terminal so can not kill it.")));
    }

    private static DynamoDbBatchStore store() {
        return new DynamoDbBatchStore(aws::dynamoDb, LocalAws.TABLE, Duration.ofDays(1));
    }

    private String submit() {
        return new TestApi(context).create("alice", SPARK).string("id");
    }

    /** A batch whose create died just before AddJobFlowSteps: the record exists, the step does not. */
    private String unsubmitted() {
        String id = UUID.randomUUID().toString();
        aws.faults().crashBefore(request -> request instanceof AddJobFlowStepsRequest);
        ApiResponse created = new TestApi(context).create("alice",
                "{\"batchType\":\"SPARK\",\"resource\":\"a.jar\",\"className\":\"a.B\",\"conf\":{\"kyuubi.batch.id\":\"" + id + "\"}}");
        assertThat(created.status()).isEqualTo(500);
        return id;
    }

    private Step stepOf(String batchId) {
        return aws.stepsOf(cluster, batchId).stream().findFirst().orElseThrow();
    }
}
