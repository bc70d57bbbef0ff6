package dev.batchapi.local.emr;

import dev.batchapi.local.emr.step.StepState;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** Waits for steps of one cluster to end, as EMR's step events announce it, for tests of real step runs. */
public final class StepEnds {

    private final EmrEmulator emulator;
    private final String cluster;
    private final Duration bound;
    private final Map<String, CompletableFuture<StepState>> ends = new ConcurrentHashMap<>();

    /** Listens to {@code emulator}'s steps of {@code cluster}; a wait gives up after {@code bound}. */
    public StepEnds(EmrEmulator emulator, String cluster, Duration bound) {
        this.emulator = emulator;
        this.cluster = cluster;
        this.bound = bound;
        // The emulator's events are every cluster's; a step of another cluster is not this one's to look up.
        emulator.addStepListener(event -> {
            if (event.clusterId().equals(cluster) && event.state().isTerminal()) {
                end(event.stepId()).complete(event.state());
            }
        });
    }

    /** Waits for the step's end; fails the test if it has not ended within the bound. */
    public void await(String step) {
        try {
            ended(step).get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("step " + step + " did not end: " + emulator.step(cluster, step).state(), e);
        }
    }

    private CompletableFuture<StepState> end(String step) {
        return ends.computeIfAbsent(step, id -> new CompletableFuture<>());
    }

    private CompletableFuture<StepState> ended(String step) {
        CompletableFuture<StepState> end = end(step);
        // the step may have ended before anyone waited
        StepState state = emulator.step(cluster, step).state();
        if (state.isTerminal()) {
            end.complete(state);
        }
        return end;
    }
}
