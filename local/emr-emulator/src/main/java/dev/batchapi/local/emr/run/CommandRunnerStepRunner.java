package dev.batchapi.local.emr.run;

import dev.batchapi.local.awsjson.DaemonThreads;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.HadoopJarStep;
import dev.batchapi.local.emr.step.StepCancellationOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs each command-runner.jar step for real, as the {@link LocalProgram} named by its first argument
 * turns it into a local process (spark-submit in Spark's local mode, flink run on a MiniCluster), a
 * process of its own, so a kill stops that process and nothing else. The process's stdout and stderr
 * go where EMR puts step logs; its exit decides the step's end (0 COMPLETED, else FAILED with the
 * error the program printed). Each process has a scratch directory for its temporary files, deleted
 * once it is gone, or, for a process a crash left behind, once the restart has killed it.
 * SEND_INTERRUPT is SIGTERM to the process, and SIGKILL to it and its children if it is still there
 * after a bound; TERMINATE_PROCESS is SIGKILL at once.
 */
public final class CommandRunnerStepRunner implements StepRunner {

    private static final Logger LOG = Logger.getLogger(CommandRunnerStepRunner.class.getName());
    private static final String COMMAND_RUNNER = "command-runner.jar";
    private static final String FAILURE_REASON = "Unknown Error.";
    /** How long a process may take to stop after SIGTERM before it is killed. */
    private static final Duration KILL_AFTER = Duration.ofSeconds(10);
    /** How long closing waits for the killed processes to be gone, and for their exits' reports. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(10);

    private final Map<String, LocalProgram> programs;
    private final Path defaultLogRoot;
    private final StepTimer timer;
    private final Duration killAfter;
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    // Reports, and the clean-up after a step left from the last run, go from here: never from start,
    // interrupt or leftBehind, which run under the cluster's lock.
    private final ExecutorService reports = Executors.newSingleThreadExecutor(DaemonThreads.named("local-step-reports"));

    /** @param defaultLogRoot where logs go for a cluster without a local LogUri */
    public CommandRunnerStepRunner(List<LocalProgram> programs, Path defaultLogRoot) {
        this(programs, defaultLogRoot, StepTimer.onDaemonThread(), KILL_AFTER);
    }

    /** @param timer when a process that outlives SIGTERM by {@code killAfter} is killed; the runner closes it */
    public CommandRunnerStepRunner(List<LocalProgram> programs, Path defaultLogRoot, StepTimer timer, Duration killAfter) {
        this.programs = programs.stream().collect(Collectors.toUnmodifiableMap(LocalProgram::name, Function.identity()));
        this.defaultLogRoot = defaultLogRoot;
        this.timer = timer;
        this.killAfter = killAfter;
    }

    @Override
    public StepProcess start(StepLaunch launch, StepCallback callback) {
        StepFiles files = StepFiles.of(launch, defaultLogRoot);
        LocalCommand plan = plan(launch.hadoopJarStep(), files.scratch());
        if (plan instanceof LocalCommand.Refuse refusal) {
            write(files.stderr(), refusal.reason());
            write(files.controller(), Instant.now() + " INFO Step " + launch.stepId() + " refused: " + refusal.reason());
            reports.execute(() -> callback.failed(failure(refusal.reason(), files)));
            return option -> { };
        }
        LocalCommand.Run run = (LocalCommand.Run) plan;
        write(files.controller(), Instant.now() + " INFO Running step " + launch.stepId() + ": " + String.join(" ", run.command()));
        Process process;
        try {
            Files.createDirectories(files.scratch());
            ProcessBuilder builder = new ProcessBuilder(run.command())
                    .directory(files.directory().toFile())
                    .redirectOutput(files.stdout().toFile())
                    .redirectError(files.stderr().toFile());
            builder.environment().putAll(run.environment());
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + run.command().get(0), e);
        }
        running.put(launch.stepId(), new Running(process, files));
        LocalProgram program = programs.get(launch.hadoopJarStep().args().get(0));
        process.onExit().thenAcceptAsync(exited -> exited(launch.stepId(), program, files, exited.exitValue(), callback), reports);
        return new StepProcess() {
            @Override
            public void interrupt(StepCancellationOption option) {
                stop(process, option);
            }

            @Override
            public Optional<ProcessHandle> osProcess() {
                return Optional.of(process.toHandle());
            }
        };
    }

    /**
     * Reports the end in every case: a step whose end went unreported would stay RUNNING and hold its
     * place for good. If its logs cannot be written or read (their folder was deleted, the disk is
     * full), the step FAILED, saying so, whatever its exit code.
     */
    private void exited(String stepId, LocalProgram program, StepFiles files, int code, StepCallback callback) {
        String exitedWith = program.name() + " exited with code " + code;
        Optional<String> failure = code == 0 ? Optional.empty() : Optional.of(exitedWith);
        try {
            running.remove(stepId);
            deleteScratch(files);
            write(files.controller(), Instant.now() + " INFO Step " + stepId + " exited with code " + code);
            if (code != 0) {
                failure = Optional.of(program.failureMessage(files.stderr()).orElse(exitedWith));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cannot record the end of step " + stepId, e);
            failure = Optional.of(exitedWith + ", but its logs could not be kept: " + e.getMessage());
        } finally {
            failure.map(message -> failure(message, files)).ifPresentOrElse(callback::failed, callback::completed);
        }
    }

    /** The step's process went with the run that started it: its scratch directory, left behind, goes now. */
    @Override
    public void leftBehind(StepLaunch launch) {
        StepFiles files = StepFiles.of(launch, defaultLogRoot);
        reports.execute(() -> deleteScratch(files));
    }

    /** The processes of the steps still running, e.g. for a test to check that a kill ended one. */
    public Map<String, ProcessHandle> runningProcesses() {
        Map<String, ProcessHandle> handles = new ConcurrentHashMap<>();
        running.forEach((stepId, step) -> handles.put(stepId, step.process().toHandle()));
        return Map.copyOf(handles);
    }

    /**
     * Kills every step still running at once (a SIGTERM's bound is not waited for), waits for them to
     * be gone, and deletes their scratch directories. Their exits are still reported: a persistent
     * emulator froze its clusters before it closed its runner, so it ignores them and recovers each
     * step as one that ran.
     */
    @Override
    public void close() {
        running.values().forEach(step -> OsProcess.killTree(step.process().toHandle()));
        for (Running step : running.values()) {
            try {
                step.process().waitFor(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        timer.close();
        reports.shutdown();
        try {
            // The exit reports already queued delete their step's scratch: none is left half done.
            reports.awaitTermination(CLOSE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The steps whose exit came too late to be reported: their scratch goes now.
        running.values().forEach(step -> deleteScratch(step.files()));
    }

    private LocalCommand plan(HadoopJarStep step, Path scratch) {
        if (!step.jar().equals(COMMAND_RUNNER)) {
            return new LocalCommand.Refuse("The local stack runs command-runner.jar steps only, not " + step.jar());
        }
        if (step.args().isEmpty()) {
            return new LocalCommand.Refuse("The step has no command");
        }
        String name = step.args().get(0);
        LocalProgram program = programs.get(name);
        if (program == null) {
            return new LocalCommand.Refuse("The local stack's command-runner.jar runs "
                    + String.join(" and ", new TreeSet<>(programs.keySet())) + " only, not " + name);
        }
        return program.plan(step.args().subList(1, step.args().size()), scratch);
    }

    private void stop(Process process, StepCancellationOption option) {
        if (option == StepCancellationOption.TERMINATE_PROCESS) {
            OsProcess.killTree(process.toHandle());
        } else {
            process.destroy();
            timer.schedule(killAfter, () -> {
                if (process.isAlive()) {
                    OsProcess.killTree(process.toHandle());
                }
            });
        }
    }

    /** Best effort: what a process left in its scratch directory is of no use once it is gone. */
    private static void deleteScratch(StepFiles files) {
        try (Stream<Path> paths = Files.walk(files.scratch())) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (NoSuchFileException e) {
            // deleted already
        } catch (IOException | UncheckedIOException e) {
            LOG.log(Level.WARNING, "cannot delete " + files.scratch(), e);
        }
    }

    private record Running(Process process, StepFiles files) {
    }

    private static FailureDetails failure(String message, StepFiles files) {
        return FailureDetails.of(FAILURE_REASON, message, files.stderr().toUri().toString());
    }

    private static void write(Path file, String line) {
        try {
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
