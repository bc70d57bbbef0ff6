package dev.batchapi.local.emr.cluster;

import dev.batchapi.local.emr.run.OsProcess;
import dev.batchapi.local.emr.run.StepCallback;
import dev.batchapi.local.emr.run.StepLaunch;
import dev.batchapi.local.emr.run.StepProcess;
import dev.batchapi.local.emr.run.StepRunner;
import dev.batchapi.local.emr.step.ActionOnFailure;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepCancellation;
import dev.batchapi.local.emr.step.StepCancellationOption;
import dev.batchapi.local.emr.step.StepConfig;
import dev.batchapi.local.emr.step.StepEvent;
import dev.batchapi.local.emr.step.StepEventDispatcher;
import dev.batchapi.local.emr.step.StepPage;
import dev.batchapi.local.emr.step.StepQuery;
import dev.batchapi.local.emr.step.StepState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One cluster and its steps, and the scheduling EMR does on them. Every change, whether it comes
 * from the API, a test or a step runner, is made under the cluster's one lock, so the rules hold
 * at every moment anyone can look: steps start in submission order, at most StepConcurrencyLevel
 * run at once, and the cluster is RUNNING exactly while some step runs. Each change is recorded in
 * the {@link ClusterJournal} before it is made.
 *
 * <p>A cluster recovered from a data directory holds still until {@link #resume()}: the steps that
 * ran when the emulator stopped keep their places, and no pending step starts.
 */
final class LiveCluster {

    /** AddJobFlowSteps refuses a step beyond 256 PENDING, RUNNING or CANCEL_PENDING ones. */
    static final int MAX_ACTIVE_STEPS = 256;
    /** ListSteps answers at most 50 steps a call. */
    static final int LIST_PAGE_SIZE = 50;
    /** ListSteps sees a cluster's newest 1000 steps only. */
    static final int LIST_VISIBLE_STEPS = 1000;

    /** Why a step that ran when the emulator stopped has FAILED: in words its batch's user reads. */
    static final FailureDetails STOPPED_WHILE_RUNNING = FailureDetails.of("The local stack stopped while the step ran",
            "the step was not run again when the stack restarted; submit it again to rerun it", null);
    /** How long a restart waits for a step's process left from the last run to be gone once killed. */
    private static final Duration LEFT_BEHIND_KILL_WAIT = Duration.ofSeconds(10);

    private static final Logger LOG = Logger.getLogger(LiveCluster.class.getName());

    private final String id;
    private final StepRunner runner;
    private final StepEventDispatcher events;
    private final Clock clock;
    private final EmrIds ids;
    private final ClusterJournal journal;
    private final ReentrantLock lock = new ReentrantLock();

    // All guarded by lock.
    private Cluster cluster;
    /** Every step in submission order; a step's position is its index. */
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, Integer> positions = new HashMap<>();
    /** PENDING steps, oldest first: the order EMR starts them in. */
    private final Deque<String> pending = new ArrayDeque<>();
    /** The processes of RUNNING and CANCEL_PENDING steps: each holds a place until it is gone. */
    private final Map<String, StepProcess> processes = new LinkedHashMap<>();
    /** The operating system's processes among those, as the journal has them. */
    private final Map<String, OsProcess> osProcesses = new HashMap<>();
    /** False while a recovered cluster holds still. */
    private boolean resumed;
    /** Once the emulator closes, what its runner reports (it kills the processes) changes nothing. */
    private boolean stopped;

    /** A new cluster, which the caller has recorded in the journal. */
    LiveCluster(Cluster cluster, StepRunner runner, StepEventDispatcher events, Clock clock, EmrIds ids, ClusterJournal journal) {
        this.id = cluster.id();
        this.cluster = cluster;
        this.runner = runner;
        this.events = events;
        this.clock = clock;
        this.ids = ids;
        this.journal = journal;
        this.resumed = true;
    }

    /**
     * A cluster as a data directory kept it, holding still until {@link #resume()}. Its steps that
     * were running hold their places with the process they had, if any: one left from the last run.
     */
    static LiveCluster recovered(ClusterRecord kept, StepRunner runner, StepEventDispatcher events, Clock clock,
            EmrIds ids, ClusterJournal journal) {
        LiveCluster live = new LiveCluster(kept.cluster(), runner, events, clock, ids, journal);
        live.resumed = false;
        for (Step step : kept.steps()) {
            live.positions.put(step.id(), live.steps.size());
            live.steps.add(step);
            if (step.state() == StepState.PENDING) {
                live.pending.add(step.id());
            } else if (step.state().isActive()) {
                Optional<OsProcess> leftBehind = Optional.ofNullable(kept.processes().get(step.id()));
                live.processes.put(step.id(), new LeftBehind(leftBehind));
                leftBehind.ifPresent(process -> live.osProcesses.put(step.id(), process));
            }
        }
        return live;
    }

    String id() {
        return id;
    }

    Cluster describe() {
        return locked(() -> cluster);
    }

    Step step(String stepId) {
        return locked(() -> {
            Integer position = positions.get(stepId);
            if (position == null) {
                throw EmrErrors.unknownStep(stepId);
            }
            return steps.get(position);
        });
    }

    List<Step> steps() {
        return locked(() -> List.copyOf(steps));
    }

    /** What a data directory keeps of the cluster now. */
    ClusterRecord record() {
        return locked(() -> new ClusterRecord(cluster, steps, osProcesses));
    }

    List<String> addSteps(List<StepConfig> configs, Optional<String> executionRoleArn) {
        return locked(() -> {
            checkCanAdd(configs);
            Instant now = clock.instant();
            List<String> added = new ArrayList<>();
            for (StepConfig config : configs) {
                Step step = Step.added(newStepId(), config, executionRoleArn, now);
                journal.stepChanged(id, step);
                positions.put(step.id(), steps.size());
                steps.add(step);
                pending.add(step.id());
                publish(step, now);
                added.add(step.id());
            }
            settle(now);
            return added;
        });
    }

    StepPage listSteps(StepQuery query) {
        return locked(() -> {
            int below = query.marker().map(ListStepsMarker::position).map(p -> Math.min(p, steps.size())).orElse(steps.size());
            int oldestVisible = Math.max(0, steps.size() - LIST_VISIBLE_STEPS);
            List<Step> page = new ArrayList<>();
            for (int position = below - 1; position >= oldestVisible; position--) {
                Step step = steps.get(position);
                if (!query.matches(step)) {
                    continue;
                }
                if (page.size() == LIST_PAGE_SIZE) {
                    return new StepPage(page, Optional.of(ListStepsMarker.before(position + 1)));
                }
                page.add(step);
            }
            return new StepPage(page, Optional.empty());
        });
    }

    List<StepCancellation> cancelSteps(List<String> stepIds, StepCancellationOption option) {
        return locked(() -> {
            Instant now = clock.instant();
            List<StepCancellation> answers = stepIds.stream().map(stepId -> cancel(stepId, option, now)).toList();
            settle(now);
            return answers;
        });
    }

    /** A STARTING or BOOTSTRAPPING cluster becomes ready: WAITING, and it starts its pending steps. */
    void markReady() {
        locked(() -> {
            if (cluster.state().runsSteps() || cluster.state().isTerminated()) {
                throw new IllegalStateException("cluster " + id + " is " + cluster.state() + ", not starting");
            }
            Instant now = clock.instant();
            moveCluster(ClusterState.WAITING, now);
            settle(now);
        });
    }

    /**
     * A recovered cluster moves again. The steps that ran when the emulator stopped are over: each
     * process left from that run is killed if it still runs (it writes into the step's logs, and
     * nobody would hear of its end), and the runner cleans up after it; a CANCEL_PENDING step is
     * CANCELLED, as EMR ends one whose process is gone, and a RUNNING one FAILED, saying that the
     * stack stopped; the pending steps then start in their turn. The end time is now: the last run
     * left no word of when it stopped, and its process may have run until this moment.
     *
     * <p>The processes are killed, and waited for, outside the lock, so that no call on the cluster
     * waits for them meanwhile. The cluster holds still until they are gone: their steps keep their
     * places, and no pending step starts beside them.
     */
    void resume() {
        List<OsProcess> leftBehind = locked(() -> resumed ? List.<OsProcess>of() : List.copyOf(osProcesses.values()));
        leftBehind.forEach(process -> killLeftBehind(process, LEFT_BEHIND_KILL_WAIT));
        locked(() -> {
            if (resumed || stopped) {
                return;
            }
            resumed = true;
            Instant now = clock.instant();
            for (String stepId : List.copyOf(processes.keySet())) {
                if (forgetProcess(stepId) == null) {
                    continue; // a failure's action shut the cluster down, which ended this step too
                }
                Step step = current(stepId);
                cleanUp(launchOf(step));
                Step ended = replace(step.state() == StepState.CANCEL_PENDING ? step.movedTo(StepState.CANCELLED, now)
                        : step.failed(STOPPED_WHILE_RUNNING, now), now);
                if (ended.state() == StepState.FAILED) {
                    actOnFailure(ended, now);
                }
            }
            settle(now);
        });
    }

    /** As ModifyCluster's StepConcurrencyLevel: pending steps start at once if the new level lets them. */
    void modifyStepConcurrencyLevel(int level) {
        locked(() -> {
            if (!cluster.state().acceptsSteps()) {
                throw EmrErrors.clusterNotModifiable();
            }
            changeCluster(cluster.withSpec(cluster.spec().withStepConcurrencyLevel(level)));
            settle(clock.instant());
        });
    }

    /** The emulator closes: from now on, the runner's reports of the processes it kills are ignored. */
    void stop() {
        locked(() -> {
            stopped = true;
        });
    }

    /** Shuts the cluster down at once; a cluster already terminated stays as it is. */
    void terminate(ClusterState terminalState, ClusterStateChangeReason reason) {
        if (!terminalState.isTerminated()) {
            throw new IllegalArgumentException("a cluster terminates as TERMINATED or TERMINATED_WITH_ERRORS, not " + terminalState);
        }
        locked(() -> shutDown(terminalState, reason, clock.instant()));
    }

    /**
     * Refuses the steps as AddJobFlowSteps does. Under the lock, or on a cluster no one else knows
     * of yet: RunJobFlow asks before it makes the cluster known.
     */
    void checkCanAdd(List<StepConfig> configs) {
        if (!cluster.state().acceptsSteps()) {
            throw EmrErrors.clusterNotModifiable();
        }
        int level = cluster.spec().stepConcurrencyLevel();
        if (level > 1) {
            // EMR cannot cancel or shut down around steps that run side by side, so it refuses to try.
            configs.stream()
                    .map(StepConfig::actionOnFailure)
                    .filter(action -> action != ActionOnFailure.CONTINUE)
                    .findFirst()
                    .ifPresent(action -> {
                        throw EmrErrors.actionOnFailureNotAllowed(action, level);
                    });
        }
        if (pending.size() + processes.size() + configs.size() > MAX_ACTIVE_STEPS) {
            throw EmrErrors.tooManyActiveSteps();
        }
    }

    private StepCancellation cancel(String stepId, StepCancellationOption option, Instant now) {
        Integer position = positions.get(stepId);
        if (position == null) {
            return StepCancellation.failed(stepId, "Step " + stepId + " is not a step of cluster " + id + ".");
        }
        Step step = steps.get(position);
        return switch (step.state()) {
            case PENDING -> {
                pending.remove(stepId);
                replace(step.movedTo(StepState.CANCELLED, now), now);
                yield StepCancellation.submitted(stepId);
            }
            case RUNNING, CANCEL_PENDING -> {
                // CANCEL_PENDING until the runner says the process is gone; asking again is harmless.
                replace(step.cancelRequested(option, now), now);
                interrupt(stepId, processes.get(stepId), option);
                yield StepCancellation.submitted(stepId);
            }
            case COMPLETED, CANCELLED, FAILED, INTERRUPTED ->
                    StepCancellation.failed(stepId, "Step " + stepId + " is already " + step.state() + " and cannot be cancelled.");
        };
    }

    /** The runner says a step's process ended. */
    private void processEnded(String stepId, Optional<FailureDetails> failure) {
        if (lock.isHeldByCurrentThread()) {
            throw new IllegalStateException("a StepRunner reported step " + stepId
                    + " from inside start or interrupt; it must report later, from its own thread");
        }
        locked(() -> {
            if (stopped || forgetProcess(stepId) == null) {
                return; // the emulator closed, or the cluster ended the step already (it shut down)
            }
            Instant now = clock.instant();
            Step step = current(stepId);
            Step ended = step.state() == StepState.CANCEL_PENDING ? step.movedTo(StepState.CANCELLED, now)
                    : failure.map(details -> step.failed(details, now)).orElseGet(() -> step.movedTo(StepState.COMPLETED, now));
            replace(ended, now);
            if (ended.state() == StepState.FAILED) {
                actOnFailure(ended, now);
            }
            settle(now);
        });
    }

    /** Does what the failed step's ActionOnFailure asks of the cluster. */
    private void actOnFailure(Step failed, Instant now) {
        ActionOnFailure action = failed.config().actionOnFailure();
        if (action.terminatesCluster()) {
            shutDown(ClusterState.TERMINATED_WITH_ERRORS,
                    ClusterStateChangeReason.of(ClusterStateChangeReasonCode.STEP_FAILURE, "Shut down as step failed"), now);
        } else if (action == ActionOnFailure.CANCEL_AND_WAIT) {
            cancelPendingSteps(now);
        }
    }

    /** After every change: start what may start, then show RUNNING or WAITING, or auto-terminate. */
    private void settle(Instant now) {
        if (!resumed) {
            return;
        }
        while (cluster.state().runsSteps() && processes.size() < cluster.spec().stepConcurrencyLevel() && !pending.isEmpty()) {
            start(pending.poll(), now);
        }
        if (!cluster.state().runsSteps()) {
            return;
        }
        boolean idle = pending.isEmpty() && processes.isEmpty();
        if (idle && cluster.spec().autoTerminate()) {
            shutDown(ClusterState.TERMINATED,
                    ClusterStateChangeReason.of(ClusterStateChangeReasonCode.ALL_STEPS_COMPLETED, "Steps completed"), now);
        } else {
            moveCluster(processes.isEmpty() ? ClusterState.WAITING : ClusterState.RUNNING, now);
        }
    }

    private void start(String stepId, Instant now) {
        Step running = replace(current(stepId).movedTo(StepState.RUNNING, now), now);
        StepLaunch launch = launchOf(running);
        StepProcess process;
        try {
            process = runner.start(launch, new Reporter(stepId));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "step " + stepId + " failed to start", e);
            Step failed = replace(running.failed(FailureDetails.of("Step failed to start", String.valueOf(e.getMessage()), null), now), now);
            actOnFailure(failed, now);
            return;
        }
        processes.put(stepId, process);
        process.osProcess().flatMap(OsProcess::of).ifPresent(osProcess -> {
            journal.processStarted(id, stepId, osProcess);
            osProcesses.put(stepId, osProcess);
        });
    }

    private StepLaunch launchOf(Step step) {
        return new StepLaunch(id, step.id(), step.name(), step.config().hadoopJarStep(), step.executionRoleArn(),
                cluster.spec().logUri());
    }

    /** Hands a step left from the last run to the runner, without letting a faulty runner stop the resume. */
    private void cleanUp(StepLaunch leftBehind) {
        try {
            runner.leftBehind(leftBehind);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "cleaning up after step " + leftBehind.stepId() + " failed", e);
        }
    }

    /** The step no longer holds a place: its process is gone, or going. Returns that process, or null. */
    private StepProcess forgetProcess(String stepId) {
        osProcesses.remove(stepId);
        return processes.remove(stepId);
    }

    /** EMR cancels the pending steps and interrupts the running ones when a cluster shuts down. */
    private void shutDown(ClusterState terminalState, ClusterStateChangeReason reason, Instant now) {
        if (cluster.state().isTerminated()) {
            return;
        }
        cancelPendingSteps(now);
        processes.forEach((stepId, process) -> {
            Step step = current(stepId);
            StepState ended = step.state() == StepState.CANCEL_PENDING ? StepState.CANCELLED : StepState.INTERRUPTED;
            replace(step.movedTo(ended, now), now);
            interrupt(stepId, process, StepCancellationOption.TERMINATE_PROCESS);
        });
        processes.clear();
        osProcesses.clear();
        changeCluster(cluster.withStatus(cluster.status().movedTo(terminalState, reason, now)));
    }

    private void cancelPendingSteps(Instant now) {
        pending.forEach(stepId -> replace(current(stepId).movedTo(StepState.CANCELLED, now), now));
        pending.clear();
    }

    private void moveCluster(ClusterState next, Instant now) {
        if (cluster.state() == next) {
            return;
        }
        boolean anyStepEnded = steps.size() > pending.size() + processes.size();
        ClusterStateChangeReason reason = next == ClusterState.RUNNING ? ClusterStateChangeReason.RUNNING_STEP
                : anyStepEnded ? ClusterStateChangeReason.READY_AFTER_STEPS
                : ClusterStateChangeReason.READY;
        changeCluster(cluster.withStatus(cluster.status().movedTo(next, reason, now)));
    }

    private void changeCluster(Cluster changed) {
        journal.clusterChanged(changed);
        cluster = changed;
    }

    /** Interrupts without letting a faulty runner leave the cluster half changed. */
    private static void interrupt(String stepId, StepProcess process, StepCancellationOption option) {
        try {
            process.interrupt(option);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "interrupting step " + stepId + " failed", e);
        }
    }

    private Step current(String stepId) {
        return steps.get(positions.get(stepId));
    }

    /** Stores the step's new value, and tells the listeners if its state changed. */
    private Step replace(Step changed, Instant now) {
        int position = positions.get(changed.id());
        StepState before = steps.get(position).state();
        journal.stepChanged(id, changed);
        steps.set(position, changed);
        if (changed.state() != before) {
            publish(changed, now);
        }
        return changed;
    }

    private void publish(Step step, Instant now) {
        events.publish(StepEvent.of(id, cluster.name(), step, now));
    }

    private String newStepId() {
        String stepId;
        do {
            stepId = ids.stepId();
        } while (positions.containsKey(stepId));
        return stepId;
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private void locked(Runnable action) {
        locked(() -> {
            action.run();
            return null;
        });
    }

    /** Kills a step's process left from the last run if it still runs, and waits up to {@code wait} for it to be gone. */
    private static void killLeftBehind(OsProcess process, Duration wait) {
        if (process.killIfAlive(wait)) {
            LOG.info(() -> "killed pid " + process.pid() + ", a step's process left from the last run");
        }
    }

    /**
     * The process a recovered step had when the emulator stopped: it may have outlived the emulator,
     * and nobody hears of its end. Interrupting it (a cancel or a shutdown before the cluster
     * resumes) kills it if it still runs, without waiting, as an interrupt runs under the lock.
     */
    private record LeftBehind(Optional<OsProcess> process) implements StepProcess {

        @Override
        public void interrupt(StepCancellationOption option) {
            process.ifPresent(left -> killLeftBehind(left, Duration.ZERO));
        }
    }

    /** Hands the runner's report for one step back to its cluster. */
    private final class Reporter implements StepCallback {

        private final String stepId;

        Reporter(String stepId) {
            this.stepId = stepId;
        }

        @Override
        public void completed() {
            processEnded(stepId, Optional.empty());
        }

        @Override
        public void failed(FailureDetails details) {
            processEnded(stepId, Optional.of(details));
        }
    }
}
