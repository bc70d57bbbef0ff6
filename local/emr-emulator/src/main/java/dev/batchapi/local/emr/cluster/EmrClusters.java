package dev.batchapi.local.emr.cluster;

import dev.batchapi.local.emr.run.StepRunner;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepCancellation;
import dev.batchapi.local.emr.step.StepCancellationOption;
import dev.batchapi.local.emr.step.StepConfig;
import dev.batchapi.local.emr.step.StepEventDispatcher;
import dev.batchapi.local.emr.step.StepPage;
import dev.batchapi.local.emr.step.StepQuery;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * All clusters, and the EMR operations on them, one method each, with EMR's errors. Safe to call
 * from any thread: each cluster guards itself. Every change is recorded in the {@link ClusterJournal}.
 */
public final class EmrClusters implements AutoCloseable {

    /** ListSteps takes at most 10 StepIds. */
    static final int MAX_LISTED_STEP_IDS = 10;

    private final Map<String, LiveCluster> clusters = new ConcurrentHashMap<>();
    private final StepRunner runner;
    private final StepEventDispatcher events;
    private final Clock clock;
    private final EmrIds ids;
    private final ClusterJournal journal;
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Clusters in memory only. */
    public EmrClusters(StepRunner runner, StepEventDispatcher events, Clock clock) {
        this(runner, events, clock, EmrIds.secure(), ClusterJournal.NONE, List.of());
    }

    /**
     * @param journal where every change from now on is recorded; the clusters own it and close it
     * @param kept the clusters a data directory kept, which hold still until {@link #resume()}
     */
    public EmrClusters(StepRunner runner, StepEventDispatcher events, Clock clock, ClusterJournal journal,
            List<ClusterRecord> kept) {
        this(runner, events, clock, EmrIds.secure(), journal, kept);
    }

    EmrClusters(StepRunner runner, StepEventDispatcher events, Clock clock, EmrIds ids, ClusterJournal journal,
            List<ClusterRecord> kept) {
        this.runner = runner;
        this.events = events;
        this.clock = clock;
        this.ids = ids;
        this.journal = journal;
        kept.forEach(record -> clusters.put(record.cluster().id(),
                LiveCluster.recovered(record, runner, events, clock, ids, journal)));
    }

    /** RunJobFlow: makes a cluster in {@code spec.initialState()} and adds {@code steps} to it. */
    public Cluster runJobFlow(ClusterSpec spec, List<StepConfig> steps) {
        LiveCluster cluster = register(spec, steps);
        // Adding also settles the cluster: with AutoTerminate and nothing to run, it ends at once, as on EMR.
        cluster.addSteps(steps, Optional.empty());
        return cluster.describe();
    }

    public List<String> addJobFlowSteps(String jobFlowId, List<StepConfig> steps, Optional<String> executionRoleArn) {
        return jobFlow(jobFlowId).addSteps(steps, executionRoleArn);
    }

    public Cluster describeCluster(String clusterId) {
        return cluster(clusterId).describe();
    }

    public Step describeStep(String clusterId, String stepId) {
        return cluster(clusterId).step(stepId);
    }

    public StepPage listSteps(String clusterId, StepQuery query) {
        LiveCluster cluster = cluster(clusterId);
        if (!query.stepIds().isEmpty() && !query.states().isEmpty()) {
            throw EmrErrors.stepIdsAndStatesTogether();
        }
        if (query.stepIds().size() > MAX_LISTED_STEP_IDS) {
            throw EmrErrors.tooManyStepIds(MAX_LISTED_STEP_IDS);
        }
        return cluster.listSteps(query);
    }

    public List<StepCancellation> cancelSteps(String clusterId, List<String> stepIds, StepCancellationOption option) {
        return cluster(clusterId).cancelSteps(stepIds, option);
    }

    /** TerminateJobFlows: all or none, so every id is checked before any cluster shuts down. */
    public void terminateJobFlows(List<String> jobFlowIds) {
        List<LiveCluster> targets = jobFlowIds.stream().map(this::jobFlow).toList();
        if (targets.stream().anyMatch(target -> target.describe().spec().terminationProtected())) {
            throw EmrErrors.terminationProtected();
        }
        ClusterStateChangeReason userRequest =
                ClusterStateChangeReason.of(ClusterStateChangeReasonCode.USER_REQUEST, "Terminated by user request");
        targets.forEach(target -> target.terminate(ClusterState.TERMINATED, userRequest));
    }

    /** For tests: shuts the cluster down as EMR would on its own, termination protection or not. */
    public void terminate(String clusterId, ClusterState terminalState, ClusterStateChangeReason reason) {
        cluster(clusterId).terminate(terminalState, reason);
    }

    /** For tests: a STARTING or BOOTSTRAPPING cluster is ready. */
    public void markReady(String clusterId) {
        cluster(clusterId).markReady();
    }

    /** For tests: every step of the cluster in submission order, beyond what ListSteps shows. */
    public List<Step> steps(String clusterId) {
        return cluster(clusterId).steps();
    }

    /** As ModifyCluster's StepConcurrencyLevel. */
    public void modifyStepConcurrencyLevel(String clusterId, int level) {
        cluster(clusterId).modifyStepConcurrencyLevel(level);
    }

    /** The newest cluster of this name that is not terminated, e.g. one a data directory kept. */
    public Optional<Cluster> liveClusterNamed(String name) {
        return clusters.values().stream()
                .map(LiveCluster::describe)
                .filter(cluster -> cluster.name().equals(name) && !cluster.state().isTerminated())
                .max(Comparator.comparing(cluster -> cluster.status().timeline().creation()));
    }

    /** The kept clusters move again (see {@link LiveCluster#resume()}); a second call changes nothing. */
    public void resume() {
        clusters.values().forEach(LiveCluster::resume);
    }

    /**
     * Keeps the clusters as they are now: what the runner reports from here on (it is closed next,
     * and kills the processes) changes nothing, so a step that ran is recovered as one that ran.
     * Then compacts and closes the journal. Closing again changes nothing.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        clusters.values().forEach(LiveCluster::stop);
        try (journal) {
            journal.compact(clusters.values().stream().map(LiveCluster::record).toList());
        }
    }

    /**
     * Makes a cluster under a fresh id and records it. The steps are checked first: a refused
     * RunJobFlow answers an error instead of a JobFlowId, so it leaves no cluster, here or in the journal.
     */
    private synchronized LiveCluster register(ClusterSpec spec, List<StepConfig> steps) {
        String id;
        do {
            id = ids.clusterId();
        } while (clusters.containsKey(id));
        Cluster cluster = new Cluster(id, EmrIds.clusterArn(id), spec, ClusterStatus.created(spec.initialState(), clock.instant()));
        LiveCluster live = new LiveCluster(cluster, runner, events, clock, ids, journal);
        live.checkCanAdd(steps);
        journal.clusterChanged(cluster);
        clusters.put(id, live);
        return live;
    }

    private LiveCluster jobFlow(String jobFlowId) {
        LiveCluster cluster = clusters.get(jobFlowId);
        if (cluster == null) {
            throw EmrErrors.unknownJobFlow();
        }
        return cluster;
    }

    private LiveCluster cluster(String clusterId) {
        LiveCluster cluster = clusters.get(clusterId);
        if (cluster == null) {
            throw EmrErrors.unknownCluster(clusterId);
        }
        return cluster;
    }
}
