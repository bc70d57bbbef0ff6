package dev.batchapi.local.emr.cluster;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

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
        return copy(spec -> spec.initialState = state);
    }

    public ClusterSpec withStepConcurrencyLevel(int level) {
        return copy(spec -> spec.stepConcurrencyLevel = level);
    }

    public ClusterSpec withLogUri(String uri) {
        return copy(spec -> spec.logUri = Optional.of(uri));
    }

    public ClusterSpec withReleaseLabel(String label) {
        return copy(spec -> spec.releaseLabel = Optional.of(label));
    }

    public ClusterSpec withApplications(List<Application> installed) {
        return copy(spec -> spec.applications = installed);
    }

    public ClusterSpec withAutoTerminate(boolean terminates) {
        return copy(spec -> spec.autoTerminate = terminates);
    }

    public ClusterSpec withTerminationProtected(boolean protectedFromTermination) {
        return copy(spec -> spec.terminationProtected = protectedFromTermination);
    }

    public ClusterSpec withVisibleToAllUsers(boolean visible) {
        return copy(spec -> spec.visibleToAllUsers = visible);
    }

    /** This spec with {@code change} made: each {@code with} method names only the component it changes. */
    private ClusterSpec copy(Consumer<Draft> change) {
        Draft draft = new Draft(this);
        change.accept(draft);
        return draft.build();
    }

    /** The components of a spec being copied; the record's constructor checks them again. */
    private static final class Draft {
        private final String name;
        private ClusterState initialState;
        private int stepConcurrencyLevel;
        private Optional<String> logUri;
        private Optional<String> releaseLabel;
        private List<Application> applications;
        private boolean autoTerminate;
        private boolean terminationProtected;
        private boolean visibleToAllUsers;

        Draft(ClusterSpec spec) {
            name = spec.name;
            initialState = spec.initialState;
            stepConcurrencyLevel = spec.stepConcurrencyLevel;
            logUri = spec.logUri;
            releaseLabel = spec.releaseLabel;
            applications = spec.applications;
            autoTerminate = spec.autoTerminate;
            terminationProtected = spec.terminationProtected;
            visibleToAllUsers = spec.visibleToAllUsers;
        }

        ClusterSpec build() {
            return new ClusterSpec(name, initialState, stepConcurrencyLevel, logUri, releaseLabel, applications,
                    autoTerminate, terminationProtected, visibleToAllUsers);
        }
    }
}
