package dev.batchapi.local.emr.cluster;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a cluster is made with: by RunJobFlow, or by a test. Start from {@link #named(String)} and
 * change what the test needs.
 *
 * @param initialState WAITING (ready at once, the default), or STARTING / BOOTSTRAPPING to test a
 *     cluster that is not ready yet: its steps stay PENDING until it is marked ready
 * @param autoTerminate EMR's AutoTerminate (RunJobFlow without KeepJobFlowAliveWhenNoSteps): the
 *     cluster shuts down once it has no step left to run
 */
public record ClusterSpec(
        String name,
        ClusterState initialState,
        int stepConcurrencyLevel,
        Optional<String> logUri,
        Optional<String> releaseLabel,
        List<Application> applications,
        boolean autoTerminate,
        boolean terminationProtected,
        boolean visibleToAllUsers) {

    /** EMR runs 1 to 256 steps at once (StepConcurrencyLevel). */
    public static final int MAX_STEP_CONCURRENCY_LEVEL = 256;

    private static final Set<ClusterState> INITIAL_STATES =
            EnumSet.of(ClusterState.STARTING, ClusterState.BOOTSTRAPPING, ClusterState.WAITING);

    public ClusterSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(logUri, "logUri");
        Objects.requireNonNull(releaseLabel, "releaseLabel");
        applications = List.copyOf(applications);
        if (!INITIAL_STATES.contains(initialState)) {
            throw new IllegalArgumentException("a cluster starts in one of " + INITIAL_STATES + ", not " + initialState);
        }
        if (!isValidStepConcurrencyLevel(stepConcurrencyLevel)) {
            throw new IllegalArgumentException("StepConcurrencyLevel " + stepConcurrencyLevel + " is not within 1-256");
        }
    }

    public static boolean isValidStepConcurrencyLevel(int level) {
        return level >= 1 && level <= MAX_STEP_CONCURRENCY_LEVEL;
    }

    /** A ready (WAITING) cluster running one step at a time, kept alive without steps, as EMR's defaults. */
    public static ClusterSpec named(String name) {
        return new ClusterSpec(name, ClusterState.WAITING, 1, Optional.empty(), Optional.empty(), List.of(),
                false, false, true);
    }

    public ClusterSpec withInitialState(ClusterState state) {
        return new ClusterSpec(name, state, stepConcurrencyLevel, logUri, releaseLabel, applications,
                autoTerminate, terminationProtected, visibleToAllUsers);
    }

    public ClusterSpec withStepConcurrencyLevel(int level) {
        return new ClusterSpec(name, initialState, level, logUri, releaseLabel, applications,
                autoTerminate, terminationProtected, visibleToAllUsers);
    }

    public ClusterSpec withLogUri(String uri) {
        return new ClusterSpec(name, initialState, stepConcurrencyLevel, Optional.of(uri), releaseLabel, applications,
                autoTerminate, terminationProtected, visibleToAllUsers);
    }

    public ClusterSpec withReleaseLabel(String label) {
        return new ClusterSpec(name, initialState, stepConcurrencyLevel, logUri, Optional.of(label), applications,
                autoTerminate, terminationProtected, visibleToAllUsers);
    }

    public ClusterSpec withApplications(List<Application> installed) {
        return new ClusterSpec(name, initialState, stepConcurrencyLevel, logUri, releaseLabel, installed,
                autoTerminate, terminationProtected, visibleToAllUsers);
    }

    public ClusterSpec withAutoTerminate(boolean terminates) {
        return new ClusterSpec(name, initialState, stepConcurrencyLevel, logUri, releaseLabel, applications,
                terminates, terminationProtected, visibleToAllUsers);
    }

    public ClusterSpec withTerminationProtected(boolean protectedFromTermination) {
        return new ClusterSpec(name, initialState, stepConcurrencyLevel, logUri, releaseLabel, applications,
                autoTerminate, protectedFromTermination, visibleToAllUsers);
    }

    public ClusterSpec withVisibleToAllUsers(boolean visible) {
        return new ClusterSpec(name, initialState, stepConcurrencyLevel, logUri, releaseLabel, applications,
                autoTerminate, terminationProtected, visible);
    }
}
