package dev.batchapi.local.emr.step;

import java.util.Objects;

/** One step as AddJobFlowSteps or RunJobFlow asks for it (EMR's StepConfig). */
public record StepConfig(String name, ActionOnFailure actionOnFailure, HadoopJarStep hadoopJarStep) {

    public StepConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(actionOnFailure, "actionOnFailure");
        Objects.requireNonNull(hadoopJarStep, "hadoopJarStep");
    }
}
