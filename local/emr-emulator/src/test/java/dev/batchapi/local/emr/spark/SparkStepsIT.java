package dev.batchapi.local.emr.spark;

import static dev.batchapi.local.emr.EmrFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.emr.EmrEmulator;
import dev.batchapi.local.emr.EmrFixture;
import dev.batchapi.local.emr.StepEnds;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.run.CommandRunnerStepRunner;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;
import software.amazon.awssdk.services.emr.model.StepConfig;

/** Real spark-submit runs of the demo applications, through the EMR API, as the local stack runs them. */
class SparkStepsIT {

    private static final Path SPARK_JARS = Path.of(System.getProperty("spark.jars"));
    private static final String DEMO_JAR = Path.of(System.getProperty("demo.jar")).toAbsolutePath().toString();
    private static final Duration SPARK_RUN = Duration.ofSeconds(90);

    @TempDir
    Path logs;
    private CommandRunnerStepRunner runner;
    private EmrEmulator emulator;
    private EmrClient emr;
    private String cluster;
    private StepEnds ends;

    @BeforeEach
    void start() {
        runner = new CommandRunnerStepRunner(List.of(new LocalSparkSubmit(new SparkInstallation.Jars(SPARK_JARS))), logs);
        emulator = EmrEmulator.start(runner);
        emr = EmrFixture.clientFor(emulator);
        cluster = emulator.createCluster(ClusterSpec.named("local").withStepConcurrencyLevel(2)
                .withLogUri(logs.toUri().toString()));
        ends = new StepEnds(emulator, cluster, SPARK_RUN);
    }

    @AfterEach
    void stop() {
        emr.close();
        emulator.close();
    }

    @Test
    void sparkPiRunsToCompletionAndItsOutputIsWhereEmrPutsStepLogs() throws IOException {
        String step = add("demo.SparkPi", "4");

        ends.await(step);

        assertThat(emulator.step(cluster, step).state()).isEqualTo(StepState.COMPLETED);
        Path directory = logs.resolve(cluster).resolve("steps").resolve(step);
        assertThat(Files.readString(directory.resolve("stdout"))).containsPattern("Pi is roughly 3\\.1\\d*");
        assertThat(Files.readString(directory.resolve("stderr"))).contains("SparkContext");
        assertThat(Files.readString(directory.resolve("controller"))).contains("exited with code 0");
    }

    @Test
    void aMissingApplicationFailsTheStepWithSparksOwnWords() {
        String step = emr.addJobFlowSteps(request -> request.jobFlowId(cluster).steps(step("spark-submit",
                "--deploy-mode", "cluster", "--class", "demo.SparkPi", "/nowhere/missing.jar"))).stepIds().get(0);

        ends.await(step);

        Step failed = emulator.step(cluster, step);
        assertThat(failed.state()).isEqualTo(StepState.FAILED);
        assertThat(failed.failureDetails().orElseThrow().reason()).contains("Unknown Error.");
        assertThat(failed.failureDetails().orElseThrow().message().orElseThrow()).contains("missing.jar");
        assertThat(failed.failureDetails().orElseThrow().logFile().orElseThrow()).endsWith(step + "/stderr");
    }

    @Test
    void aKillInterruptsTheSparkJvmAndTheStepIsCancelled() {
        String step = add("demo.Sleep", "600");
        eventually(() -> assertThat(runner.runningProcesses()).containsKey(step));
        ProcessHandle jvm = runner.runningProcesses().get(step);

        emr.cancelSteps(request -> request.clusterId(cluster).stepIds(step));
        ends.await(step);

        assertThat(emulator.step(cluster, step).state()).isEqualTo(StepState.CANCELLED);
        assertThat(jvm.isAlive()).isFalse();
    }

    @Test
    void pysparkWithoutADistributionFailsSayingWhy() {
        String pyspark = emr.addJobFlowSteps(request -> request.jobFlowId(cluster).steps(
                step("spark-submit", "--deploy-mode", "cluster", "/apps/job.py"))).stepIds().get(0);

        ends.await(pyspark);

        assertThat(emulator.step(cluster, pyspark).failureDetails().orElseThrow().message().orElseThrow())
                .startsWith("PySpark needs a Spark distribution: start the local stack with SPARK_HOME set");
    }

    @Test
    void closingTheEmulatorKillsWhatStillRuns() {
        String step = add("demo.Sleep", "600");
        eventually(() -> assertThat(runner.runningProcesses()).containsKey(step));
        ProcessHandle jvm = runner.runningProcesses().get(step);

        emulator.close();

        assertThat(jvm.isAlive()).isFalse();
    }

    private String add(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                "spark-submit", "--deploy-mode", "cluster", "--class", mainClass, "--name", mainClass, DEMO_JAR));
        command.addAll(List.of(args));
        return emr.addJobFlowSteps(request -> request.jobFlowId(cluster).steps(step(command.toArray(String[]::new))))
                .stepIds().get(0);
    }

    private static StepConfig step(String... args) {
        return StepConfig.builder()
                .name("step")
                .actionOnFailure(ActionOnFailure.CONTINUE)
                .hadoopJarStep(jar -> jar.jar("command-runner.jar").args(args))
                .build();
    }

}
