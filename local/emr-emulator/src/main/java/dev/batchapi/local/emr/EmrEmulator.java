package dev.batchapi.local.emr;

import dev.batchapi.local.awsjson.AwsJsonServer;
import dev.batchapi.local.emr.api.EmrFault;
import dev.batchapi.local.emr.api.EmrJsonService;
import dev.batchapi.local.emr.api.EmrOperation;
import dev.batchapi.local.emr.cluster.Cluster;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.cluster.ClusterState;
import dev.batchapi.local.emr.cluster.ClusterStateChangeReason;
import dev.batchapi.local.emr.cluster.EmrClusters;
import dev.batchapi.local.emr.persist.EmrDataDirectory;
import dev.batchapi.local.emr.run.StepRunner;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepEventDispatcher;
import dev.batchapi.local.emr.step.StepListener;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The EMR stand-in: serves the EMR API on 127.0.0.1 for the AWS SDK's {@code EmrClient}, and lets
 * a test set up clusters, watch steps and make calls fail. Steps run on the given {@link StepRunner}:
 * a {@link dev.batchapi.local.emr.run.ScriptedStepRunner} in tests. Clusters and steps live in
 * memory ({@link #start}), or in a data directory that a restart reads back ({@link #persistent}).
 */
public final class EmrEmulator implements AutoCloseable {

    private final StepRunner runner;
    private final StepEventDispatcher events;
    private final EmrClusters clusters;
    private final AwsJsonServer server;

    private EmrEmulator(StepRunner runner, StepEventDispatcher events, EmrClusters clusters, AwsJsonServer server) {
        this.runner = runner;
        this.events = events;
        this.clusters = clusters;
        this.server = server;
    }

    /** Serves on a free port; the emulator owns {@code runner} from now on and closes it. */
    public static EmrEmulator start(StepRunner runner) {
        return start(runner, 0);
    }

    /**
     * Serves on {@code port} (0: a free one); the emulator owns {@code runner} from now on and closes
     * it, even when it cannot serve (the port is taken).
     */
    public static EmrEmulator start(StepRunner runner, int port) {
        return start(runner, port, events -> new EmrClusters(runner, events, Clock.systemUTC()));
    }

    /**
     * Serves on a free port the clusters and steps kept in {@code dataDirectory} (none the first
     * time), and keeps every change there: ids, states, timelines and failure details survive a
     * restart, even after a crash ({@code kill -9}). What was recovered holds still until
     * {@link #resume()}, so that the listeners added in between hear what resuming changes. The
     * emulator owns {@code runner} from now on and closes it, even when it cannot start.
     */
    public static EmrEmulator persistent(Path dataDirectory, StepRunner runner) {
        return start(runner, 0, events -> {
            EmrDataDirectory directory = EmrDataDirectory.open(dataDirectory);
            return new EmrClusters(runner, events, Clock.systemUTC(), directory, directory.recovered());
        });
    }

    private static EmrEmulator start(StepRunner runner, int port, Function<StepEventDispatcher, EmrClusters> clustersOf) {
        StepEventDispatcher events = new StepEventDispatcher();
        EmrClusters clusters = null;
        try {
            clusters = clustersOf.apply(events);
            return new EmrEmulator(runner, events, clusters, AwsJsonServer.start(new EmrJsonService(clusters), port));
        } catch (RuntimeException e) {
            try (events; runner; EmrClusters opened = clusters) {
                // Nothing to do: leaving the block closes the clusters, the runner, then the events.
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    public URI endpoint() {
        return server.endpoint();
    }

    /** The HTTP side, e.g. for {@code callCount("ListSteps")}: how many EMR calls the code under test made. */
    public AwsJsonServer server() {
        return server;
    }

    /** Makes a cluster as RunJobFlow would, without steps; returns its id. */
    public String createCluster(ClusterSpec spec) {
        return clusters.runJobFlow(spec, List.of()).id();
    }

    /**
     * Lets what a persistent emulator recovered move again. A step that was RUNNING when the emulator
     * stopped is FAILED, saying the local stack stopped while it ran (one that was CANCEL_PENDING is
     * CANCELLED), and its process is killed if it outlived the emulator; the PENDING steps start in
     * their turn. Each change reaches the step listeners. A second call, a call on an emulator in
     * memory, or one once the emulator closed changes nothing.
     */
    public void resume() {
        clusters.resume();
    }

    /** The newest cluster of this name that is not terminated: e.g. one that a previous run made. */
    public Optional<Cluster> liveClusterNamed(String name) {
        return clusters.liveClusterNamed(name);
    }

    /** As ModifyCluster's StepConcurrencyLevel (1-256): pending steps start at once if the new level lets them. */
    public void modifyStepConcurrencyLevel(String clusterId, int level) {
        clusters.modifyStepConcurrencyLevel(clusterId, level);
    }

    /** A cluster made STARTING or BOOTSTRAPPING is ready: WAITING, and its pending steps start. */
    public void markClusterReady(String clusterId) {
        clusters.markReady(clusterId);
    }

    /**
     * Shuts the cluster down as EMR does on its own (a failure, an idle timeout, another user):
     * pending steps CANCELLED, running ones INTERRUPTED. Termination protection does not apply.
     *
     * @param terminalState TERMINATED or TERMINATED_WITH_ERRORS
     */
    public void terminateCluster(String clusterId, ClusterState terminalState, ClusterStateChangeReason reason) {
        clusters.terminate(clusterId, terminalState, reason);
    }

    public Cluster cluster(String clusterId) {
        return clusters.describeCluster(clusterId);
    }

    /** Every step of the cluster, oldest first; each a snapshot. */
    public List<Step> steps(String clusterId) {
        return clusters.steps(clusterId);
    }

    public Step step(String clusterId, String stepId) {
        return clusters.describeStep(clusterId, stepId);
    }

    /** The step with this name (the newest one, if the name was used more than once). */
    public Optional<Step> stepNamed(String clusterId, String name) {
        List<Step> steps = steps(clusterId);
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i).name().equals(name)) {
                return Optional.of(steps.get(i));
            }
        }
        return Optional.empty();
    }

    /** {@code listener} hears every step state change from now on, in order, on the emulator's event thread. */
    public void addStepListener(StepListener listener) {
        events.addListener(listener);
    }

    /** The next call of {@code operation} fails with {@code fault}. */
    public void failNext(EmrOperation operation, EmrFault fault) {
        failNext(operation, 1, fault);
    }

    /** The next {@code calls} calls of {@code operation} fail with {@code fault}; SDK retries count as calls. */
    public void failNext(EmrOperation operation, int calls, EmrFault fault) {
        server.failNext(operation.wireName(), calls, fault.toAwsFault());
    }

    /**
     * Stops taking calls first; then keeps the clusters as they are (a persistent emulator writes them
     * out: a step that runs is recovered as one that ran); then stops the steps, then the events they
     * caused; each even if one before fails.
     */
    @Override
    public void close() {
        try (events; runner; clusters; server) {
            // Nothing to do: leaving the block closes the resources in the reverse of their order above.
        }
    }
}
