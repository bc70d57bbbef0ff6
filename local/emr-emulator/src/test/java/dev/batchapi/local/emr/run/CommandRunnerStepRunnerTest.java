package dev.batchapi.local.emr.run;

import static dev.batchapi.local.emr.EmrFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.emr.EmrEmulator;
import dev.batchapi.local.emr.EmrFixture;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.StepState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;
import software.amazon.awssdk.services.emr.model.StepCancellationOption;
import software.amazon.awssdk.services.emr.model.StepConfig;

/**
 * The process machinery every local program shares, with shell commands standing for spark-submit
 * and flink: where output goes, how an exit ends the step, what is refused, and how a kill escalates.
 */
class CommandRunnerStepRunnerTest {

    private static final Duration KILL_AFTER = Duration.ofSeconds(10);

    @TempDir
    Path logs;
    private final ManualStepTimer timer = new ManualStepTimer();
    private CommandRunnerStepRunner runner;
    private EmrEmulator emulator;
    private EmrClient emr;
    private String cluster;

    /** Runs its first argument with sh, its scratch directory in $SCRATCH; quotes stderr's last line when it fails. */
    private record Shell(String name) implements LocalProgram {

        @Override
        public LocalCommand plan(List<String> arguments, Path scratch) {
            return new LocalCommand.Run(List.of("sh", "-c", arguments.get(0)),
                    Map.of("GREETING", "hello", "SCRATCH", scratch.toString()));
        }

        @Override
        public Optional<String> failureMessage(Path stderr) {
            try {
                List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
                return lines.isEmpty() ? Optional.empty() : Optional.of(lines.get(lines.size() - 1));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @BeforeEach
    void start() {
        runner = new CommandRunnerStepRunner(List.of(new Shell("sh-b"), new Shell("sh-a")), logs, timer, KILL_AFTER);
        emulator = EmrEmulator.start(runner);
        emr = EmrFixture.clientFor(emulator);
        cluster = emulator.createCluster(ClusterSpec.named("local").withLogUri(logs.toUri().toString()));
    }

    @AfterEach
    void stop() {
        emr.close();
        emulator.close();
    }

    @Test
    void aZeroExitCompletesTheStepWithItsOutputWhereEmrPutsStepLogsAndItsScratchGone() throws IOException {
        String step = add("command-runner.jar", "sh-a", "echo \"$GREETING out\"; echo err >&2; mkdir \"$SCRATCH/d\" && touch \"$SCRATCH/d/f\"");

        awaitState(step, StepState.COMPLETED);

        Path directory = logs.resolve(cluster).resolve("steps").resolve(step);
        eventually(() -> assertThat(directory).isDirectoryNotContaining(path -> path.endsWith("tmp")));
        assertThat(Files.readString(directory.resolve("stdout"))).isEqualTo("hello out\n");
        assertThat(Files.readString(directory.resolve("stderr"))).isEqualTo("err\n");
        assertThat(Files.readString(directory.resolve("controller")))
                .contains("INFO Running step " + step + ": sh -c echo", "INFO Step " + step + " exited with code 0");
    }

    @Test
    void aNonZeroExitFailsTheStepQuotingTheProgramOrElseItsExitCode() {
        String said = add("command-runner.jar", "sh-a", "echo 'it went wrong' >&2; exit 3");
        String quiet = add("command-runner.jar", "sh-b", "exit 4");

        awaitState(said, StepState.FAILED);
        awaitState(quiet, StepState.FAILED);

        assertThat(failure(said)).isEqualTo(FailureDetails.of("Unknown Error.", "it went wrong",
                logs.resolve(cluster).resolve("steps").resolve(said).resolve("stderr").toUri().toString()));
        assertThat(failure(quiet).message()).contains("sh-b exited with code 4");
    }

    @Test
    void whatNoProgramRunsFailsSayingWhyInTheStepsStderr() throws IOException {
        String otherJar = add("s3://bucket/my.jar", "sh-a", "true");
        String unknown = add("command-runner.jar", "hive-script", "--run-hive-script");
        String empty = add("command-runner.jar");

        awaitState(otherJar, StepState.FAILED);
        awaitState(unknown, StepState.FAILED);
        awaitState(empty, StepState.FAILED);

        assertThat(failure(otherJar).message()).contains("The local stack runs command-runner.jar steps only, not s3://bucket/my.jar");
        assertThat(failure(unknown).message()).contains("The local stack's command-runner.jar runs sh-a and sh-b only, not hive-script");
        assertThat(failure(empty).message()).contains("The step has no command");
        assertThat(Files.readString(logs.resolve(cluster).resolve("steps").resolve(unknown).resolve("stderr")))
                .isEqualTo("The local stack's command-runner.jar runs sh-a and sh-b only, not hive-script\n");
    }

    @Test
    void aCancelledProcessThatIgnoresSigtermIsKilledOnceTheBoundHasPassed() {
        String step = add("command-runner.jar", "sh-a", "trap '' TERM; echo ready; while true; do sleep 0.1; done");
        Path stdout = logs.resolve(cluster).resolve("steps").resolve(step).resolve("stdout");
        eventually(() -> assertThat(stdout).content().isEqualTo("ready\n"));
        ProcessHandle process = runner.runningProcesses().get(step);

        emr.cancelSteps(request -> request.clusterId(cluster).stepIds(step)
                .stepCancellationOption(StepCancellationOption.SEND_INTERRUPT));
        // SIGTERM was sent and ignored: the process stays, and so does the step, until the bound passes.
        assertThat(process.onExit()).failsWithin(Duration.ofMillis(500)).withThrowableOfType(TimeoutException.class);
        assertThat(emulator.step(cluster, step).state()).isEqualTo(StepState.CANCEL_PENDING);

        timer.advance(KILL_AFTER);

        awaitState(step, StepState.CANCELLED);
        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void terminateProcessKillsAtOnce() {
        String step = add("command-runner.jar", "sh-a", "trap '' TERM; echo ready; while true; do sleep 0.1; done");
        Path stdout = logs.resolve(cluster).resolve("steps").resolve(step).resolve("stdout");
        eventually(() -> assertThat(stdout).content().isEqualTo("ready\n"));
        ProcessHandle process = runner.runningProcesses().get(step);

        emr.cancelSteps(request -> request.clusterId(cluster).stepIds(step)
                .stepCancellationOption(StepCancellationOption.TERMINATE_PROCESS));

        awaitState(step, StepState.CANCELLED);
        assertThat(process.isAlive()).isFalse();
    }

    private String add(String jar, String... args) {
        return emr.addJobFlowSteps(request -> request.jobFlowId(cluster).steps(StepConfig.builder()
                        .name("step")
                        .actionOnFailure(ActionOnFailure.CONTINUE)
                        .hadoopJarStep(hadoop -> hadoop.jar(jar).args(args))
                        .build()))
                .stepIds().get(0);
    }

    private FailureDetails failure(String step) {
        return emulator.step(cluster, step).failureDetails().orElseThrow();
    }

    private void awaitState(String step, StepState state) {
        eventually(() -> assertThat(emulator.step(cluster, step).state()).isEqualTo(state));
    }
}
