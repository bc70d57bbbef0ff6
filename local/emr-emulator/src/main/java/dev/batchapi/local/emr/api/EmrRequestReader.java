package dev.batchapi.local.emr.api;

import dev.batchapi.local.emr.cluster.Application;
import dev.batchapi.local.emr.cluster.ClusterSpec;
import dev.batchapi.local.emr.cluster.EmrErrors;
import dev.batchapi.local.emr.step.ActionOnFailure;
import dev.batchapi.local.emr.step.HadoopJarStep;
import dev.batchapi.local.emr.step.StepConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the request shapes of EMR (StepConfig, RunJobFlow's cluster settings) into the emulator's values. */
final class EmrRequestReader {

    /** StepConfig.Name is at most 256 characters. */
    private static final int MAX_STEP_NAME_LENGTH = 256;

    /**
     * What a step without ActionOnFailure gets. The API reference names no default, so the
     * emulator assumes the harsh one: a product that forgets to say CONTINUE finds out here, not in
     * production.
     */
    private static final ActionOnFailure DEFAULT_ACTION_ON_FAILURE = ActionOnFailure.TERMINATE_CLUSTER;

    private EmrRequestReader() {
    }

    static List<StepConfig> stepConfigs(List<JsonRequest> steps) {
        return steps.stream().map(EmrRequestReader::stepConfig).toList();
    }

    /** RunJobFlow's cluster: ready at once, since the emulator has no instances to bootstrap. */
    static ClusterSpec clusterSpec(JsonRequest runJobFlow) {
        JsonRequest instances = runJobFlow.requiredObject("Instances");
        int level = runJobFlow.optionalInt("StepConcurrencyLevel").orElse(1);
        if (!ClusterSpec.isValidStepConcurrencyLevel(level)) {
            throw EmrErrors.validation("StepConcurrencyLevel must be between 1 and " + ClusterSpec.MAX_STEP_CONCURRENCY_LEVEL
                    + ", not " + level + ".");
        }
        ClusterSpec spec = ClusterSpec.named(runJobFlow.requiredString("Name"))
                .withStepConcurrencyLevel(level)
                .withApplications(runJobFlow.objects("Applications").stream()
                        .map(application -> new Application(application.requiredString("Name"), application.optionalString("Version")))
                        .toList())
                // Without KeepJobFlowAliveWhenNoSteps, EMR ends the cluster once its steps are done.
                .withAutoTerminate(!instances.optionalBoolean("KeepJobFlowAliveWhenNoSteps").orElse(false))
                .withTerminationProtected(instances.optionalBoolean("TerminationProtected").orElse(false))
                .withVisibleToAllUsers(runJobFlow.optionalBoolean("VisibleToAllUsers").orElse(true));
        spec = runJobFlow.optionalString("LogUri").map(spec::withLogUri).orElse(spec);
        return runJobFlow.optionalString("ReleaseLabel").map(spec::withReleaseLabel).orElse(spec);
    }

    private static StepConfig stepConfig(JsonRequest step) {
        return new StepConfig(
                step.requiredString("Name", MAX_STEP_NAME_LENGTH),
                step.optionalEnum("ActionOnFailure", ActionOnFailure.class).orElse(DEFAULT_ACTION_ON_FAILURE),
                hadoopJarStep(step.requiredObject("HadoopJarStep")));
    }

    private static HadoopJarStep hadoopJarStep(JsonRequest jarStep) {
        // Properties come as a list of Key/Value pairs; EMR answers them as a map, the last value winning.
        Map<String, String> properties = new LinkedHashMap<>();
        jarStep.objects("Properties").forEach(property ->
                properties.put(property.requiredString("Key"), property.optionalString("Value").orElse("")));
        return new HadoopJarStep(jarStep.requiredString("Jar"), jarStep.optionalString("MainClass"),
                jarStep.strings("Args"), properties);
    }
}
