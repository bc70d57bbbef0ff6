package dev.batchapi.local.emr.run;

import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.StepCancellationOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Plays steps for tests instead of running them. Each started step follows the most recently
 * added script that matches it, or {@link StepScript#runsUntilTold()}; the test ends steps with
 * {@link #completeStep}, {@link #failStep} and {@link #stopStep}. Timed scripts share one timer
 * thread: no thread waits per step.
 */
public final class ScriptedStepRunner implements StepRunner {

    private static final Logger LOG = Logger.getLogger(ScriptedStepRunner.class.getName());

    /** Reported when an interrupted process stops; the step becomes CANCELLED, so no one reads it. */
    private static final FailureDetails STOPPED_BY_INTERRUPT =
            FailureDetails.of("Interrupted", "The step's process stopped after an interrupt.", null);

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final Map<StepKey, ScriptedProcess> processes = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread daemon = new Thread(runnable, "emr-step-scripts");
        daemon.setDaemon(true);
        return daemon;
    });

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
        process.script.runTime().ifPresent(runTime -> after(runTime, process::runOver));
        return process;
    }

    @Override
    public void close() {
        timer.shutdownNow();
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

    /** Runs {@code action} on the timer; always later, never on the caller's thread (see StepCallback). */
    private void after(Duration delay, Runnable action) {
        timer.schedule(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "scripted step action failed", e);
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
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

        @Override
        public void interrupt(StepCancellationOption option) {
            interrupted = true;
            script.stopTime().ifPresent(stopTime -> after(stopTime, this::stop));
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
