package dev.batchapi.local.emr.spark;

import dev.batchapi.local.awsjson.DaemonThreads;
import dev.batchapi.local.emr.run.StepCallback;
import dev.batchapi.local.emr.run.StepLaunch;
import dev.batchapi.local.emr.run.StepProcess;
import dev.batchapi.local.emr.run.StepRunner;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.StepCancellationOption;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs each step for real: its spark-submit in Spark's local mode, as a process of its own, so a
 * kill stops that process and nothing else. The process's stdout and stderr go where EMR puts step
 * logs; its exit decides the step's end (0 COMPLETED, else FAILED with the error Spark printed).
 * SEND_INTERRUPT is SIGTERM to the process, TERMINATE_PROCESS is SIGKILL to it and its children.
 */
public final class SparkStepRunner implements StepRunner {

    private static final Logger LOG = Logger.getLogger(SparkStepRunner.class.getName());
    private static final String COMMAND_RUNNER = "command-runner.jar";
    private static final String FAILURE_REASON = "Unknown Error.";

    private final SparkInstallation spark;
    private final Path defaultLogRoot;
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    // Reports leave from here: never from start or interrupt, which run under the cluster's lock.
    private final ExecutorService reports = Executors.newSingleThreadExecutor(DaemonThreads.named("spark-step-reports"));

    /** @param defaultLogRoot where logs go for a cluster without a local LogUri */
    public SparkStepRunner(SparkInstallation spark, Path defaultLogRoot) {
        this.spark = spark;
        this.defaultLogRoot = defaultLogRoot;
    }

    @Override
    public StepProcess start(StepLaunch launch, StepCallback callback) {
        StepFiles files = StepFiles.of(launch, defaultLogRoot);
        LocalSparkSubmit.Plan plan = launch.hadoopJarStep().jar().equals(COMMAND_RUNNER)
                ? LocalSparkSubmit.plan(launch.hadoopJarStep().args(), spark)
                : new LocalSparkSubmit.Refuse("The local stack runs command-runner.jar steps only, not "
                        + launch.hadoopJarStep().jar());
        if (plan instanceof LocalSparkSubmit.Refuse refusal) {
            write(files.stderr(), refusal.reason());
            write(files.controller(), Instant.now() + " INFO Step " + launch.stepId() + " refused: " + refusal.reason());
            reports.execute(() -> callback.failed(failure(refusal.reason(), files)));
            return option -> { };
        }
        List<String> command = ((LocalSparkSubmit.Run) plan).command();
        write(files.controller(), Instant.now() + " INFO Running step " + launch.stepId() + ": " + String.join(" ", command));
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(files.directory().toFile())
                    .redirectOutput(files.stdout().toFile())
                    .redirectError(files.stderr().toFile());
            // Spark would bind to the host's public address otherwise; the local stack is loopback only.
            builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command.get(0), e);
        }
        running.put(launch.stepId(), process);
        process.onExit().thenAcceptAsync(exited -> {
            running.remove(launch.stepId());
            int code = exited.exitValue();
            write(files.controller(), Instant.now() + " INFO Step " + launch.stepId() + " exited with code " + code);
            if (code == 0) {
                callback.completed();
            } else {
                callback.failed(failure(errorLine(files.stderr()).orElse("spark-submit exited with code " + code), files));
            }
        }, reports);
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

    /** The processes of the steps still running, e.g. for a test to check that a kill ended one. */
    public Map<String, ProcessHandle> runningProcesses() {
        Map<String, ProcessHandle> handles = new ConcurrentHashMap<>();
        running.forEach((stepId, process) -> handles.put(stepId, process.toHandle()));
        return Map.copyOf(handles);
    }

    /** Kills every step still running and waits for them to be gone. */
    @Override
    public void close() {
        running.values().forEach(process -> stop(process, StepCancellationOption.TERMINATE_PROCESS));
        for (Process process : running.values()) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        reports.shutdown();
    }

    private static void stop(Process process, StepCancellationOption option) {
        if (option == StepCancellationOption.TERMINATE_PROCESS) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        } else {
            process.destroy();
        }
    }

    private static FailureDetails failure(String message, StepFiles files) {
        return FailureDetails.of(FAILURE_REASON, message, files.stderr().toUri().toString());
    }

    /**
     * The last line of stderr that states an error (not a stack frame), as EMR's FailureDetails quote
     * it. A missing file is only a warning to spark-submit ("Local jar … does not exist, skipping")
     * before the error it causes ("Failed to load class …"), so that warning leads the message.
     */
    private static Optional<String> errorLine(Path stderr) {
        String error = null;
        String missingFile = null;
        try (BufferedReader lines = Files.newBufferedReader(stderr, StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("\t")) {
                    continue;
                }
                if (line.contains("does not exist") || line.contains("No such file")) {
                    missingFile = line.replaceFirst("^.*? (WARN|ERROR) ", "").strip();
                } else if (line.contains("Exception") || line.contains("Error:")) {
                    error = line.strip();
                }
            }
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read " + stderr, e);
        }
        if (error == null) {
            return Optional.ofNullable(missingFile);
        }
        return Optional.of(missingFile == null ? error : missingFile + " " + error);
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
