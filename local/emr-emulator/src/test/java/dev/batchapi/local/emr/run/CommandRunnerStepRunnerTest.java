package dev.batchapi.local.emr.run;

import static dev.batchapi.local.emr.EmrFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.batchapi.local.emr.EmrEmulator;
import dev.batchapi.local.emr.EmrFixture;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.persist.EmrDataDirectory;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.HadoopJarStep;
import dev.batchapi.local.emr.step.StepEvent;
import dev.batchapi.local.emr.step.StepState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
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
 * and flink: where output goes, how an exit ends the step, what is refused, how a kill escalates,
 * and what a persistent emulator, as the local stack runs it, finds after a close or a crash.
 */
class CommandRunnerStepRunnerTest {

    private static final Duration KILL_AFTER = Duration.ofSeconds(10);
    /** A step that holds on: it ignores SIGTERM, as a busy JVM may, and keeps a file in its scratch. */
    private static final String HOLDS_ON = "trap '' TERM; mkdir \"$SCRATCH/d\" && touch \"$SCRATCH/d/f\"; echo ready;"
            + " while true; do sleep 0.1; done";
    private static final String STOPPED_REASON = "The local stack stopped while the step ran";

    @TempDir
    Path work;
    private Path logs;
    private Path emrData;
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
        logs = work.resolve("logs");
        emrData = work.resolve("emr");
        runner = new CommandRunnerStepRunner(List.of(new Shell("sh-b"), new Shell("sh-a")), logs, timer, KILL_AFTER);
        emulator = EmrEmulator.persistent(emrData, runner);
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
    void aStepWhoseLogFolderIsGoneWhenItExitsFailsSayingSoAndGivesUpItsPlace() throws IOException {
        // Exits 0 once its folder is gone (within 30 s): the end cannot be written to its controller file.
        String step = add("command-runner.jar", "sh-a", "echo ready; i=0;"
                + " while [ -d \"$SCRATCH\" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i+1)); done");
        String next = add("command-runner.jar", "sh-b", "true");
        Path directory = logs.resolve(cluster).resolve("steps").resolve(step);
        eventually(() -> assertThat(directory.resolve("stdout")).content().isEqualTo("ready\n"));

        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }

        awaitState(step, StepState.FAILED);
        assertThat(failure(step).message()).hasValue("sh-a exited with code 0, but its logs could not be kept: cannot write "
                + directory.resolve("controller"));
        awaitState(next, StepState.COMPLETED);
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

    @Test
    void aCloseKillsEveryProcessAtOnceLeavesNoScratchAndReportsNoEndSoTheStepsAreRecoveredAsTheyRan() {
        emulator.modifyStepConcurrencyLevel(cluster, 2);
        String running = add("command-runner.jar", "sh-a", HOLDS_ON);
        String cancelling = add("command-runner.jar", "sh-b", HOLDS_ON);
        for (String step : List.of(running, cancelling)) {
            Path stdout = logs.resolve(cluster).resolve("steps").resolve(step).resolve("stdout");
            eventually(() -> assertThat(stdout).content().isEqualTo("ready\n"));
        }
        Map<String, ProcessHandle> processes = runner.runningProcesses();
        // SIGTERM, ignored: the kill waits for a bound that has not passed when the emulator closes.
        emr.cancelSteps(request -> request.clusterId(cluster).stepIds(cancelling)
                .stepCancellationOption(StepCancellationOption.SEND_INTERRUPT));
        awaitState(cancelling, StepState.CANCEL_PENDING);
        List<StepEvent> heard = new CopyOnWriteArrayList<>();
        emulator.addStepListener(heard::add);

        emulator.close();

        assertThat(processes.values()).allSatisfy(process -> assertThat(process.isAlive()).as("pid %d", process.pid()).isFalse());
        for (String step : List.of(running, cancelling)) {
            assertThat(logs.resolve(cluster).resolve("steps").resolve(step)).isDirectoryNotContaining(path -> path.endsWith("tmp"));
        }
        assertThat(heard).noneMatch(event -> event.state().isTerminal());
        emulator = EmrEmulator.persistent(emrData, new ScriptedStepRunner());
        assertThat(emulator.step(cluster, running).state()).isEqualTo(StepState.RUNNING);
        assertThat(emulator.step(cluster, cancelling).state()).isEqualTo(StepState.CANCEL_PENDING);
        emulator.resume();
        assertThat(failure(running).reason()).hasValue(STOPPED_REASON);
        assertThat(emulator.step(cluster, cancelling).state()).isEqualTo(StepState.CANCELLED);
    }

    @Test
    void aProcessThatOutlivedACrashIsRecordedWithItsStartAndKilledWhenTheEmulatorRestarts() {
        String step = add("command-runner.jar", "sh-a", "echo ready; sleep 600");
        Path stdout = logs.resolve(cluster).resolve("steps").resolve(step).resolve("stdout");
        eventually(() -> assertThat(stdout).content().isEqualTo("ready\n"));
        ProcessHandle process = runner.runningProcesses().get(step);
        Path crashed = EmrFixture.crashImage(emrData, work.resolve("crashed"));
        try (EmrDataDirectory kept = EmrDataDirectory.open(crashed)) {
            assertThat(kept.recovered()).singleElement()
                    .satisfies(record -> assertThat(record.processes()).containsExactly(entry(step, OsProcess.of(process).orElseThrow())));
        }

        try (EmrEmulator restarted = EmrEmulator.persistent(crashed,
                new CommandRunnerStepRunner(List.of(new Shell("sh-a")), logs))) {
            restarted.resume();

            assertThat(process.isAlive()).isFalse();
            assertThat(restarted.step(cluster, step).state()).isEqualTo(StepState.FAILED);
            assertThat(restarted.step(cluster, step).failureDetails().orElseThrow().reason()).hasValue(STOPPED_REASON);
        }
    }

    @Test
    void aStepLeftFromTheLastRunHasItsScratchDeletedAndItsLogsKept() throws IOException {
        Path directory = logs.resolve(cluster).resolve("steps").resolve("s-LEFTBEHIND01");
        Files.createDirectories(directory.resolve("tmp").resolve("d"));
        Files.writeString(directory.resolve("tmp").resolve("d").resolve("f"), "kept by a process a crash left behind");
        Files.writeString(directory.resolve("stdout"), "ready\n");

        runner.leftBehind(new StepLaunch(cluster, "s-LEFTBEHIND01", "step",
                new HadoopJarStep("command-runner.jar", Optional.empty(), List.of("sh-a", "sleep 600"), Map.of()),
                Optional.empty(), Optional.of(logs.toUri().toString())));

        eventually(() -> assertThat(directory).isDirectoryNotContaining(path -> path.endsWith("tmp")));
        assertThat(directory.resolve("stdout")).content().isEqualTo("ready\n");
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
