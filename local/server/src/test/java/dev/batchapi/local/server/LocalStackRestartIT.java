package dev.batchapi.local.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.emr.cluster.ClusterRecord;
import dev.batchapi.local.emr.persist.EmrDataDirectory;
import dev.batchapi.local.emr.step.Step;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local stack killed ({@code kill -9}) with two batches running, a Spark one and a Flink one,
 * and two waiting for their turn, then started again on the same data directory: the JVMs the kill
 * left behind are killed, and what they kept in their scratch folders deleted.
 */
class LocalStackRestartIT {

    private static final String DEMO_JAR = Path.of(System.getProperty("demo.jar")).toAbsolutePath().toString();
    private static final Path OUTPUT = Path.of("target", "local-stack-restart-it.log");

    @TempDir
    Path dataDir;
    private final List<StackProcess> stacks = new ArrayList<>();
    /** Every process the stacks started, the one the kill left behind included. */
    private final Set<ProcessHandle> started = ConcurrentHashMap.newKeySet();

    @AfterEach
    void leaveNothingBehind() throws Exception {
        for (StackProcess stack : stacks) {
            if (stack.process().isAlive()) {
                stack.stop();
            }
            started.addAll(stack.started());
        }
        List<ProcessHandle> alive = started.stream().filter(ProcessHandle::isAlive).toList();
        alive.forEach(ProcessHandle::destroyForcibly);
        assertThat(alive).as("processes left behind").isEmpty();
    }

    @Test
    void afterAKillTheRunningBatchesEndInErrorSayingWhyTheirJvmsAndScratchAreGoneAndThePendingOnesRunOnce() throws Exception {
        StackClient before = start();
        String sparkSleep = (String) before.submit("demo.Sleep", DEMO_JAR, "600").get("id");
        String flinkSleep = (String) before.submitBatch("FLINK", "demo.FlinkSleep", DEMO_JAR, "600").get("id");
        before.awaitState(sparkSleep, "RUNNING", new ArrayList<>());
        Map<String, Object> flinkRunning = before.awaitState(flinkSleep, "RUNNING", new ArrayList<>());
        // The Flink JVM's temporary files, in its step's log folder (the batch's appUrl).
        Path flinkScratch = Path.of(URI.create((String) flinkRunning.get("appUrl"))).resolve("tmp");
        awaitFilesIn(flinkScratch);
        String pi1 = (String) before.submit("demo.SparkPi", DEMO_JAR, "2").get("id");
        String pi2 = (String) before.submit("demo.SparkPi", DEMO_JAR, "2").get("id");
        for (String pending : List.of(pi1, pi2)) {
            assertThat(before.awaitState(pending, "PENDING", new ArrayList<>()))
                    .as("waits for its turn as a pending step").containsEntry("appState", "PENDING");
        }
        List<ProcessHandle> sleepJvms = List.of(stacks.get(0).stepJvmRunning("demo.Sleep"),
                stacks.get(0).stepJvmRunning("demo.FlinkSleep"));

        stacks.get(0).kill();
        assertThat(sleepJvms).as("the kill leaves the running steps' Spark and Flink JVMs behind")
                .allSatisfy(jvm -> assertThat(jvm.isAlive()).isTrue());
        StackClient after = start();

        List<Map<String, Object>> stopped = new ArrayList<>();
        for (String running : List.of(sparkSleep, flinkSleep)) {
            Map<String, Object> batch = after.awaitState(running, "ERROR", new ArrayList<>());
            assertThat(batch).containsEntry("appState", "FAILED");
            assertThat((String) batch.get("appDiagnostic")).startsWith("The local stack stopped while the step ran: ");
            stopped.add(batch);
        }
        for (ProcessHandle jvm : sleepJvms) {
            assertThat(jvm.onExit().get(30, TimeUnit.SECONDS).isAlive()).as("the left-behind JVM %d", jvm.pid()).isFalse();
        }
        List<Map<String, Object>> finished = new ArrayList<>();
        for (String pending : List.of(pi1, pi2)) {
            finished.add(after.awaitState(pending, "FINISHED", new ArrayList<>()));
            assertThat(after.logOf(pending)).anyMatch(line -> line.startsWith("Pi is roughly"));
        }
        // Every state change has its event, each once, across the kill: the stream and where the
        // stack's mapping stood in it survive with the data directory.
        for (String ended : List.of(sparkSleep, flinkSleep)) {
            assertThat(StackClient.awaitEventStates(dataDir, ended, 3)).as(ended).containsExactly("PENDING", "RUNNING", "ERROR");
        }
        for (String pending : List.of(pi1, pi2)) {
            assertThat(StackClient.awaitEventStates(dataDir, pending, 3)).as(pending)
                    .containsExactly("PENDING", "RUNNING", "FINISHED");
        }
        stacks.get(1).stop();
        assertThat(flinkScratch).as("the left-behind Flink JVM's scratch").doesNotExist();

        List<Map<String, Object>> batches = new ArrayList<>(stopped);
        batches.addAll(finished);
        List<ClusterRecord> clusters;
        try (EmrDataDirectory emr = EmrDataDirectory.open(dataDir.resolve("emr"))) {
            clusters = emr.recovered();
        }
        assertThat(clusters).as("one cluster, kept across the restart").singleElement();
        ClusterRecord cluster = clusters.get(0);
        for (Map<String, Object> batch : batches) {
            List<Step> steps = cluster.steps().stream()
                    .filter(step -> step.name().split(" ")[0].equals(batch.get("id")))
                    .toList();
            assertThat(steps).as("the steps of batch %s", batch.get("id")).singleElement()
                    .satisfies(step -> assertThat(step.id()).isEqualTo(batch.get("appId")));
            assertThat((String) batch.get("appUrl")).contains("/" + cluster.cluster().id() + "/steps/");
        }
    }

    /** Waits, as long as a batch may take to reach a state, until {@code directory} holds a file. */
    private static void awaitFilesIn(Path directory) throws Exception {
        long deadline = System.nanoTime() + StackClient.JOB_RUN.toNanos();
        while (!holdsFiles(directory)) {
            assertThat(System.nanoTime()).as("%s holds files", directory).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static boolean holdsFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return false;
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.findAny().isPresent();
        }
    }

    private StackClient start() throws Exception {
        StackProcess stack = StackProcess.start(OUTPUT, "--data-dir", dataDir.toString(), "--step-concurrency", "2");
        stacks.add(stack);
        return new StackClient(stack.api());
    }
}
