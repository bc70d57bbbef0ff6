package dev.batchapi.local.emr;

import static org.assertj.core.api.Assertions.assertThat;

import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.step.FailureDetails;
import dev.batchapi.local.emr.step.StepState;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.services.emr.EmrClient;
import software.amazon.awssdk.services.emr.model.ActionOnFailure;
import software.amazon.awssdk.services.emr.model.StepConfig;

/**
 * An emulator whose steps really run (spark-submit, flink), with one cluster that writes its step
 * logs under {@code logs}, and the SDK client the product builds: what the Spark and Flink step tests
 * share.
 */
public final class RealSteps implements AutoCloseable {

    public final EmrEmulator emulator;
    public final EmrClient emr;
    public final String cluster;
    public final StepEnds ends;
    private final Path logs;

    /** @param run how long a step may take to end before a test gives up on it */
    public RealSteps(EmrEmulator emulator, Path logs, Duration run) {
        this.emulator = emulator;
        this.logs = logs;
        this.emr = EmrFixture.clientFor(emulator);
        this.cluster = emulator.createCluster(ClusterSpec.named("local").withStepConcurrencyLevel(2)
                .withLogUri(logs.toUri().toString()));
        this.ends = new StepEnds(emulator, cluster, run);
    }

    /** Adds a command-runner.jar step with these arguments, as the product submits a batch; its id. */
    public String add(String... args) {
        return emr.addJobFlowSteps(request -> request.jobFlowId(cluster).steps(StepConfig.builder()
                        .name("step")
                        .actionOnFailure(ActionOnFailure.CONTINUE)
                        .hadoopJarStep(jar -> jar.jar("command-runner.jar").args(args))
                        .build()))
                .stepIds().get(0);
    }

    /** Cancels the step through EMR and waits until it has ended. */
    public void cancelAndAwait(String step) {
        emr.cancelSteps(request -> request.clusterId(cluster).stepIds(step));
        ends.await(step);
    }

    /** Where EMR puts the step's logs: {@code <LogUri><cluster>/steps/<step>/}. */
    public Path directory(String step) {
        return logs.resolve(cluster).resolve("steps").resolve(step);
    }

    public StepState state(String step) {
        return emulator.step(cluster, step).state();
    }

    /** The failure of a step that ended in {@code state}. */
    public FailureDetails failure(String step, StepState state) {
        assertThat(state(step)).isEqualTo(state);
        return emulator.step(cluster, step).failureDetails().orElseThrow();
    }

    @Override
    public void close() {
        emr.close();
        emulator.close();
    }
}
