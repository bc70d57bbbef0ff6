package dev.batchapi.local.emr.cluster;

import dev.batchapi.local.awsjson.AwsServiceException;
import dev.batchapi.local.emr.run.StepRunner;
import dev.batchapi.local.emr.step.Step;
import dev.batchapi.local.emr.step.StepCancellation;
import dev.batchapi.local.emr.step.StepCancellationOption;
import dev.batchapi.local.emr.step.StepConfig;
import dev.batchapi.local.emr.step.StepEventDispatcher;
import dev.batchapi.local.emr.step.StepPage;
import dev.batchapi.local.emr.step.StepQuery;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * All clusters, and the EMR operations on them, one method each, with EMR's errors. Safe to call
 * from any thread: each cluster guards itself.
 */
public final class EmrClusters {

    /** ListSteps takes at most 10 StepIds. */
    static final int MAX_LISTED_STEP_IDS = 10;

    private final Map<String, LiveCluster> clusters = new ConcurrentHashMap<>();
    private final StepRunner runner;
    private final StepEventDispatcher events;
    private final Clock clock;

    public EmrClusters(StepRunner runner, StepEventDispatcher events, Clock clock) {
        this.runner = runner;
        this.events = events;
        this.clock = clock;
    }

    /** RunJobFlow: makes a cluster in {@code spec.initialState()} and adds {@code steps} to it. */
    public Cluster runJobFlow(ClusterSpec spec, List<StepConfig> steps) {
        LiveCluster cluster = register(spec);
        try {
            // Adding also settles the cluster: with AutoTerminate and nothing to run, it ends at once, as on EMR.
            cluster.addSteps(steps, Optional.empty());
        } catch (AwsServiceException rejected) {
            // A refused RunJobFlow answers an error instead of a JobFlowId, so no one could ever use the cluster.
            clusters.remove(cluster.id());
            throw rejected;
        }
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

    private LiveCluster register(ClusterSpec spec) {
        while (true) {
            String id = EmrIds.clusterId();
            Cluster cluster = new Cluster(id, EmrIds.clusterArn(id), spec, ClusterStatus.created(spec.initialState(), clock.instant()));
            LiveCluster live = new LiveCluster(cluster, runner, events, clock);
            if (clusters.putIfAbsent(id, live) == null) {
                return live;
            }
        }
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
