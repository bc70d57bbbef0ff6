package dev.batchapi.local.server;

import static dev.batchapi.local.server.StackClient.clusterOf;
import static dev.batchapi.local.server.StackClient.json;
import static dev.batchapi.local.server.StackClient.number;
import static dev.batchapi.local.server.StackClient.recordsStep;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduler as a person watches it on the local stack: two active steps per cluster, one per
 * user, an etl cluster beside the default one, the sync every 2 s; real Spark jobs, driven over HTTP
 * by alice and bob (authentication off: the Basic user name is taken as given). The tests run one
 * after another, so that no more Spark JVMs run at once than the scenario needs (two).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackSchedulerIT {

    private static final String DEMO_JAR = Path.of(System.getProperty("demo.jar")).toAbsolutePath().toString();
    private static final Pattern CLUSTER_ID = Pattern.compile("\\b(default|etl) \\(EMR id (j-[0-9A-Z]+)\\)");
    private static final Duration SYNC_EVERY = Duration.ofSeconds(2);
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** What the issue promises a person; the sync cancels the step within a period (2 s) of its deadline. */
    private static final Duration TIMEOUT_ENDS_WITHIN = Duration.ofMinutes(1);

    @TempDir
    static Path dataDir;
    private static StackProcess stack;
    private static StackClient alice;
    private static StackClient bob;

    @BeforeAll
    static void start() throws Exception {
        stack = StackProcess.start(Path.of("target", "local-stack-scheduler-it.log"), "--data-dir", dataDir.toString(),
                "--max-active-steps", "2", "--max-active-per-user", "1", "--step-concurrency", "2", "--clusters", "etl",
                "--sync-every", Long.toString(SYNC_EVERY.toSeconds()));
        alice = new StackClient(stack.api(), "alice");
        bob = new StackClient(stack.api(), "bob");
    }

    @AfterAll
    static void stopAndLeaveNothingBehind() throws Exception {
        stack.stop();
        assertThat(stack.started()).allSatisfy(process -> assertThat(process.isAlive()).as("pid %d", process.pid()).isFalse());
    }

    /**
     * Alice's first batch and bob's take the default cluster's two slots; alice's other two wait,
     * queued for her share, and then run one after another, in their order: each starts only once
     * the one before it has ended, and all of them finish.
     */
    @Test
    @Order(1)
    void aUsersBatchesBeyondTheirShareWaitVisiblyAndThenRunOneAfterAnotherWhileAnotherUsersRunsAtOnce() throws Exception {
        Map<String, Object> first = alice.submit("demo.Sleep", DEMO_JAR, "10");
        Map<String, Object> second = alice.submit("demo.Sleep", DEMO_JAR, "10");
        Map<String, Object> third = alice.submit("demo.Sleep", DEMO_JAR, "10");
        Map<String, Object> bobs = bob.submit("demo.Sleep", DEMO_JAR, "10");

        assertThat(first.get("appId")).as("a step at once: %s", first).isNotNull();
        // Queued behind alice's two for an instant, then taken off the queue: by his create's own
        // dispatch, or by the sync if its run came in between (then his step may be on its way still).
        @SuppressWarnings("unchecked")
        Map<String, Object> bobsInfo = (Map<String, Object>) bobs.get("batchInfo");
        assertThat(bobsInfo).as("bob's share is his own: %s", bobs).doesNotContainKey("queue.state");
        for (Map<String, Object> waiting : List.of(second, third)) {
            assertQueuedForTheirShare(waiting);
            // And so it shows to whoever looks, while alice's first runs.
            assertQueuedForTheirShare(json(alice.call("GET", "/batches/" + waiting.get("id"), null)));
        }

        List<Map<String, Object>> ended = new ArrayList<>();
        for (Map<String, Object> batch : List.of(first, second, third, bobs)) {
            ended.add(alice.awaitState((String) batch.get("id"), "FINISHED", new ArrayList<>()));
        }

        Map<String, Object> firstEnded = ended.get(0);
        Map<String, Object> secondEnded = ended.get(1);
        Map<String, Object> thirdEnded = ended.get(2);
        Map<String, Object> bobsEnded = ended.get(3);
        assertThat(runsOverlap(firstEnded, bobsEnded)).as("alice's first and bob's ran together").isTrue();
        assertThat(number(secondEnded, "appStartTime")).as("alice's second started after her first ended")
                .isGreaterThanOrEqualTo(number(firstEnded, "endTime"));
        assertThat(number(thirdEnded, "appStartTime")).as("alice's third started after her second ended")
                .isGreaterThanOrEqualTo(number(secondEnded, "endTime"));
        assertThat(ended).extracting(StackClient::clusterOf).as("all on the default cluster").containsOnly(clusterId("default"));
    }

    @Test
    @Order(2)
    void aBatchThatNamesTheEtlClusterRunsThere() throws Exception {
        String id = (String) alice.submitBatch("SPARK", "demo.SparkPi", DEMO_JAR, Map.of("batchapi.cluster", "etl"), "2")
                .get("id");

        Map<String, Object> finished = alice.awaitState(id, "FINISHED", new ArrayList<>());

        String etl = clusterId("etl");
        assertThat(etl).isNotEqualTo(clusterId("default"));
        assertThat(clusterOf(finished)).isEqualTo(etl);
        assertThat(alice.logOf(id)).anyMatch(line -> recordsStep(line, finished.get("appId"), etl));
    }

    /** demo.Fail's step fails on its own: it is submitted again as a second step, which fails too. */
    @Test
    @Order(3)
    void aStepThatFailsIsRetriedAsASecondStepAndTheBatchEndsErrorSayingBothAttemptsFailed() throws Exception {
        Map<String, Object> created = alice.submitBatch("SPARK", "demo.Fail", DEMO_JAR, Map.of("batchapi.maxAttempts", "2"));
        String id = (String) created.get("id");

        Map<String, Object> failed = alice.awaitState(id, "ERROR", new ArrayList<>());

        String firstStep = (String) created.get("appId");
        String secondStep = (String) failed.get("appId");
        assertThat(firstStep).isNotNull().isNotEqualTo(secondStep);
        assertThat((String) failed.get("appDiagnostic")).startsWith("2 of 2 attempts failed: attempt 1: ")
                .contains("demo.Fail fails on purpose", "; attempt 2: ");
        assertThat(alice.logOf(id))
                .anyMatch(line -> recordsStep(line, firstStep, clusterId("default")))
                .anyMatch(line -> line.contains("Attempt 1 of 2 failed: ") && line.endsWith("; attempt 2 is being submitted"))
                .anyMatch(line -> line.contains("Retried (attempt 2 of 2) as step " + secondStep + " on EMR cluster "))
                .contains("Fail: starting a job whose task throws");
    }

    @Test
    @Order(4)
    void aStepPastItsExecutionTimeoutIsCancelledAndTheBatchEndsErrorNamingTheLimit() throws Exception {
        String id = (String) bob.submitBatch("SPARK", "demo.Sleep", DEMO_JAR,
                Map.of("batchapi.executionTimeoutSeconds", Long.toString(TIMEOUT.toSeconds())), "120").get("id");

        Map<String, Object> stopped = bob.awaitState(id, "ERROR", new ArrayList<>());

        assertThat((String) stopped.get("appDiagnostic")).isEqualTo(
                "Stopped: its step ran longer than batchapi.executionTimeoutSeconds=5 (5s), so it was cancelled");
        assertThat(number(stopped, "endTime") - number(stopped, "createTime"))
                .as("ended within a minute of its creation").isLessThan(TIMEOUT_ENDS_WITHIN.toMillis());
        // The template's schedule (a minute) could take up to 65 s: only --sync-every's 2 s ends it this soon.
        assertThat(number(stopped, "endTime") - number(stopped, "appStartTime")).as("ran for")
                .isBetween(TIMEOUT.toMillis(), TIMEOUT.plus(SYNC_EVERY.multipliedBy(5)).toMillis());
    }

    private static void assertQueuedForTheirShare(Map<String, Object> batch) {
        assertThat(batch).as("queued: %s", batch).containsEntry("state", "PENDING").containsEntry("appId", null);
        @SuppressWarnings("unchecked")
        Map<String, Object> info = (Map<String, Object>) batch.get("batchInfo");
        assertThat(info).containsEntry("queue.state", "QUEUED").containsEntry("queue.cluster", "default")
                .containsEntry("queue.userActiveSteps", "1 of 1");
        assertThat((String) info.get("queue.reason")).startsWith("user at their share (alice has 1 of 1 active steps");
    }

    private static boolean runsOverlap(Map<String, Object> one, Map<String, Object> other) {
        return number(one, "appStartTime") < number(other, "endTime") && number(other, "appStartTime") < number(one, "endTime");
    }

    /** A cluster's EMR id, as the stack's welcome names it. */
    private static String clusterId(String label) {
        return stack.output().stream().map(CLUSTER_ID::matcher).flatMap(Matcher::results)
                .filter(match -> match.group(1).equals(label)).map(match -> match.group(2))
                .findFirst().orElseThrow(() -> new AssertionError("the welcome names no cluster " + label + ": " + stack.output()));
    }
}
