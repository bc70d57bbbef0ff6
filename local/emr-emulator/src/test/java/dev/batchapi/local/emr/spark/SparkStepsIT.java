package dev.batchapi.local.emr.spark;

import static dev.batchapi.local.emr.EmrFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.emr.EmrEmulator;
import dev.batchapi.local.emr.RealSteps;
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

/** Real spark-submit runs of the demo applications, through the EMR API, as the local stack runs them. */
class SparkStepsIT {

    private static final Path SPARK_JARS = Path.of(System.getProperty("spark.jars"));
    private static final String DEMO_JAR = Path.of(System.getProperty("demo.jar")).toAbsolutePath().toString();
    private static final Duration SPARK_RUN = Duration.ofSeconds(90);

    @TempDir
    Path logs;
    private CommandRunnerStepRunner runner;
    private RealSteps steps;

    @BeforeEach
    void start() {
        runner = new CommandRunnerStepRunner(List.of(new LocalSparkSubmit(new SparkInstallation.Jars(SPARK_JARS))), logs);
        steps = new RealSteps(EmrEmulator.start(runner), logs, SPARK_RUN);
    }

    @AfterEach
    void stop() {
        steps.close();
    }

    @Test
    void sparkPiRunsToCompletionAndItsOutputIsWhereEmrPutsStepLogs() throws IOException {
        String step = add("demo.SparkPi", "4");

        steps.ends.await(step);

        assertThat(steps.state(step)).isEqualTo(StepState.COMPLETED);
        Path directory = steps.directory(step);
        assertThat(Files.readString(directory.resolve("stdout"))).containsPattern("Pi is roughly 3\\.1\\d*");
        assertThat(Files.readString(directory.resolve("stderr"))).contains("SparkContext");
        assertThat(Files.readString(directory.resolve("controller"))).contains("exited with code 0");
    }

    @Test
    void aMissingApplicationFailsTheStepWithSparksOwnWords() {
        String step = steps.add("spark-submit", "--deploy-mode", "cluster", "--class", "demo.SparkPi",
                "/nowhere/missing.jar");

        steps.ends.await(step);

        Step failed = steps.emulator.step(steps.cluster, step);
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

        steps.cancelAndAwait(step);

        assertThat(steps.state(step)).isEqualTo(StepState.CANCELLED);
        assertThat(jvm.isAlive()).isFalse();
    }

    @Test
    void pysparkWithoutADistributionFailsSayingWhy() {
        String pyspark = steps.add("spark-submit", "--deploy-mode", "cluster", "/apps/job.py");

        steps.ends.await(pyspark);

        assertThat(steps.emulator.step(steps.cluster, pyspark).failureDetails().orElseThrow().message().orElseThrow())
                .startsWith("PySpark needs a Spark distribution: start the local stack with SPARK_HOME set");
    }

    @Test
    void closingTheEmulatorKillsWhatStillRuns() {
        String step = add("demo.Sleep", "600");
        eventually(() -> assertThat(runner.runningProcesses()).containsKey(step));
        ProcessHandle jvm = runner.runningProcesses().get(step);

        steps.emulator.close();

        assertThat(jvm.isAlive()).isFalse();
    }

    private String add(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                "spark-submit", "--deploy-mode", "cluster", "--class", mainClass, "--name", mainClass, DEMO_JAR));
        command.addAll(List.of(args));
        return steps.add(command.toArray(String[]::new));
    }
}
