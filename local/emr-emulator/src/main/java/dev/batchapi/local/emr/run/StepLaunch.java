package dev.batchapi.local.emr.run;

import dev.batchapi.local.emr.step.HadoopJarStep;
import java.util.Objects;
import java.util.Optional;

/** Everything a {@link StepRunner} needs to run one step. */
public record StepLaunch(
        String clusterId,
        String stepId,
        String name,
        HadoopJarStep hadoopJarStep,
        Optional<String> executionRoleArn,
        Optional<String> logUri) {

    public StepLaunch {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hadoopJarStep, "hadoopJarStep");
        Objects.requireNonNull(executionRoleArn, "executionRoleArn");
        Objects.requireNonNull(logUri, "logUri");
    }
}
