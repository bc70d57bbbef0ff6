package dev.batchapi.local.emr.flink;

import static dev.batchapi.local.emr.EmrFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.emr.EmrEmulator;
import dev.batchapi.local.emr.EmrFixture;
import dev.batchapi.local.emr.RealSteps;
import dev.batchapi.local.emr.run.CommandRunnerStepRunner;
import dev.batchapi.local.emr.run.ScriptedStepRunner;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.StepState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real flink runs of the demo applications on a local MiniCluster, through the EMR API of a persistent
 * emulator, as the local stack runs them.
 */
class FlinkStepsIT {

    private static final Path FLINK_JARS = Path.of(System.getProperty("flink.jars"));
    private static final String DEMO_JAR = Path.of(System.getProperty("demo.jar")).toAbsolutePath().toString();
    private static final Duration FLINK_RUN = Duration.ofSeconds(90);

    @TempDir
    Path work;
    private CommandRunnerStepRunner runner;
    private RealSteps steps;

    @BeforeEach
    void start() {
        Path logs = work.resolve("logs");
        runner = new CommandRunnerStepRunner(List.of(LocalFlinkRun.withJars(FLINK_JARS, work.resolve("flink-conf"))), logs);
        steps = new RealSteps(EmrEmulator.persistent(work.resolve("emr"), runner), logs, FLINK_RUN);
    }

    @AfterEach
    void stop() {
        steps.close();
    }

    @Test
    void aPerJobSubmissionOfFlinkSumCompletesAndItsResultIsInTheStepsStdout() throws IOException {
        // As StepCommand submitted a FLINK batch before it moved to application mode: the local stack takes both.
        String step = steps.add("flink", "run", "-m", "yarn-cluster", "-c", "demo.FlinkSum", "-ynm", "sum-of-1000",
                "-yD", "parallelism.default=2", DEMO_JAR, "1000");

        steps.ends.await(step);

        assertThat(steps.state(step)).isEqualTo(StepState.COMPLETED);
        assertThat(Files.readAllLines(steps.directory(step).resolve("stdout"))).contains("Sum of 1..1000 is 500500");
        assertThat(Files.readString(steps.directory(step).resolve("stderr")))
                .contains("INFO org.apache.flink.runtime.minicluster.MiniCluster")
                .contains("Received JobGraph submission 'sum-of-1000'")
                .contains("is decided to be 2");
        assertThat(Files.readString(steps.directory(step).resolve("controller"))).contains("exited with code 0");
        // Flink's temporary files went with its JVM.
        eventually(() -> assertThat(steps.directory(step)).isDirectoryNotContaining(path -> path.endsWith("tmp")));
    }

    @Test
    void anApplicationModeSubmissionOfFlinkSumCompletesToo() throws IOException {
        // As StepCommand submits a FLINK batch.
        String step = steps.add("flink", "run-application", "-t", "yarn-application", "-c", "demo.FlinkSum",
                "-Dpipeline.name=sum-of-10", DEMO_JAR, "10");

        steps.ends.await(step);

        assertThat(steps.state(step)).isEqualTo(StepState.COMPLETED);
        assertThat(Files.readAllLines(steps.directory(step).resolve("stdout"))).contains("Sum of 1..10 is 55");
        assertThat(Files.readString(steps.directory(step).resolve("stderr"))).contains("Received JobGraph submission 'sum-of-10'");
    }

    @Test
    void aJobThatThrowsFailsTheStepWithFlinksErrorAndItsCause() {
        String step = steps.add("flink", "run", "-m", "yarn-cluster", "-c", "demo.FlinkSum", DEMO_JAR, "0");

        steps.ends.await(step);

        FailureDetails failure = steps.failure(step, StepState.FAILED);
        assertThat(failure.reason()).contains("Unknown Error.");
        assertThat(failure.message()).contains("org.apache.flink.client.program.ProgramInvocationException: The main"
                + " method caused an error: N must be at least 1, not 0");
        assertThat(failure.logFile().orElseThrow()).endsWith(step + "/stderr");
    }

    @Test
    void aMissingJarOrClassFailsTheStepSayingWhich() {
        String jar = steps.add("flink", "run", "-m", "yarn-cluster", "-c", "demo.FlinkSum", "/nowhere/missing.jar", "10");
        String mainClass = steps.add("flink", "run", "-m", "yarn-cluster", "-c", "demo.NoSuchJob", DEMO_JAR);

        steps.ends.await(jar);
        steps.ends.await(mainClass);

        assertThat(steps.failure(jar, StepState.FAILED).message().orElseThrow())
                .endsWith("JAR file does not exist: /nowhere/missing.jar");
        assertThat(steps.failure(mainClass, StepState.FAILED).message().orElseThrow())
                .endsWith("The program's entry point class 'demo.NoSuchJob' was not found in the jar file.");
    }

    @Test
    void anOptionTheLocalStackDoesNotKnowFailsTheStepWithoutAJvm() {
        String step = steps.add("flink", "run", "-m", "yarn-cluster", "-d", "-c", "demo.FlinkSum", DEMO_JAR);

        steps.ends.await(step);

        assertThat(steps.failure(step, StepState.FAILED).message().orElseThrow())
                .startsWith("The local stack does not know flink's option -d");
        assertThat(steps.directory(step).resolve("stdout")).doesNotExist();
    }

    @Test
    void aCancelStopsTheFlinkJvmAndTheStepIsCancelled() {
        String step = steps.add("flink", "run", "-m", "yarn-cluster", "-c", "demo.FlinkSleep", DEMO_JAR, "600");
        Path stdout = steps.directory(step).resolve("stdout");
        // Running once the job is on the MiniCluster: Flink says so on stdout.
        eventually(() -> assertThat(stdout).content().contains("Job has been submitted with JobID"), FLINK_RUN);
        ProcessHandle jvm = runner.runningProcesses().get(step);

        steps.cancelAndAwait(step);

        assertThat(steps.state(step)).isEqualTo(StepState.CANCELLED);
        assertThat(jvm.isAlive()).isFalse();
    }

    @Test
    void aFlinkJvmThatOutlivedACrashIsKilledWhenTheEmulatorRestartsAndItsStepFails() {
        String step = steps.add("flink", "run", "-m", "yarn-cluster", "-c", "demo.FlinkSleep", DEMO_JAR, "600");
        Path stdout = steps.directory(step).resolve("stdout");
        eventually(() -> assertThat(stdout).content().contains("Job has been submitted with JobID"), FLINK_RUN);
        ProcessHandle jvm = runner.runningProcesses().get(step);
        // The emulator is gone as after kill -9: its data directory as it was, its Flink JVM still running.
        Path crashed = EmrFixture.crashImage(work.resolve("emr"), work.resolve("crashed"));

        try (EmrEmulator restarted = EmrEmulator.persistent(crashed, new ScriptedStepRunner())) {
            restarted.resume();

            assertThat(jvm.isAlive()).as("the Flink JVM left behind").isFalse();
            assertThat(restarted.step(steps.cluster, step).state()).isEqualTo(StepState.FAILED);
            assertThat(restarted.step(steps.cluster, step).failureDetails().orElseThrow().reason())
                    .hasValue("The local stack stopped while the step ran");
        }
    }
}
