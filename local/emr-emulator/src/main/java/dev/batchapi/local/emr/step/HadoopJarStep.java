package dev.batchapi.local.emr.step;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a step runs: EMR's HadoopJarStepConfig. For our batches the jar is {@code command-runner.jar}
 * and the args are the spark-submit or flink command line.
 *
 * @param properties Java properties for the step, in request order. EMR takes them as a list of
 *     Key/Value pairs and answers them as a map, so a repeated key keeps its last value.
 */
public record HadoopJarStep(String jar, Optional<String> mainClass, List<String> args, Map<String, String> properties) {

    public HadoopJarStep {
        Objects.requireNonNull(jar, "jar");
        Objects.requireNonNull(mainClass, "mainClass");
        args = List.copyOf(args);
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }
}
