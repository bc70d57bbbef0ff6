package dev.batchapi.local.emr.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.emr.Opened;
import dev.batchapi.local.emr.persist.EmrDataDirectory;
import dev.batchapi.local.emr.run.ScriptedStepRunner;
import dev.batchapi.local.emr.step.ActionOnFailure;
import dev.batchapi.local.emr.step.HadoopJarStep;
import dev.batchapi.local.emr.step.StepConfig;
import dev.batchapi.local.emr.step.StepEventDispatcher;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ids after a restart, with ids drawn from a seeded generator: the same seed proposes exactly the
 * ids the last run handed out, which the kept clusters and steps must turn down.
 */
class KeptIdsTest {

    private static final long SEED = 7;
    private static final StepConfig STEP = new StepConfig("batch", ActionOnFailure.CONTINUE,
            new HadoopJarStep("command-runner.jar", Optional.empty(), List.of("spark-submit", "app.jar"), Map.of()));

    @TempDir
    Path dataDirectory;
    @AutoClose
    private final Opened opened = new Opened();

    @Test
    void aClusterIdKeptFromTheLastRunIsNeverHandedOutAgain() {
        String kept;
        try (EmrClusters first = open(new Random(SEED))) {
            kept = first.runJobFlow(ClusterSpec.named("local"), List.of()).id();
        }

        EmrClusters second = open(new Random(SEED));
        String made = second.runJobFlow(ClusterSpec.named("local"), List.of()).id();

        assertThat(new EmrIds(new Random(SEED)).clusterId()).as("the generator's first proposal").isEqualTo(kept);
        assertThat(made).isNotEqualTo(kept);
        assertThat(second.describeCluster(kept).id()).isEqualTo(kept);
    }

    @Test
    void aStepIdKeptFromTheLastRunIsNeverHandedOutAgain() {
        String clusterId;
        String kept;
        Random first = new Random(SEED);
        try (EmrClusters clusters = open(first)) {
            clusterId = clusters.runJobFlow(ClusterSpec.named("local"), List.of()).id();
            kept = clusters.addJobFlowSteps(clusterId, List.of(STEP), Optional.empty()).get(0);
        }
        // Past the cluster's id, the generator proposes the kept step's id next.
        Random replay = new Random(SEED);
        new EmrIds(replay).clusterId();

        EmrClusters second = open(replay);
        String added = second.addJobFlowSteps(clusterId, List.of(STEP), Optional.empty()).get(0);

        assertThat(added).isNotEqualTo(kept);
        assertThat(second.steps(clusterId)).extracting(step -> step.id()).containsExactly(kept, added);
    }

    private EmrClusters open(Random random) {
        ScriptedStepRunner runner = new ScriptedStepRunner();
        StepEventDispatcher events = new StepEventDispatcher();
        EmrDataDirectory directory = EmrDataDirectory.open(dataDirectory);
        EmrClusters clusters = new EmrClusters(runner, events, Clock.systemUTC(), new EmrIds(random), directory,
                directory.recovered());
        opened.add(events);
        opened.add(runner);
        opened.add(clusters);
        return clusters;
    }
}
