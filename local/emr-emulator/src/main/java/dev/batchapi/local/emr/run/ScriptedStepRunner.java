package dev.batchapi.local.emr.run;

import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.StepCancellationOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Plays steps for tests instead of running them. Each started step follows the most recently
 * added script that matches it, or {@link StepScript#runsUntilTold()}; the test ends steps with
 * {@link #completeStep}, {@link #failStep} and {@link #stopStep}. Timed scripts act on a
 * {@link StepTimer}. A process is forgotten once its step's end is reported.
 */
public final class ScriptedStepRunner implements StepRunner {

    private static final Logger LOG = Logger.getLogger(ScriptedStepRunner.class.getName());

    /**
     * Reported when an interrupted process stops; no one reads it: the step becomes CANCELLED, or the
     * cluster that killed it is shut down and ended the step already.
     */
    private static final FailureDetails STOPPED_BY_INTERRUPT =
            FailureDetails.of("Interrupted", "The step's process stopped after an interrupt.", null);

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<StepKey, ScriptedProcess> processes = new ConcurrentHashMap<>();
    private final StepTimer timer;

    /** Timed scripts act on a timer thread of the runner's own. */
    public ScriptedStepRunner() {
        this(StepTimer.onDaemonThread());
    }

    /** Timed scripts act on {@code timer}, which the runner owns and closes; a test's timer lets it say when. */
    public ScriptedStepRunner(StepTimer timer) {
        this.timer = Objects.requireNonNull(timer, "timer");
    }

    /** Steps started from now on that {@code which} accepts follow {@code script}. */
    public void script(Predicate<StepLaunch> which, StepScript script) {
        // First in the list is the most recent, so a test can override an earlier script.
        rules.add(0, new Rule(which, script));
    }

    public void scriptNamed(String stepName, StepScript script) {
        script(launch -> launch.name().equals(stepName), script);
    }

    /** For steps whose args contain {@code arg}, e.g. the application's main class or script. */
    public void scriptArgsContaining(String arg, StepScript script) {
        script(launch -> launch.hadoopJarStep().args().contains(arg), script);
    }

    /** The running step's process exits with status 0 (a CANCEL_PENDING step then ends CANCELLED). */
    public void completeStep(String clusterId, String stepId) {
        process(clusterId, stepId).complete();
    }

    /** The running step's process fails (a CANCEL_PENDING step then ends CANCELLED). */
    public void failStep(String clusterId, String stepId, FailureDetails details) {
        process(clusterId, stepId).fail(details);
    }

    /** The interrupted step's process stops: CANCEL_PENDING becomes CANCELLED. */
    public void stopStep(String clusterId, String stepId) {
        process(clusterId, stepId).stop();
    }

    @Override
    public StepProcess start(StepLaunch launch, StepCallback callback) {
        StepKey key = new StepKey(launch.clusterId(), launch.stepId());
        ScriptedProcess process = new ScriptedProcess(key, callback, scriptFor(launch));
        processes.put(key, process);
        try {
            process.script.runTime().ifPresent(runTime -> after(runTime, process::runOver));
        } catch (RuntimeException timerClosed) {
            processes.remove(key, process); // the step failed to start: it has no process to end
            throw timerClosed;
        }
        return process;
    }

    @Override
    public void close() {
        timer.close();
    }

    private StepScript scriptFor(StepLaunch launch) {
        return rules.stream()
                .filter(rule -> rule.which().test(launch))
                .map(Rule::script)
                .findFirst()
                .orElseGet(StepScript::runsUntilTold);
    }

    private ScriptedProcess process(String clusterId, String stepId) {
        ScriptedProcess process = processes.get(new StepKey(clusterId, stepId));
        if (process == null) {
            throw new IllegalStateException("step " + stepId + " of " + clusterId + " is not running (not started yet, or ended)");
        }
        return process;
    }

    /** Runs {@code action} on the timer: always later, never from inside start or interrupt (see StepCallback). */
    private void after(Duration delay, Runnable action) {
        timer.schedule(delay, () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "scripted step action failed", e);
            }
        });
    }

    private record Rule(Predicate<StepLaunch> which, StepScript script) {
    }

    private record StepKey(String clusterId, String stepId) {
    }

    private final class ScriptedProcess implements StepProcess {

        private final StepKey key;
        private final StepCallback callback;
        private final StepScript script;
        private final AtomicBoolean ended = new AtomicBoolean();
        private volatile boolean interrupted;

        ScriptedProcess(StepKey key, StepCallback callback, StepScript script) {
            this.key = key;
            this.callback = callback;
            this.script = script;
        }

        /** TERMINATE_PROCESS is SIGKILL: the process is gone at once, whatever its script says about stopping. */
        @Override
        public void interrupt(StepCancellationOption option) {
            interrupted = true;
            Optional<Duration> stopTime = option == StepCancellationOption.TERMINATE_PROCESS
                    ? Optional.of(Duration.ZERO) : script.stopTime();
            stopTime.ifPresent(time -> after(time, this::stop));
        }

        void complete() {
            end(callback::completed);
        }

        void fail(FailureDetails details) {
            end(() -> callback.failed(details));
        }

        void runOver() {
            script.failure().ifPresentOrElse(this::fail, this::complete);
        }

        void stop() {
            if (!interrupted) {
                throw new IllegalStateException("step " + key.stepId() + " was not interrupted");
            }
            fail(STOPPED_BY_INTERRUPT);
        }

        /** Reports the end once: whichever of the test and the timers comes first wins. */
        private void end(Runnable report) {
            if (ended.compareAndSet(false, true)) {
                processes.remove(key, this);
                report.run();
            }
        }
    }
}
