package dev.batchapi.local.emr;

import static dev.batchapi.local.emr.EmrFixture.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.cluster.ClusterState;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReason;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReasonCode;
import dev.batchapi.local.emr.run.ScriptedStepRunner;
import dev.batchapi.local.emr.run.StepCallback;
import dev.batchapi.local.emr.run.StepLaunch;
import dev.batchapi.local.emr.run.StepProcess;
import dev.batchapi.local.emr.run.StepRunner;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.StepCancellationOption;
import dev.batchapi.local.emr.step.StepEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.CancelStepsRequestStatus;
import software.amazon.awssdk.services.emr.model.Step;
import software.amazon.awssdk.services.emr.model.StepState;

/**
 * An emulator kept in a data directory, stopped (closed, or killed: the directory as a crash left it)
 * and started again on it.
 */
class PersistentEmrEmulatorTest {

    private static final String STOPPED_REASON = "The local stack stopped while the step ran";

    @TempDir
    Path workspace;
    @AutoClose
    private final Opened opened = new Opened();

    @Test
    void aStepPendingWhenTheEmulatorWasKilledRunsOnceInItsTurnAfterTheRestart() {
        Crash crash = crashWithOneRunningAndTwoPending();
        Run after = crash.after();
        String clusterId = crash.clusterId();
        List<String> stepIds = crash.stepIds();
        after.emulator.resume();

        assertThat(after.launched).containsExactly(stepIds.get(1));
        after.runner.completeStep(clusterId, stepIds.get(1));
        assertThat(after.launched).containsExactly(stepIds.get(1), stepIds.get(2));
        after.runner.completeStep(clusterId, stepIds.get(2));
        assertThat(stepIds.stream().map(stepId -> after.describe(clusterId, stepId).status().state()))
                .containsExactly(StepState.FAILED, StepState.COMPLETED, StepState.COMPLETED);
        assertThat(crash.before().launched).containsExactly(stepIds.get(0));
    }

    @Test
    void aStepRunningWhenTheEmulatorWasKilledFailsSayingTheLocalStackStoppedAndListenersHearIt() {
        Run before = start(workspace.resolve("before"), new ScriptedStepRunner());
        String clusterId = before.emulator.createCluster(ClusterSpec.named("local"));
        String stepId = before.addSteps(clusterId, "running").get(0);
        Instant started = before.emulator.step(clusterId, stepId).timeline().start().orElseThrow();
        Path crashed = crashImage(before);

        Run after = start(crashed, new ScriptedStepRunner());
        List<StepEvent> heard = new CopyOnWriteArrayList<>();
        after.emulator.addStepListener(heard::add);
        Instant restarted = Instant.now();
        after.emulator.resume();

        Step failed = after.describe(clusterId, stepId);
        assertThat(failed.status().state()).isEqualTo(StepState.FAILED);
        assertThat(failed.status().failureDetails().reason()).isEqualTo(STOPPED_REASON);
        assertThat(failed.status().failureDetails().message())
                .isEqualTo("the step was not run again when the stack restarted; submit it again to rerun it");
        // EMR's times have milliseconds.
        assertThat(failed.status().timeline().startDateTime()).isEqualTo(started.truncatedTo(ChronoUnit.MILLIS));
        assertThat(failed.status().timeline().endDateTime()).isAfterOrEqualTo(restarted.truncatedTo(ChronoUnit.MILLIS));
        eventually(() -> assertThat(heard).singleElement().satisfies(event -> {
            assertThat(event.stepId()).isEqualTo(stepId);
            assertThat(event.state().name()).isEqualTo("FAILED");
        }));
        assertThat(after.emulator.cluster(clusterId).state()).isEqualTo(ClusterState.WAITING);
    }

    @Test
    void nothingRecoveredMovesBeforeResume() {
        Run before = start(workspace.resolve("before"), new ScriptedStepRunner());
        String clusterId = before.emulator.createCluster(ClusterSpec.named("local"));
        List<String> stepIds = before.addSteps(clusterId, "running", "pending");
        Path crashed = crashImage(before);

        Run after = start(crashed, new ScriptedStepRunner());
        String added = after.addSteps(clusterId, "added").get(0);

        assertThat(Stream.of(stepIds.get(0), stepIds.get(1), added).map(stepId -> after.describe(clusterId, stepId).status().state()))
                .containsExactly(StepState.RUNNING, StepState.PENDING, StepState.PENDING);
        assertThat(after.launched).isEmpty();
        after.emulator.resume();
        assertThat(after.launched).containsExactly(stepIds.get(1));
    }

    @Test
    void aStepRunningAtAnOrderlyCloseIsRecoveredAsOneThatRanNotAsTheKillOfTheClose() {
        Run before = start(workspace.resolve("data"), new ScriptedStepRunner());
        String clusterId = before.emulator.createCluster(ClusterSpec.named("local"));
        String stepId = before.addSteps(clusterId, "running").get(0);
        before.close();

        Run after = start(workspace.resolve("data"), new ScriptedStepRunner());
        after.emulator.resume();

        assertThat(after.describe(clusterId, stepId).status().failureDetails().reason()).isEqualTo(STOPPED_REASON);
    }

    @Test
    void aStepCancelPendingWhenTheEmulatorStoppedIsCancelled() {
        Run before = start(workspace.resolve("before"), new ScriptedStepRunner());
        String clusterId = before.emulator.createCluster(ClusterSpec.named("local"));
        String stepId = before.addSteps(clusterId, "stopping").get(0);
        before.emr.cancelSteps(request -> request.clusterId(clusterId).stepIds(stepId));
        assertThat(before.describe(clusterId, stepId).status().state()).isEqualTo(StepState.CANCEL_PENDING);
        Path crashed = crashImage(before);

        Run after = start(crashed, new ScriptedStepRunner());
        after.emulator.resume();

        Step cancelled = after.describe(clusterId, stepId);
        assertThat(cancelled.status().state()).isEqualTo(StepState.CANCELLED);
        assertThat(cancelled.status().failureDetails()).isNull();
    }

    @Test
    void clustersAndStepsAnswerAfterARestartAsTheyDidBefore() {
        Run before = start(workspace.resolve("data"), new ScriptedStepRunner());
        String clusterId = before.emulator.createCluster(ClusterSpec.named("local").withStepConcurrencyLevel(3)
                .withLogUri("file:///tmp/emr-logs/").withReleaseLabel("emr-7.1.0"));
        List<String> stepIds = before.addSteps(clusterId, "completes", "fails", "is-cancelled");
        before.runner.completeStep(clusterId, stepIds.get(0));
        before.runner.failStep(clusterId, stepIds.get(1), FailureDetails.of("Unknown Error.", "exit 1", "file:///tmp/stderr"));
        before.emr.cancelSteps(request -> request.clusterId(clusterId).stepIds(stepIds.get(2)));
        before.runner.stopStep(clusterId, stepIds.get(2));
        var cluster = before.emr.describeCluster(request -> request.clusterId(clusterId)).cluster();
        var steps = before.emr.listSteps(request -> request.clusterId(clusterId)).steps();
        List<Step> described = stepIds.stream().map(stepId -> before.describe(clusterId, stepId)).toList();
        before.close();

        Run after = start(workspace.resolve("data"), new ScriptedStepRunner());
        after.emulator.resume();

        assertThat(after.emr.describeCluster(request -> request.clusterId(clusterId)).cluster()).isEqualTo(cluster);
        assertThat(after.emr.listSteps(request -> request.clusterId(clusterId)).steps()).isEqualTo(steps);
        assertThat(stepIds.stream().map(stepId -> after.describe(clusterId, stepId))).containsExactlyElementsOf(described);
    }

    @Test
    void aRecoveredPendingStepCanBeCancelledAndNeverRuns() {
        Crash crash = crashWithOneRunningAndTwoPending();
        Run after = crash.after();
        String clusterId = crash.clusterId();
        List<String> stepIds = crash.stepIds();
        after.emulator.resume();

        var answer = after.emr.cancelSteps(request -> request.clusterId(clusterId).stepIds(stepIds.get(2)));
        after.runner.completeStep(clusterId, stepIds.get(1));

        assertThat(answer.cancelStepsInfoList()).singleElement()
                .satisfies(info -> assertThat(info.status()).isEqualTo(CancelStepsRequestStatus.SUBMITTED));
        assertThat(after.describe(clusterId, stepIds.get(2)).status().state()).isEqualTo(StepState.CANCELLED);
        assertThat(after.launched).containsExactly(stepIds.get(1));
    }

    @Test
    void aNewStepConcurrencyLevelAppliesToAKeptClusterFoundByName() {
        Crash crash = crashWithOneRunningAndTwoPending();
        Run after = crash.after();
        String clusterId = crash.clusterId();
        List<String> stepIds = crash.stepIds();
        String found = after.emulator.liveClusterNamed("local").orElseThrow().id();
        after.emulator.modifyStepConcurrencyLevel(found, 2);
        after.emulator.resume();

        assertThat(found).isEqualTo(clusterId);
        assertThat(after.emulator.cluster(clusterId).spec().stepConcurrencyLevel()).isEqualTo(2);
        assertThat(after.launched).containsExactly(stepIds.get(1), stepIds.get(2));
        assertThat(after.emulator.liveClusterNamed("elsewhere")).isEmpty();
    }

    @Test
    void aTerminatedClusterIsNotFoundByName() {
        Run run = start(workspace.resolve("data"), new ScriptedStepRunner());
        String old = run.emulator.createCluster(ClusterSpec.named("local"));
        run.emulator.terminateCluster(old, ClusterState.TERMINATED,
                ClusterStateChangeReason.of(ClusterStateChangeReasonCode.USER_REQUEST, "Terminated by user request"));
        assertThat(run.emulator.liveClusterNamed("local")).isEmpty();

        String newer = run.emulator.createCluster(ClusterSpec.named("local"));

        assertThat(run.emulator.liveClusterNamed("local")).map(cluster -> cluster.id()).hasValue(newer);
    }

    @Test
    void aTornLastRecordIsDroppedAndEverythingBeforeItRecovered() throws IOException {
        Run before = start(workspace.resolve("before"), new ScriptedStepRunner());
        String clusterId = before.emulator.createCluster(ClusterSpec.named("local"));
        List<String> stepIds = before.addSteps(clusterId, "running", "pending");
        Path crashed = crashImage(before);
        String journal = Files.readString(crashed.resolve("journal.jsonl"));
        String lastLine = journal.substring(journal.lastIndexOf('\n', journal.length() - 2) + 1);
        // The kill cut the write of a step added last: half its line, no line end.
        Files.writeString(crashed.resolve("journal.jsonl"),
                journal + lastLine.replace(stepIds.get(1), "s-TORN00000000").substring(0, lastLine.length() / 2));

        Run after = start(crashed, new ScriptedStepRunner());

        assertThat(after.emulator.steps(clusterId)).extracting(step -> step.id()).containsExactlyElementsOf(stepIds);
    }

    @Test
    void aProcessLeftFromAKilledRunIsKilledOnRestart() throws Exception {
        SleepRunner sleeper = new SleepRunner();
        Run before = start(workspace.resolve("before"), sleeper);
        String clusterId = before.emulator.createCluster(ClusterSpec.named("local"));
        before.addSteps(clusterId, "running");
        ProcessHandle leftBehind = sleeper.started.get(0).toHandle();
        Path crashed = crashImage(before);

        Run after = start(crashed, new ScriptedStepRunner());
        after.emulator.resume();

        assertThat(leftBehind.onExit().get(10, TimeUnit.SECONDS).isAlive()).isFalse();
    }

    @Test
    void aPendingStepStartsOnlyOnceTheProcessLeftFromAKilledRunIsGone() {
        SleepRunner sleeper = new SleepRunner();
        Run before = start(workspace.resolve("before"), sleeper);
        String clusterId = before.emulator.createCluster(ClusterSpec.named("local"));
        List<String> stepIds = before.addSteps(clusterId, "running", "pending");
        ProcessHandle leftBehind = sleeper.started.get(0).toHandle();
        Path crashed = crashImage(before);
        ScriptedStepRunner scripted = new ScriptedStepRunner();
        List<Boolean> leftBehindGoneAtStart = new CopyOnWriteArrayList<>();

        Run after = start(crashed, new StepRunner() {
            @Override
            public StepProcess start(StepLaunch launch, StepCallback callback) {
                leftBehindGoneAtStart.add(!leftBehind.isAlive());
                return scripted.start(launch, callback);
            }

            @Override
            public void close() {
                scripted.close();
            }
        });
        after.emulator.resume();

        // The kill waits outside the cluster's lock; the pending step still waits for the place it frees.
        assertThat(after.launched).containsExactly(stepIds.get(1));
        assertThat(leftBehindGoneAtStart).containsExactly(true);
    }

    @Test
    void aResumeThatComesOnlyOnceTheEmulatorClosedChangesNothing() {
        Run before = start(workspace.resolve("before"), new ScriptedStepRunner());
        String clusterId = before.emulator.createCluster(ClusterSpec.named("local"));
        before.addSteps(clusterId, "running", "pending");
        Path crashed = crashImage(before);
        Run after = start(crashed, new ScriptedStepRunner());
        after.emulator.close();

        // As when a close overtakes a resume that is killing the processes left from the last run.
        after.emulator.resume();

        assertThat(after.launched).isEmpty();
        assertThat(after.leftBehind).isEmpty();
        assertThat(after.emulator.steps(clusterId)).extracting(step -> step.state().name())
                .containsExactly("RUNNING", "PENDING");
    }

    @Test
    void theRunnerCleansUpAfterEachStepThatRanWhenTheEmulatorWasKilledOnlyOnResume() {
        Run before = start(workspace.resolve("before"), new ScriptedStepRunner());
        String clusterId = before.emulator.createCluster(ClusterSpec.named("local").withStepConcurrencyLevel(2)
                .withLogUri("file:///tmp/emr-logs/"));
        List<String> stepIds = before.addSteps(clusterId, "running", "stopping", "pending");
        before.emr.cancelSteps(request -> request.clusterId(clusterId).stepIds(stepIds.get(1)));
        Path crashed = crashImage(before);

        Run after = start(crashed, new ScriptedStepRunner());
        assertThat(after.leftBehind).isEmpty();
        after.emulator.resume();

        assertThat(after.leftBehind).extracting(StepLaunch::stepId).containsExactlyInAnyOrder(stepIds.get(0), stepIds.get(1));
        assertThat(after.leftBehind).allSatisfy(launch -> {
            assertThat(launch.clusterId()).isEqualTo(clusterId);
            assertThat(launch.logUri()).hasValue("file:///tmp/emr-logs/");
            assertThat(launch.hadoopJarStep().args()).startsWith("spark-submit");
        });
        assertThat(after.launched).containsExactly(stepIds.get(2));
    }

    /** Starts a persistent emulator on {@code directory}, and its SDK client; both closed after the test. */
    private Run start(Path directory, StepRunner runner) {
        List<String> launched = new CopyOnWriteArrayList<>();
        List<StepLaunch> leftBehind = new CopyOnWriteArrayList<>();
        EmrEmulator emulator = EmrEmulator.persistent(directory, new StepRunner() {
            @Override
            public StepProcess start(StepLaunch launch, StepCallback callback) {
                launched.add(launch.stepId());
                return runner.start(launch, callback);
            }

            @Override
            public void leftBehind(StepLaunch launch) {
                leftBehind.add(launch);
                runner.leftBehind(launch);
            }

            @Override
            public void close() {
                runner.close();
            }
        });
        Run run = new Run(directory, emulator, EmrFixture.clientFor(emulator),
                runner instanceof ScriptedStepRunner scripted ? scripted : null, launched, leftBehind);
        opened.add(run);
        return run;
    }

    /** The data directory of {@code run} as a crash would leave it now (see {@link EmrFixture#crashImage}). */
    /** An emulator that ran one step and held two pending when it was killed, and a new one opened on what it left. */
    private record Crash(Run before, Run after, String clusterId, List<String> stepIds) {
    }

    private Crash crashWithOneRunningAndTwoPending() {
        Run before = start(workspace.resolve("before"), new ScriptedStepRunner());
        String clusterId = before.emulator.createCluster(ClusterSpec.named("local"));
        List<String> stepIds = before.addSteps(clusterId, "running", "pending-1", "pending-2");
        return new Crash(before, start(crashImage(before), new ScriptedStepRunner()), clusterId, stepIds);
    }

    private Path crashImage(Run run) {
        return EmrFixture.crashImage(run.directory, workspace.resolve("crashed"));
    }

    /**
     * One run of a persistent emulator.
     *
     * @param runner the scripted runner the test ends steps with, if the run has one
     * @param launched the ids of the steps its runner was asked to start, in order
     * @param leftBehind the steps of the last run its runner was asked to clean up after
     */
    private record Run(Path directory, EmrEmulator emulator, EmrClient emr, ScriptedStepRunner runner, List<String> launched,
            List<StepLaunch> leftBehind) implements AutoCloseable {

        List<String> addSteps(String clusterId, String... names) {
            return emr.addJobFlowSteps(request -> request.jobFlowId(clusterId)
                    .steps(Stream.of(names).map(EmrFixture::sparkStep).toList())).stepIds();
        }

        Step describe(String clusterId, String stepId) {
            return emr.describeStep(request -> request.clusterId(clusterId).stepId(stepId)).step();
        }

        @Override
        public void close() {
            emr.close();
            emulator.close();
        }
    }

    /** Runs each step as a real process that sleeps, as a step's Spark or Flink JVM would run on. */
    private static final class SleepRunner implements StepRunner {

        final List<Process> started = new CopyOnWriteArrayList<>();

        @Override
        public StepProcess start(StepLaunch launch, StepCallback callback) {
            Process process;
            try {
                process = new ProcessBuilder("sleep", "600").start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            started.add(process);
            return new StepProcess() {
                @Override
                public void interrupt(StepCancellationOption option) {
                    process.destroyForcibly();
                }

                @Override
                public Optional<ProcessHandle> osProcess() {
                    return Optional.of(process.toHandle());
                }
            };
        }

        @Override
        public void close() {
            started.forEach(Process::destroyForcibly);
        }
    }
}
