package dev.batchapi.batch;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the engine is asked to run: the resource, its main class (null for PYSPARK), the engine conf
 * (reserved keys already consumed) and the application's arguments.
 */
public record BatchSpec(String resource, String className, Map<String, String> conf, List<String> args) {

    public BatchSpec {
        Objects.requireNonNull(resource, "resource");
        conf = Map.copyOf(conf);
        args = List.copyOf(args);
    }

    public BatchSpec withResource(String newResource) {
        return new BatchSpec(newResource, className, conf, args);
    }
}
